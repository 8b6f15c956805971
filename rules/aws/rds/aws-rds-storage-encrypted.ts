// RDS instances and Aurora clusters must encrypt their storage: databases hold most structured ePHI.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, expectBoolean, judge, presence, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { at, clusterMember, property, readReplica } from './cloudformation-db';

const STORAGE_ENCRYPTED = at('StorageEncrypted');

/** Encryption is fixed at creation: turning it on replaces the database (data is not carried over). */
const REPLACEMENT_NOTE = 'forces replacement: migrate via an encrypted snapshot copy';

/** Sets the encryption flag at `path` to true; a suggestion, since it replaces the database. */
function encryptFix(title: string, path: string[]): Fix {
  return { title, safe: false, note: REPLACEMENT_NOTE, actions: [{ kind: 'set', path, value: true }] };
}

const TERRAFORM_FIX = encryptFix('Set storage_encrypted = true', ['storage_encrypted']);
const TEMPLATE_FIX = encryptFix('Set StorageEncrypted: true', STORAGE_ENCRYPTED);

/** CloudFormation: StorageEncrypted defaults to false; members, replicas and restores inherit it. */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const cluster = resource.type === 'AWS::RDS::DBCluster';
  const name = describe(cluster ? 'RDS cluster' : 'RDS instance', resource);
  // Aurora Serverless v1 clusters are always encrypted, whatever the property says.
  if (cluster && asString(property(resource, 'EngineMode'))?.toLowerCase() === 'serverless') return;
  // A cluster member is encrypted by its cluster, a read replica like its source: checked there.
  const inherited = cluster ? [] : [clusterMember(resource), readReplica(resource)];
  if (inherited.includes('yes')) return;

  const value = getPath(resource.body, STORAGE_ENCRYPTED);
  const verdict = judge(value, (item) => {
    if (item === undefined) return 'fail';
    const encrypted = asBool(item);
    return encrypted === undefined ? 'unknown' : encrypted ? 'pass' : 'fail';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    context.notEvaluable(reasonOf(value!, STORAGE_ENCRYPTED), STORAGE_ENCRYPTED);
    return;
  }
  if (inherited.includes('unknown')) {
    context.notEvaluable('DBClusterIdentifier or SourceDBInstanceIdentifier is not known: the instance may inherit its encryption');
    return;
  }
  // A database restored from a snapshot is encrypted when the snapshot is, whatever StorageEncrypted says.
  const snapshot = (cluster ? ['SnapshotIdentifier', 'SourceDBClusterIdentifier'] : ['DBSnapshotIdentifier']).find(
    (key) => presence(property(resource, key)) !== 'no',
  );
  if (snapshot) {
    context.notEvaluable(`${snapshot} is set: the restored database is encrypted if its source is`);
    return;
  }
  if (value === undefined) context.report(`${name} stores data unencrypted: StorageEncrypted is not set (it defaults to false)`, undefined, TEMPLATE_FIX);
  else context.report(`${name} stores data unencrypted: StorageEncrypted is false`, STORAGE_ENCRYPTED, TEMPLATE_FIX);
}

/** RDS / Aurora storage encrypted at rest. */
export default defineRule({
  id: 'aws-rds-storage-encrypted',
  title: 'RDS instances and Aurora clusters encrypt storage at rest',
  description:
    'Relational databases usually hold the bulk of structured ePHI (patient records, claims, results). ' +
    'Unencrypted storage, snapshots and read replicas expose that data to anyone who obtains the volume or a ' +
    'snapshot copy. Encryption cannot be switched on for an existing instance in place, so it must be right ' +
    'when the database is created.',
  remediation:
    'Set `storage_encrypted = true` (and preferably `kms_key_id` to a customer-managed key). On an existing ' +
    'database this forces a replacement: restore from an encrypted snapshot copy to migrate the data.\n\n' +
    'In CloudFormation, set `StorageEncrypted` on the `AWS::RDS::DBInstance` (or, for Aurora, on the ' +
    '`AWS::RDS::DBCluster`; its member instances inherit it):\n\n' +
    '```yaml\nPatientsDb:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    StorageEncrypted: true\n    KmsKeyId: !GetAtt DatabaseKey.Arn\n```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '10.1.2', '18.1.4'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster'], cloudformation: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_16', 'CKV_AWS_96'], tfsec: ['aws-rds-encrypt-instance-storage-data', 'aws-rds-encrypt-cluster-storage-data'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster' ? 'Aurora cluster' : 'RDS instance';
    // Aurora Serverless v1 clusters are always encrypted, whatever the attribute says.
    if (resource.type === 'aws_rds_cluster' && asString(getPath(resource.body, ['engine_mode'])) === 'serverless') return;
    const withFix: RuleContext = { ...context, report: (message, path) => context.report(message, path, TERRAFORM_FIX) };
    expectBoolean(resource, withFix, ['storage_encrypted'], true, false, {
      missing: `${describe(kind, resource)} stores data unencrypted: storage_encrypted is not set`,
      wrong: `${describe(kind, resource)} stores data unencrypted: storage_encrypted is false`,
    });
  },
  cloudformation: checkTemplate,
});
