// SNS topics must encrypt messages at rest with a KMS key.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, expectPresent } from '../../helpers';
import { reportingFix, useModuleKey } from '../fixes';

/** Words in a KMS key's name that say it is meant for topics, when the configuration has several keys. */
const KEY_HINTS = ['sns', 'topic', 'notif', 'alert'];

/** The AWS managed key of SNS, which exists in every account and region (created on first use). */
const AWS_MANAGED_KEY = 'alias/aws/sns';

/**
 * Points the topic at the configuration's own KMS key, or else at the AWS managed SNS key. Either way a
 * suggestion: whoever publishes to the topic must be allowed to use the key, or publishing fails.
 */
function keyFix(resource: Resource, context: RuleContext): Fix {
  const path = resource.family === 'terraform' ? ['kms_master_key_id'] : ['Properties', 'KmsMasterKeyId'];
  const name = path[path.length - 1];
  const own = useModuleKey(resource, context.config, path, KEY_HINTS);
  if (own) {
    return {
      title: `Set ${name} to ${own.key.address}`,
      safe: false,
      note: `the key policy of ${own.key.address} must let the topic's publishers, including AWS services that publish to it, use the key`,
      actions: [own.action],
    };
  }
  return {
    title: `Set ${name} to the AWS managed key ${AWS_MANAGED_KEY}`,
    safe: false,
    note:
      'AWS services that publish to topics (CloudWatch alarms, EventBridge, S3 event notifications...) cannot use the ' +
      'AWS managed key, whose policy cannot be changed: a topic they publish to needs a customer managed key',
    actions: [{ kind: 'set', path, value: AWS_MANAGED_KEY }],
  };
}

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
    const withFix = reportingFix(context, () => keyFix(resource, context));
    expectPresent(resource, withFix, ['kms_master_key_id'], `${describe('SNS topic', resource)} is not encrypted: kms_master_key_id is not set`);
  },
  cloudformation(resource, context) {
    const withFix = reportingFix(context, () => keyFix(resource, context));
    expectPresent(resource, withFix, ['Properties', 'KmsMasterKeyId'], `${describe('SNS topic', resource)} is not encrypted: KmsMasterKeyId is not set`);
  },
});
