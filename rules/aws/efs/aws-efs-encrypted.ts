// EFS file systems must be created encrypted at rest.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import type { FixAction } from '../../fix';
import { describe, expectBoolean } from '../../helpers';
import { reportingFix, useModuleKey } from '../fixes';

/** Words in a KMS key's name that say it is meant for file systems, when the configuration has several keys. */
const KEY_HINTS = ['efs', 'file'];

/**
 * Sets the encryption flag, with the configuration's own KMS key when it has one and the file system names
 * none (the key too can only be chosen at creation). A suggestion: EFS encryption is fixed at creation.
 */
function encryptFix(resource: Resource, context: RuleContext): Fix {
  const terraform = resource.family === 'terraform';
  const flag = terraform ? 'encrypted' : 'Encrypted';
  const keyName = terraform ? 'kms_key_id' : 'KmsKeyId';
  const prefix = terraform ? [] : ['Properties'];
  const title = terraform ? 'Set encrypted = true' : 'Set Encrypted: true';
  const note = 'forces replacement: the new file system starts empty, so copy the data across (e.g. with AWS DataSync)';
  const enable: FixAction = { kind: 'set', path: [...prefix, flag], value: true };
  const own = useModuleKey(resource, context.config, [...prefix, keyName], KEY_HINTS);
  if (!own) return { title, safe: false, note, actions: [enable] };
  return {
    title: `${title} with ${keyName} from ${own.key.address}`,
    safe: false,
    note: `${note}; the key policy of ${own.key.address} must allow EFS to use it`,
    actions: [enable, own.action],
  };
}

/** EFS file system encrypted at rest. */
export default defineRule({
  id: 'aws-efs-encrypted',
  title: 'EFS file systems are encrypted at rest',
  description:
    'Shared file systems often hold scanned documents, exports and imaging files full of ePHI. EFS encrypts at ' +
    'rest only when asked at creation time, and the setting cannot be changed afterwards, so an unencrypted ' +
    'file system stays unencrypted for its whole life, including its backups.',
  remediation:
    'Set `encrypted = true` (and preferably `kms_key_id` to a customer managed key). On an existing file system ' +
    'this forces a replacement: create an encrypted file system and copy the data across (for example with ' +
    'AWS DataSync).\n\n' +
    '```hcl\nresource "aws_efs_file_system" "documents" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}\n```\n\n' +
    'In CloudFormation (`Encrypted` also defaults to false there):\n\n' +
    '```yaml\nDocumentsFileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !GetAtt EfsKey.Arn\n```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4'],
  appliesTo: { terraform: ['aws_efs_file_system'], cloudformation: ['AWS::EFS::FileSystem'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_42'] },
  terraform(resource, context) {
    expectBoolean(resource, reportingFix(context, () => encryptFix(resource, context)), ['encrypted'], true, false, {
      missing: `${describe('EFS file system', resource)} stores data unencrypted: encrypted is not set`,
      wrong: `${describe('EFS file system', resource)} stores data unencrypted: encrypted is false`,
    });
  },
  cloudformation(resource, context) {
    expectBoolean(resource, reportingFix(context, () => encryptFix(resource, context)), ['Properties', 'Encrypted'], true, false, {
      missing: `${describe('EFS file system', resource)} stores data unencrypted: Encrypted is not set (it defaults to false)`,
      wrong: `${describe('EFS file system', resource)} stores data unencrypted: Encrypted is false`,
    });
  },
});
