// CloudWatch Logs log groups must be encrypted with a customer managed KMS key.

import { defineRule } from '../../api';
import { describe, expectPresent } from '../../helpers';

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
    expectPresent(resource, context, ['kms_key_id'], `${describe('CloudWatch log group', resource)} is not KMS-encrypted: kms_key_id is not set`);
  },
  cloudformation(resource, context) {
    expectPresent(resource, context, ['Properties', 'KmsKeyId'], `${describe('CloudWatch log group', resource)} is not KMS-encrypted: KmsKeyId is not set`);
  },
});
