// Shared by the RDS rules' CloudFormation handlers: which AWS::RDS::DBInstance resources take a setting
// from somewhere else (their Aurora cluster, their replication source) instead of their own properties.

import type { Resource } from '../../api';
import { presence } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';

/** 'yes' / 'no' / 'unknown' answers about a DB instance. */
export type Answer = 'yes' | 'no' | 'unknown';

/** The value at `Properties.<name>`. */
export function property(resource: Resource, name: string) {
  return getPath(resource.body, ['Properties', name]);
}

/**
 * Whether a DB instance is a member of an Aurora (or other) DB cluster: it names a DBClusterIdentifier or
 * uses an aurora engine. For members, storage, backups and deletion protection are the cluster's settings.
 */
export function clusterMember(resource: Resource): Answer {
  if (asString(property(resource, 'Engine'))?.toLowerCase().startsWith('aurora')) return 'yes';
  return presence(property(resource, 'DBClusterIdentifier'));
}

/** Whether a DB instance is a read replica (SourceDBInstanceIdentifier set): it inherits from its source. */
export function readReplica(resource: Resource): Answer {
  return presence(property(resource, 'SourceDBInstanceIdentifier'));
}

/** `Properties.<name>` as a path, for reports. */
export function at(name: string): string[] {
  return ['Properties', name];
}
