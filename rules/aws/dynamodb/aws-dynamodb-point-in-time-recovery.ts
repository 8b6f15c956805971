// DynamoDB tables must have point-in-time recovery enabled.

import { defineRule } from '../../api';
import { blocksAt, describe, expectBoolean } from '../../helpers';
import { getPath } from '../../../server/src/model/value';

/** DynamoDB point-in-time recovery enabled. */
export default defineRule({
  id: 'aws-dynamodb-point-in-time-recovery',
  title: 'DynamoDB tables have point-in-time recovery enabled',
  description:
    'Point-in-time recovery keeps continuous backups of a table so it can be restored to any second of the ' +
    'recovery window. Without it, an application bug, a bad migration or a malicious bulk delete of ePHI can ' +
    'only be undone from whatever on-demand backups happen to exist, if any.',
  remediation:
    'Enable point-in-time recovery (an in-place change):\n\n' +
    '```hcl\nresource "aws_dynamodb_table" "sessions" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\nSessionsTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    # ...\n    PointInTimeRecoverySpecification:\n      PointInTimeRecoveryEnabled: true\n```',
  severity: 'warning',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)'],
  iso27017: ['12.3.1'],
  appliesTo: { terraform: ['aws_dynamodb_table'], cloudformation: ['AWS::DynamoDB::Table'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_28'] },
  terraform(resource, context) {
    const name = describe('DynamoDB table', resource);
    const blocks = blocksAt(resource, context, ['point_in_time_recovery']);
    if (blocks === undefined) return;
    // Without the block point-in-time recovery is off.
    if (blocks.length === 0) {
      context.report(`${name} has no point-in-time recovery: point_in_time_recovery is not set`);
      return;
    }
    expectBoolean(resource, context, ['point_in_time_recovery', 0, 'enabled'], true, false, {
      missing: `${name} has no point-in-time recovery: point_in_time_recovery.enabled is not set`,
      wrong: `${name} has no point-in-time recovery: point_in_time_recovery.enabled is false`,
    });
  },
  cloudformation(resource, context) {
    const name = describe('DynamoDB table', resource);
    // Without the specification point-in-time recovery is off.
    if (getPath(resource.body, ['Properties', 'PointInTimeRecoverySpecification']) === undefined) {
      context.report(`${name} has no point-in-time recovery: PointInTimeRecoverySpecification is not set`);
      return;
    }
    const path = ['Properties', 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'];
    expectBoolean(resource, context, path, true, false, {
      missing: `${name} has no point-in-time recovery: PointInTimeRecoveryEnabled is not set`,
      wrong: `${name} has no point-in-time recovery: PointInTimeRecoveryEnabled is false`,
    });
  },
});
