// SNS topics must encrypt messages at rest with a KMS key.

import { defineRule } from '../../api';
import { describe, expectPresent } from '../../helpers';

/** SNS topic KMS-encrypted. */
export default defineRule({
  id: 'aws-sns-topic-encrypted',
  title: 'SNS topics are encrypted with a KMS key',
  description:
    'SNS stores published messages until they are delivered to every subscriber, and notifications about ' +
    'appointments, results or alarms often carry ePHI. Topics are not encrypted at rest unless a KMS key is ' +
    'configured; with one, messages are encrypted as soon as SNS receives them and each use of the key is logged.',
  remediation:
    'Set `kms_master_key_id` to a KMS key (the AWS managed `alias/aws/sns`, or a customer managed key whose key ' +
    'policy lets the publishing services use it):\n\n' +
    '```hcl\nresource "aws_sns_topic" "alerts" {\n  name              = "patient-alerts"\n  kms_master_key_id = aws_kms_key.sns.arn\n}\n```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\nAlertsTopic:\n  Type: AWS::SNS::Topic\n  Properties:\n    TopicName: patient-alerts\n    KmsMasterKeyId: !Ref SnsKey\n```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1'],
  appliesTo: { terraform: ['aws_sns_topic'], cloudformation: ['AWS::SNS::Topic'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_26'] },
  terraform(resource, context) {
    expectPresent(resource, context, ['kms_master_key_id'], `${describe('SNS topic', resource)} is not encrypted: kms_master_key_id is not set`);
  },
  cloudformation(resource, context) {
    expectPresent(resource, context, ['Properties', 'KmsMasterKeyId'], `${describe('SNS topic', resource)} is not encrypted: KmsMasterKeyId is not set`);
  },
});
