// CloudTrail trails must encrypt delivered log files with a KMS key (SSE-KMS).

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, expectPresent } from '../../helpers';
import { keyArn } from '../fixes';
import { trailKey } from './trail-key';

/**
 * Sets the trail's key to the configuration's own key, when one is clearly meant for it. Not safe: CloudTrail
 * refuses a key whose policy does not let it encrypt (the update fails), and readers need kms:Decrypt.
 */
function keyFix(trail: Resource, context: RuleContext): Fix | undefined {
  const choice = trailKey(trail, context);
  if (choice === undefined) return undefined;
  const { key, namesCloudTrail } = choice;
  const terraform = trail.family === 'terraform';
  const note = namesCloudTrail
    ? `check that the key policy of ${key.address} lets cloudtrail.amazonaws.com use kms:GenerateDataKey* for this trail; whoever reads the logs also needs kms:Decrypt on the key`
    : `the key policy of ${key.address} must let cloudtrail.amazonaws.com use kms:GenerateDataKey* (and kms:DescribeKey) for this trail, or updating the trail fails; whoever reads the logs also needs kms:Decrypt on the key`;
  const [title, path] = terraform
    ? [`Set kms_key_id = ${key.address}.arn`, ['kms_key_id']]
    : [`Set KMSKeyId: !GetAtt ${key.name}.Arn`, ['Properties', 'KMSKeyId']];
  return { title, safe: false, note, actions: [{ kind: 'set', path, value: keyArn(key) }] };
}

/** The context whose reports carry the key fix (worked out only when there is a finding). */
function offeringKey(trail: Resource, context: RuleContext): RuleContext {
  return { ...context, report: (message, at) => context.report(message, at, keyFix(trail, context)) };
}

/** CloudTrail logs encrypted with SSE-KMS. */
export default defineRule({
  id: 'aws-cloudtrail-kms-encrypted',
  title: 'CloudTrail log files are encrypted with a KMS key',
  description:
    'Trail logs describe every access to the resources that hold ePHI and often carry identifiers, ' +
    'resource names and request parameters themselves. With a KMS key, reading the logs needs both S3 ' +
    'access and permission to decrypt with the key, and every use of that key is itself recorded; ' +
    'without one, anyone able to read the bucket can read the audit trail.',
  remediation:
    'Create a customer-managed key whose policy lets `cloudtrail.amazonaws.com` encrypt for this trail, ' +
    'and reference it:\n\n' +
    '```hcl\n' +
    'resource "aws_cloudtrail" "main" {\n' +
    '  # ...\n' +
    '  kms_key_id = aws_kms_key.trail.arn\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'AccountTrail:\n' +
    '  Type: AWS::CloudTrail::Trail\n' +
    '  Properties:\n' +
    '    # ...\n' +
    '    KMSKeyId: !GetAtt TrailKey.Arn\n' +
    '```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '12.4.2'],
  appliesTo: { terraform: ['aws_cloudtrail'], cloudformation: ['AWS::CloudTrail::Trail'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_35'], tfsec: ['aws-cloudtrail-enable-at-rest-encryption'] },
  terraform(resource, context) {
    expectPresent(
      resource,
      offeringKey(resource, context),
      ['kms_key_id'],
      `${describe('CloudTrail trail', resource)} does not encrypt its logs with a KMS key: kms_key_id is not set`,
    );
  },
  cloudformation(resource, context) {
    expectPresent(
      resource,
      offeringKey(resource, context),
      ['Properties', 'KMSKeyId'],
      `${describe('CloudTrail trail', resource)} does not encrypt its logs with a KMS key: KMSKeyId is not set`,
    );
  },
});
