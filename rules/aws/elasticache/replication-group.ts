// Shared by the ElastiCache rules: which replication groups take their encryption settings from elsewhere.

import type { Resource } from '../../api';
import { presence } from '../../helpers';
import { getPath } from '../../../server/src/model/value';

/**
 * True when the group joins a global datastore as a secondary: its engine and encryption settings are
 * inherited from the global datastore's primary, so they are checked there.
 */
export function isGlobalSecondary(resource: Resource): boolean {
  const path = resource.family === 'cloudformation' ? ['Properties', 'GlobalReplicationGroupId'] : ['global_replication_group_id'];
  return presence(getPath(resource.body, path)) === 'yes';
}
