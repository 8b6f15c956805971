// DynamoDB tables must encrypt with a KMS key (AWS managed or customer managed), not the AWS-owned default key.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { blocksAt, describe, expectBoolean, presence } from '../../helpers';
import { getPath, type ValuePath } from '../../../server/src/model/value';
import { fixWith, reportingFix, setAction, useModuleKey } from '../fixes';

/** Where each source family keeps the encryption switch and the key of a table, and how fixes say it. */
const SETTINGS: Record<Resource['family'], { enabled: ValuePath; key: ValuePath; title: string; keyName: string }> = {
  terraform: {
    enabled: ['server_side_encryption', 'enabled'],
    key: ['server_side_encryption', 'kms_key_arn'],
    title: 'Enable server_side_encryption',
    keyName: 'kms_key_arn',
  },
  cloudformation: {
    enabled: ['Properties', 'SSESpecification', 'SSEEnabled'],
    key: ['Properties', 'SSESpecification', 'KMSMasterKeyId'],
    title: 'Set SSEEnabled: true',
    keyName: 'KMSMasterKeyId',
  },
};

/** Words in a KMS key's name that say it is meant for tables, when the configuration has several keys. */
const KEY_HINTS = ['dynamo', 'ddb', 'table'];

/**
 * Switches the table to KMS encryption, in place. With the configuration's own KMS key when it has one
 * (and the table names none): that needs a key policy letting DynamoDB use it on the callers' behalf,
 * so it is a suggestion. Without, the AWS managed aws/dynamodb key, which always works.
 */
function kmsFix(resource: Resource, context: RuleContext): Fix | undefined {
  const settings = SETTINGS[resource.family];
  const { title, keyName } = settings;
  const enable = setAction(resource, settings.enabled, true);
  const own = useModuleKey(resource, context.config, settings.key, KEY_HINTS);
  if (own) {
    const note = `the key policy of ${own.key.address} must allow DynamoDB to use it for the table's callers, or the update fails`;
    return fixWith({ title: `${title} with ${keyName} from ${own.key.address}`, safe: false, note }, [enable, own.action]);
  }
  if (presence(getPath(resource.body, settings.key)) !== 'no') {
    return fixWith({ title, safe: false, note: `the key in ${keyName} must allow DynamoDB to use it, or the update fails` }, [enable]);
  }
  const note = `uses the AWS managed aws/dynamodb key; set ${keyName} for a customer managed key`;
  return fixWith({ title: `${title} (AWS managed key)`, safe: true, note }, [enable]);
}

/** DynamoDB table encrypted with a KMS key. */
export default defineRule({
  id: 'aws-dynamodb-table-encrypted-kms',
  title: 'DynamoDB tables are encrypted with a KMS key',
  description:
    'DynamoDB always encrypts tables at rest, but by default with an AWS-owned key that you cannot see, audit or ' +
    'restrict. With a KMS key (the AWS managed `aws/dynamodb` key or, better, a customer managed key) every use ' +
    'of the key is logged in CloudTrail and, with a customer managed key, key policies can limit who may decrypt ' +
    'the ePHI in the table and its backups.',
  remediation:
    'Enable server-side encryption with KMS, preferably with a customer managed key:\n\n' +
    '```hcl\nresource "aws_dynamodb_table" "sessions" {\n  # ...\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.dynamodb.arn\n  }\n}\n```\n\n' +
    'Switching the key type is an in-place update; the table stays available.\n\n' +
    'In CloudFormation, add an `SSESpecification` (without it, or with `SSEEnabled: false`, the table uses the ' +
    'AWS-owned key):\n\n' +
    '```yaml\nSessionsTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    # ...\n    SSESpecification:\n      SSEEnabled: true\n      SSEType: KMS\n      KMSMasterKeyId: !Ref DynamoDbKey\n```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '10.1.2'],
  appliesTo: { terraform: ['aws_dynamodb_table'], cloudformation: ['AWS::DynamoDB::Table'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_119'] },
  terraform(resource, context) {
    const name = describe('DynamoDB table', resource);
    const blocks = blocksAt(resource, context, ['server_side_encryption']);
    if (blocks === undefined) return;
    // Without the block (or with enabled = false) the table uses the AWS-owned key, which KMS cannot govern.
    if (blocks.length === 0) {
      context.report(`${name} uses the AWS-owned key: server_side_encryption is not enabled`, undefined, kmsFix(resource, context));
      return;
    }
    expectBoolean(resource, reportingFix(context, () => kmsFix(resource, context)), ['server_side_encryption', 0, 'enabled'], true, false, {
      missing: `${name} uses the AWS-owned key: server_side_encryption.enabled is not set`,
      wrong: `${name} uses the AWS-owned key: server_side_encryption.enabled is false`,
    });
  },
  cloudformation(resource, context) {
    const name = describe('DynamoDB table', resource);
    // Without SSESpecification, or with SSEEnabled false or unset, the table uses the AWS-owned key.
    if (getPath(resource.body, ['Properties', 'SSESpecification']) === undefined) {
      context.report(`${name} uses the AWS-owned key: SSESpecification is not set`, undefined, kmsFix(resource, context));
      return;
    }
    expectBoolean(resource, reportingFix(context, () => kmsFix(resource, context)), ['Properties', 'SSESpecification', 'SSEEnabled'], true, false, {
      missing: `${name} uses the AWS-owned key: SSESpecification.SSEEnabled is not set`,
      wrong: `${name} uses the AWS-owned key: SSESpecification.SSEEnabled is false`,
    });
  },
});
