// RDS DB instances and DB clusters must have deletion protection, so one mistaken destroy cannot drop ePHI.

import { defineRule } from '../../api';
import { describe, expectBoolean } from '../../helpers';

/** RDS instance / cluster deletion protection enabled. */
export default defineRule({
  id: 'aws-rds-deletion-protection',
  title: 'RDS DB instances and clusters have deletion protection enabled',
  description:
    'Without deletion protection a single `terraform destroy`, a renamed resource or a console click deletes the ' +
    'database, and with `skip_final_snapshot` or `delete_automated_backups` its recovery points go with it. ' +
    'Deletion protection makes the delete fail until someone deliberately turns it off, which protects the ' +
    'availability of ePHI that the contingency plan depends on.',
  remediation:
    'Set `deletion_protection = true`. It is changed in place; to delete the database later, first apply ' +
    '`deletion_protection = false`.\n\n' +
    '```hcl\nresource "aws_rds_cluster" "records" {\n  # ...\n  deletion_protection = true\n}\n```',
  severity: 'warning',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(C)'],
  iso27017: ['12.3.1', '17.2.1'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_293', 'CKV_AWS_139'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster' ? 'RDS cluster' : 'RDS instance';
    expectBoolean(resource, context, ['deletion_protection'], true, false, {
      missing: `${describe(kind, resource)} can be deleted without safeguard: deletion_protection is not set`,
      wrong: `${describe(kind, resource)} can be deleted without safeguard: deletion_protection is false`,
    });
  },
});
