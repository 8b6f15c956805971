// RDS DB instances and DB clusters must have deletion protection, so one mistaken destroy cannot drop ePHI.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, expectBoolean } from '../../helpers';
import { reportingFix } from '../fixes';
import { clusterMember } from './cloudformation-db';

/** Deletion protection is changed in place and only blocks deletes: safe to apply unreviewed. */
function protectFix(title: string, path: string[]): Fix {
  return { title, safe: true, actions: [{ kind: 'set', path, value: true }] };
}

const TERRAFORM_FIX = protectFix('Set deletion_protection = true', ['deletion_protection']);
const TEMPLATE_FIX = protectFix('Set DeletionProtection: true', ['Properties', 'DeletionProtection']);

/** CloudFormation: DeletionProtection defaults to false; an instance in a DB cluster is protected by the cluster. */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const cluster = resource.type === 'AWS::RDS::DBCluster';
  const member = cluster ? 'no' : clusterMember(resource);
  if (member === 'yes') return;
  const name = describe(cluster ? 'RDS cluster' : 'RDS instance', resource);
  let failed = false;
  const probe: RuleContext = member === 'no' ? reportingFix(context, TEMPLATE_FIX) : { ...context, report: () => void (failed = true) };
  expectBoolean(resource, probe, ['Properties', 'DeletionProtection'], true, false, {
    missing: `${name} can be deleted without safeguard: DeletionProtection is not set (it defaults to false)`,
    wrong: `${name} can be deleted without safeguard: DeletionProtection is false`,
  });
  // Whether DeletionProtection applies at all depends on a cluster membership that is not known.
  if (failed) context.notEvaluable('DBClusterIdentifier is not known: a cluster member is protected by its cluster');
}

/** RDS instance / cluster deletion protection enabled. */
export default defineRule({
  id: 'aws-rds-deletion-protection',
  title: 'RDS DB instances and clusters have deletion protection enabled',
  description:
    'Without deletion protection a single `terraform destroy`, a renamed resource or a console click deletes the ' +
    'database, and with `skip_final_snapshot` or `delete_automated_backups` its recovery points go with it. ' +
    'Deletion protection makes the delete fail until someone deliberately turns it off, which protects the ' +
    'availability of ePHI that the contingency plan depends on. In CloudFormation it also stops a stack update ' +
    'that would replace or remove the database; instances inside an Aurora cluster are protected by the ' +
    'cluster\'s setting, so the rule checks the `AWS::RDS::DBCluster` for them.',
  remediation:
    'Set `deletion_protection = true`. It is changed in place; to delete the database later, first apply ' +
    '`deletion_protection = false`.\n\n' +
    '```hcl\nresource "aws_rds_cluster" "records" {\n  # ...\n  deletion_protection = true\n}\n```\n\n' +
    'In CloudFormation, set `DeletionProtection` (and keep a `Snapshot` or `Retain` deletion policy as a second ' +
    'line of defence):\n\n' +
    '```yaml\nRecordsCluster:\n  Type: AWS::RDS::DBCluster\n  DeletionPolicy: Snapshot\n  UpdateReplacePolicy: Snapshot\n  Properties:\n    # ...\n    DeletionProtection: true\n```',
  severity: 'warning',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(C)'],
  iso27017: ['12.3.1', '17.2.1'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster'], cloudformation: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_293', 'CKV_AWS_139'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster' ? 'RDS cluster' : 'RDS instance';
    expectBoolean(resource, reportingFix(context, TERRAFORM_FIX), ['deletion_protection'], true, false, {
      missing: `${describe(kind, resource)} can be deleted without safeguard: deletion_protection is not set`,
      wrong: `${describe(kind, resource)} can be deleted without safeguard: deletion_protection is false`,
    });
  },
  cloudformation: checkTemplate,
});
