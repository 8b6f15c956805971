// EC2 instance and launch-template block devices (root and data volumes) must be encrypted at rest.

import { defineRule, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { blocksAt, describe, presence, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { checkVolumeEncryption, DEFAULT_ENCRYPTION_HINT, ebsEncryptionByDefault, type DefaultEncryption } from './aws-ebs-volume-encrypted';

function deviceName(block: Value, fallback: number): string {
  const name = asString(getPath(block, ['device_name']));
  return name === undefined ? `#${fallback + 1}` : `"${name}"`;
}

/** Visits the known blocks of a list; unknown items (dynamic blocks) are recorded as not evaluable. */
function visitBlocks(blocks: Value[] | undefined, context: RuleContext, path: ValuePath, visit: (block: Value, index: number) => void): void {
  blocks?.forEach((block, index) => {
    if (block.kind === 'unknown') context.notEvaluable(reasonOf(block, [...path, index]), [...path, index]);
    else visit(block, index);
  });
}

/** The blocks at `path` (recording an unknown list as not evaluable), visited as above. */
function eachBlock(resource: Resource, context: RuleContext, path: ValuePath, visit: (block: Value, index: number) => void): void {
  visitBlocks(blocksAt(resource, context, path), context, path, visit);
}

function checkInstance(resource: Resource, context: RuleContext, defaults: DefaultEncryption): void {
  const instance = describe('EC2 instance', resource);
  const roots = blocksAt(resource, context, ['root_block_device']);
  if (roots !== undefined && roots.length === 0 && defaults.state !== 'on') {
    // Without root_block_device the root volume follows the launch template (if any) and the AMI.
    if (presence(getPath(resource.body, ['launch_template'])) !== 'no') {
      context.notEvaluable('root_block_device is not set: the root volume settings come from the launch template', ['launch_template']);
    } else if (defaults.state === 'unknown') {
      context.notEvaluable(defaults.reason);
    } else {
      context.report(
        `${instance} has an unencrypted root volume: no root_block_device sets encrypted = true (only an encrypted AMI snapshot ` +
          `would encrypt it) ${DEFAULT_ENCRYPTION_HINT}`,
      );
    }
  }
  visitBlocks(roots, context, ['root_block_device'], (_block, index) => {
    const path = ['root_block_device', index];
    checkVolumeEncryption(resource, context, { encryptedPath: [...path, 'encrypted'], missingAt: path, subject: `Root volume of ${instance}` }, defaults);
  });
  eachBlock(resource, context, ['ebs_block_device'], (block, index) => {
    const path = ['ebs_block_device', index];
    checkVolumeEncryption(
      resource,
      context,
      {
        encryptedPath: [...path, 'encrypted'],
        snapshotPath: [...path, 'snapshot_id'],
        missingAt: path,
        subject: `EBS block device ${deviceName(block, index)} of ${instance}`,
      },
      defaults,
    );
  });
}

function checkLaunchTemplate(resource: Resource, context: RuleContext, defaults: DefaultEncryption): void {
  const template = describe('launch template', resource);
  eachBlock(resource, context, ['block_device_mappings'], (mapping, index) => {
    // Mappings without an ebs block are instance-store devices or suppress an AMI device (no_device).
    eachBlock(resource, context, ['block_device_mappings', index, 'ebs'], (_ebs, ebsIndex) => {
      const path = ['block_device_mappings', index, 'ebs', ebsIndex];
      checkVolumeEncryption(
        resource,
        context,
        {
          encryptedPath: [...path, 'encrypted'],
          snapshotPath: [...path, 'snapshot_id'],
          missingAt: path,
          subject: `Block device ${deviceName(mapping, index)} of ${template}`,
        },
        defaults,
      );
    });
  });
}

/** Instance root / data volumes and launch-template volumes encrypted. */
export default defineRule({
  id: 'aws-ec2-block-devices-encrypted',
  title: 'EC2 instance and launch-template volumes are encrypted at rest',
  description:
    'The root and data volumes of EC2 instances hold operating-system logs, application caches, temporary ' +
    'exports and often whole databases, so they end up holding ePHI even when that was not the plan. ' +
    'Unencrypted volumes and their snapshots can be read by anyone who obtains a copy. This rule checks ' +
    '`root_block_device` and `ebs_block_device` on `aws_instance` and `block_device_mappings[].ebs` on ' +
    '`aws_launch_template`; an instance without `root_block_device` keeps the AMI\'s unencrypted default ' +
    'unless `aws_ebs_encryption_by_default` is enabled in the same configuration.',
  remediation:
    'Set `encrypted = true` on every block device (preferably with a customer-managed `kms_key_id`), or ' +
    'enable EBS encryption by default for the account and region. On an existing instance this replaces ' +
    'the volume (and, for the root volume, the instance).\n\n' +
    '```hcl\n' +
    'resource "aws_instance" "app" {\n' +
    '  # ...\n' +
    '  root_block_device {\n' +
    '    encrypted  = true\n' +
    '    kms_key_id = aws_kms_key.ebs.arn\n' +
    '  }\n' +
    '}\n\n' +
    'resource "aws_launch_template" "app" {\n' +
    '  # ...\n' +
    '  block_device_mappings {\n' +
    '    device_name = "/dev/xvda"\n' +
    '    ebs {\n' +
    '      encrypted = true\n' +
    '    }\n' +
    '  }\n' +
    '}\n' +
    '```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4', 'CLD.9.5.2'],
  appliesTo: { terraform: ['aws_instance', 'aws_launch_template'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_8'] },
  terraform(resource, context) {
    const defaults = ebsEncryptionByDefault(context.config);
    if (resource.type === 'aws_instance') checkInstance(resource, context, defaults);
    else checkLaunchTemplate(resource, context, defaults);
  },
});
