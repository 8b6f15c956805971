// CloudWatch Logs log groups must be encrypted with a customer managed KMS key.

import { defineRule, type Resource, type RuleContext } from '../../api';
import { describe, expectPresent } from '../../helpers';
import { reportingFix, useModuleKey } from '../fixes';

/** Words in a KMS key's name that say it is meant for logs, when the configuration has several keys. */
const KEY_HINTS = ['log'];

/**
 * The context to check a log group with: its reports carry a fix pointing the group at the configuration's
 * own KMS key, when there is one. CloudWatch Logs has no AWS managed key to fall back on, so otherwise no fix.
 */
function fixingContext(resource: Resource, context: RuleContext): RuleContext {
  const path = resource.family === 'terraform' ? ['kms_key_id'] : ['Properties', 'KmsKeyId'];
  const own = useModuleKey(resource, context.config, path, KEY_HINTS);
  if (!own) return context;
  return reportingFix(context, {
    title: `Set ${path[path.length - 1]} to ${own.key.address}`,
    safe: false,
    note:
      `the key policy of ${own.key.address} must allow the CloudWatch Logs service principal of the region ` +
      '(logs.<region>.amazonaws.com) to use it, or associating the key fails',
    actions: [own.action],
  });
}

/** CloudWatch log group KMS-encrypted. */
export default defineRule({
  id: 'aws-cloudwatch-log-group-encrypted',
  title: 'CloudWatch log groups are encrypted with a KMS key',
  description:
    'Application and access logs regularly capture ePHI: request bodies, identifiers, error messages with ' +
    'record contents. CloudWatch Logs encrypts them with a service key by default; with a KMS key of your own, ' +
    'decryption is governed by the key policy, logged in CloudTrail and can be revoked by disabling the key.',
  remediation:
    'Set `kms_key_id` to the ARN of a customer managed KMS key whose key policy allows the CloudWatch Logs ' +
    'service principal of the region to use it:\n\n' +
    '```hcl\nresource "aws_cloudwatch_log_group" "api" {\n  name              = "/app/api"\n  retention_in_days = 2192\n  kms_key_id        = aws_kms_key.logs.arn\n}\n```\n\n' +
    'In CloudFormation (`KmsKeyId` takes the key ARN):\n\n' +
    '```yaml\nApiLogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /app/api\n    RetentionInDays: 2192\n    KmsKeyId: !GetAtt LogsKey.Arn\n```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '12.4.2'],
  appliesTo: { terraform: ['aws_cloudwatch_log_group'], cloudformation: ['AWS::Logs::LogGroup'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_158'] },
  terraform(resource, context) {
    const message = `${describe('CloudWatch log group', resource)} is not KMS-encrypted: kms_key_id is not set`;
    expectPresent(resource, fixingContext(resource, context), ['kms_key_id'], message);
  },
  cloudformation(resource, context) {
    const message = `${describe('CloudWatch log group', resource)} is not KMS-encrypted: KmsKeyId is not set`;
    expectPresent(resource, fixingContext(resource, context), ['Properties', 'KmsKeyId'], message);
  },
});
