// DynamoDB tables must have point-in-time recovery enabled.

import { defineRule, type Fix, type Resource } from '../../api';
import { blocksAt, describe, expectBoolean } from '../../helpers';
import { getPath } from '../../../server/src/model/value';
import { fixWith, reportingFix, setAction } from '../fixes';

const ENABLED = ['Properties', 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'];

/** Point-in-time recovery is switched on in place: safe to apply unreviewed (it only adds backup storage cost). */
function recoveryFix(resource: Resource): Fix | undefined {
  if (resource.family === 'cloudformation') {
    return fixWith({ title: 'Set PointInTimeRecoveryEnabled: true', safe: true }, [setAction(resource, ENABLED, true)]);
  }
  // Creates the point_in_time_recovery block when it is missing.
  return { title: 'Enable point_in_time_recovery', safe: true, actions: [{ kind: 'set', path: ['point_in_time_recovery', 'enabled'], value: true }] };
}

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
      context.report(`${name} has no point-in-time recovery: point_in_time_recovery is not set`, undefined, recoveryFix(resource));
      return;
    }
    expectBoolean(resource, reportingFix(context, recoveryFix(resource)), ['point_in_time_recovery', 0, 'enabled'], true, false, {
      missing: `${name} has no point-in-time recovery: point_in_time_recovery.enabled is not set`,
      wrong: `${name} has no point-in-time recovery: point_in_time_recovery.enabled is false`,
    });
  },
  cloudformation(resource, context) {
    const name = describe('DynamoDB table', resource);
    // Without the specification point-in-time recovery is off.
    if (getPath(resource.body, ['Properties', 'PointInTimeRecoverySpecification']) === undefined) {
      context.report(`${name} has no point-in-time recovery: PointInTimeRecoverySpecification is not set`, undefined, recoveryFix(resource));
      return;
    }
    expectBoolean(resource, reportingFix(context, recoveryFix(resource)), ENABLED, true, false, {
      missing: `${name} has no point-in-time recovery: PointInTimeRecoveryEnabled is not set`,
      wrong: `${name} has no point-in-time recovery: PointInTimeRecoveryEnabled is false`,
    });
  },
});
