// RDS DB instances and DB clusters must keep automated backups (a backup retention period of at least one day).

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, judge, presence, reasonOf, type Verdict } from '../../helpers';
import { asNumber, asString, getPath } from '../../../server/src/model/value';
import { at, clusterMember, property, readReplica } from './cloudformation-db';

const PATH = ['backup_retention_period'];
const RETENTION = at('BackupRetentionPeriod');
/** The period the fixes set: a common baseline, which the user's backup policy may raise. */
const BASELINE_DAYS = 7;
const BASELINE_NOTE = `${BASELINE_DAYS} days is a common baseline: set the period your backup policy requires (1-35)`;

/**
 * Sets the retention period to the baseline. On a DB instance, turning backups on from 0 restarts it,
 * so that fix needs a maintenance window; a cluster's period changes in place.
 */
function retentionFix(title: string, path: string[], instance: boolean): Fix {
  const restart = 'restarts the instance (a brief outage) when backups go from off to on: apply in a maintenance window';
  const note = instance ? `${restart}; ${BASELINE_NOTE}` : BASELINE_NOTE;
  return { title, safe: !instance, note, actions: [{ kind: 'set', path, value: BASELINE_DAYS }] };
}

const TERRAFORM_INSTANCE_FIX = retentionFix(`Set backup_retention_period = ${BASELINE_DAYS}`, PATH, true);
const TERRAFORM_CLUSTER_FIX = retentionFix(`Set backup_retention_period = ${BASELINE_DAYS}`, PATH, false);
const TEMPLATE_INSTANCE_FIX = retentionFix(`Set BackupRetentionPeriod: ${BASELINE_DAYS}`, RETENTION, true);
const TEMPLATE_CLUSTER_FIX = retentionFix(`Set BackupRetentionPeriod: ${BASELINE_DAYS}`, RETENTION, false);

/** DBInstance properties that make it a restore, which inherits the retention period of its source when unset. */
const RESTORE_PROPERTIES = [
  'DBSnapshotIdentifier',
  'DBClusterSnapshotIdentifier',
  'RestoreTime',
  'UseLatestRestorableTime',
  'SourceDBInstanceAutomatedBackupsArn',
  'SourceDbiResourceId',
];

/** CloudFormation: BackupRetentionPeriod defaults to 1 day on both types, so only an explicit 0 fails. */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const cluster = resource.type === 'AWS::RDS::DBCluster';
  const restore = cluster ? undefined : RESTORE_PROPERTIES.find((key) => presence(property(resource, key)) !== 'no');
  // Cluster members keep the cluster's backups; read replicas are backed up through their source.
  if (!cluster && (clusterMember(resource) === 'yes' || (readReplica(resource) === 'yes' && !restore))) return;
  const value = getPath(resource.body, RETENTION);
  if (value === undefined) {
    // A restore without a period inherits its source's, which may be 0.
    if (restore) context.notEvaluable(`BackupRetentionPeriod is not set: the instance restored through ${restore} inherits its source's period`);
    return;
  }
  const verdict = judge(value, (item): Verdict => {
    if (item === undefined) return 'pass';
    const days = asNumber(item);
    return days === undefined ? 'unknown' : days >= 1 ? 'pass' : 'fail';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    context.notEvaluable(reasonOf(value, RETENTION), RETENTION);
    return;
  }
  const name = describe(cluster ? 'RDS cluster' : 'RDS instance', resource);
  const days = asNumber(value);
  const fix = cluster ? TEMPLATE_CLUSTER_FIX : TEMPLATE_INSTANCE_FIX;
  context.report(`${name} keeps no automated backups: BackupRetentionPeriod is ${days ?? 0}`, RETENTION, fix);
}

/** RDS automated backups enabled. */
export default defineRule({
  id: 'aws-rds-backup-retention',
  title: 'RDS DB instances and clusters keep automated backups',
  description:
    'Automated backups (daily snapshots plus transaction logs) are what lets a database holding ePHI be restored ' +
    'to a point in time after corruption, ransomware or an accidental delete. A retention period of 0 turns them ' +
    'off entirely, and for `aws_db_instance` 0 is what Terraform sends when `backup_retention_period` is left out. ' +
    'CloudFormation instead leaves the RDS default of one day in place when `BackupRetentionPeriod` is omitted, ' +
    'so there only an explicit 0 fails. The HIPAA data backup plan is a required implementation specification.',
  remediation:
    'Set `backup_retention_period` to the number of days your backup policy requires (1-35; 7 or more is a ' +
    'common baseline). Changing an instance from 0 to a positive value restarts it, so apply it in a maintenance ' +
    'window.\n\n' +
    '```hcl\nresource "aws_db_instance" "clinical" {\n  # ...\n  backup_retention_period = 14\n  backup_window           = "03:00-04:00"\n}\n```\n\n' +
    'Aurora and Multi-AZ DB clusters (`aws_rds_cluster`) always keep at least one day; set a longer period there ' +
    'as your policy requires. Read replicas are not checked: their source keeps the backups.\n\n' +
    'In CloudFormation, remove `BackupRetentionPeriod: 0` or set the period your policy requires (Aurora instances ' +
    'take it from their `AWS::RDS::DBCluster`):\n\n' +
    '```yaml\nClinicalDb:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    BackupRetentionPeriod: 14\n    PreferredBackupWindow: "03:00-04:00"\n```',
  severity: 'error',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)'],
  iso27017: ['12.3.1'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster'], cloudformation: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_133'] },
  terraform(resource, context) {
    const value = getPath(resource.body, PATH);
    if (resource.type === 'aws_rds_cluster') {
      // Clusters default to 1 day and the API accepts only 1-35, so only an explicit 0 can fail.
      if (value === undefined) return;
      const days = asNumber(value);
      if (days === undefined) context.notEvaluable(reasonOf(value, PATH), PATH);
      else if (days < 1) {
        const name = describe('RDS cluster', resource);
        context.report(`${name} keeps no automated backups: backup_retention_period is ${days}`, PATH, TERRAFORM_CLUSTER_FIX);
      }
      return;
    }

    const name = describe('RDS instance', resource);
    // A read replica's backups are taken on its source; Aurora members inherit the cluster's setting.
    const replicaValue = getPath(resource.body, ['replicate_source_db']);
    const replica = presence(replicaValue);
    if (replica === 'yes') return;
    if (asString(getPath(resource.body, ['engine']))?.toLowerCase().startsWith('aurora')) return;

    const days = value === undefined ? 0 : asNumber(value);
    if (days === undefined) {
      context.notEvaluable(reasonOf(value!, PATH), PATH);
      return;
    }
    if (days >= 1) return;
    if (replica === 'unknown') {
      context.notEvaluable(reasonOf(replicaValue!, ['replicate_source_db']), ['replicate_source_db']);
      return;
    }
    if (value === undefined) {
      // A restored instance inherits the retention period of its snapshot or source when none is set.
      const restored = ['snapshot_identifier', 'restore_to_point_in_time'].some((key) => presence(getPath(resource.body, [key])) !== 'no');
      if (restored) {
        context.notEvaluable('backup_retention_period is not set: a restored instance inherits it from its snapshot or source');
        return;
      }
      context.report(`${name} keeps no automated backups: backup_retention_period is not set (Terraform sends 0)`, undefined, TERRAFORM_INSTANCE_FIX);
      return;
    }
    context.report(`${name} keeps no automated backups: backup_retention_period is ${days}`, PATH, TERRAFORM_INSTANCE_FIX);
  },
  cloudformation: checkTemplate,
});
