// EC2 instance and launch-template block devices (root and data volumes) must be encrypted at rest.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { blocksAt, describe, presence, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import {
  CFN_DEFAULT_ENCRYPTION_HINT,
  checkVolumeEncryption,
  DEFAULT_ENCRYPTION_HINT,
  ebsEncryptionByDefault,
  type DefaultEncryption,
} from './aws-ebs-volume-encrypted';

/** A launch template is versioned: only instances launched from the new version get encrypted volumes. */
const TEMPLATE_NOTE =
  'instances launched from the new template version get encrypted volumes; running instances keep theirs until replaced';

/** Block devices are fixed when an instance is launched. */
const INSTANCE_NOTE =
  'forces replacement of the instance: its root volume is recreated from the AMI and data volumes empty, so move data through an encrypted snapshot copy first';

/**
 * Sets the encryption flag at `path` to true. Not safe: on an instance it replaces the instance. No KMS
 * key is picked: the AWS-managed key works for every launcher, while a customer-managed key must first
 * grant Auto Scaling and EC2 its use.
 */
function encryptFix(resource: Resource, path: ValuePath): Fix {
  const name = resource.family === 'terraform' ? 'encrypted = true' : 'Encrypted: true';
  const template = resource.type === 'aws_launch_template' || resource.type === 'AWS::EC2::LaunchTemplate';
  return { title: `Set ${name}`, safe: false, note: template ? TEMPLATE_NOTE : INSTANCE_NOTE, actions: [{ kind: 'set', path, value: true }] };
}

function deviceName(block: Value, key: string, fallback: number): string {
  // An Fn::If item names its device when every branch names the same one.
  const names = (block.kind === 'unknown' && block.alternatives ? block.alternatives : [block]).map((item) => asString(getPath(item, [key])));
  const name = names.every((item) => item === names[0]) ? names[0] : undefined;
  return name === undefined ? `#${fallback + 1}` : `"${name}"`;
}

/** Visits the known blocks of a list; unknown items (dynamic blocks) are recorded as not evaluable. */
function visitBlocks(blocks: Value[] | undefined, context: RuleContext, path: ValuePath, visit: (block: Value, index: number) => void): void {
  blocks?.forEach((block, index) => {
    // An Fn::If item is a choice between known blocks: the volume check judges each branch.
    if (block.kind === 'unknown' && !block.alternatives) context.notEvaluable(reasonOf(block, [...path, index]), [...path, index]);
    else visit(block, index);
  });
}

/** The blocks at `path` (recording an unknown list as not evaluable), visited as above. */
function eachBlock(resource: Resource, context: RuleContext, path: ValuePath, visit: (block: Value, index: number) => void): void {
  visitBlocks(blocksAt(resource, context, path), context, path, visit);
}

/** Terraform's attribute names in the shared volume spec. */
const TF_VOLUME = { attribute: 'encrypted', defaultHint: DEFAULT_ENCRYPTION_HINT } as const;

/** The check of a Terraform EBS block at `base` that may be created from a snapshot (`snapshot_id`). */
function snapshotVolume(resource: Resource, base: (string | number)[], subject: string) {
  return {
    ...TF_VOLUME,
    base,
    encrypted: ['encrypted'],
    sources: [{ path: ['snapshot_id'], what: 'a snapshot' }],
    missingAt: base,
    subject,
    fix: encryptFix(resource, [...base, 'encrypted']),
  };
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
        undefined,
        encryptFix(resource, ['root_block_device', 'encrypted']),
      );
    }
  }
  visitBlocks(roots, context, ['root_block_device'], (_block, index) => {
    const base = ['root_block_device', index];
    checkVolumeEncryption(
      resource,
      context,
      { ...TF_VOLUME, base, encrypted: ['encrypted'], missingAt: base, subject: `Root volume of ${instance}`, fix: encryptFix(resource, [...base, 'encrypted']) },
      defaults,
    );
  });
  eachBlock(resource, context, ['ebs_block_device'], (block, index) => {
    const subject = `EBS block device ${deviceName(block, 'device_name', index)} of ${instance}`;
    checkVolumeEncryption(resource, context, snapshotVolume(resource, ['ebs_block_device', index], subject), defaults);
  });
}

function checkLaunchTemplate(resource: Resource, context: RuleContext, defaults: DefaultEncryption): void {
  const template = describe('launch template', resource);
  eachBlock(resource, context, ['block_device_mappings'], (mapping, index) => {
    // Mappings without an ebs block are instance-store devices or suppress an AMI device (no_device).
    eachBlock(resource, context, ['block_device_mappings', index, 'ebs'], (_ebs, ebsIndex) => {
      const subject = `Block device ${deviceName(mapping, 'device_name', index)} of ${template}`;
      checkVolumeEncryption(resource, context, snapshotVolume(resource, ['block_device_mappings', index, 'ebs', ebsIndex], subject), defaults);
    });
  });
}

/**
 * CloudFormation BlockDeviceMappings (instance or launch-template data): each mapping with `Ebs` must
 * set `Ebs.Encrypted: true`; mappings without `Ebs` are instance-store devices or suppress an AMI device.
 */
function checkCfnMappings(resource: Resource, context: RuleContext, path: ValuePath, owner: string): Value[] | undefined {
  const mappings = blocksAt(resource, context, path);
  visitBlocks(mappings, context, path, (mapping, index) => {
    const base = [...path, index];
    checkVolumeEncryption(
      resource,
      context,
      {
        base,
        encrypted: ['Ebs', 'Encrypted'],
        requires: ['Ebs'],
        sources: [{ path: ['Ebs', 'SnapshotId'], what: 'a snapshot' }],
        missingAt: [...base, 'Ebs'],
        subject: `EBS block device ${deviceName(mapping, 'DeviceName', index)} of ${owner}`,
        attribute: 'Ebs.Encrypted',
        defaultHint: CFN_DEFAULT_ENCRYPTION_HINT,
        fix: encryptFix(resource, [...base, 'Ebs', 'Encrypted']),
      },
      // No CloudFormation resource type turns on encryption by default.
      { state: 'off' },
    );
  });
  return mappings;
}

function checkCfnInstance(resource: Resource, context: RuleContext): void {
  const instance = describe('EC2 instance', resource);
  const mappings = checkCfnMappings(resource, context, ['Properties', 'BlockDeviceMappings'], instance);
  // Which mapping is the root device depends on the AMI; only an instance that maps no EBS device at
  // all certainly keeps the AMI's root volume settings. No fix: mapping the root volume needs its device
  // name, which the AMI decides (/dev/xvda, /dev/sda1...).
  if (mappings === undefined || mappings.some((mapping) => mapping.kind === 'unknown' || getPath(mapping, ['Ebs']) !== undefined)) return;
  const template = getPath(resource.body, ['Properties', 'LaunchTemplate']);
  if (presence(template) !== 'no') {
    context.notEvaluable('BlockDeviceMappings has no EBS device: the root volume settings come from the launch template', ['Properties', 'LaunchTemplate']);
    return;
  }
  context.report(
    `${instance} has an unencrypted root volume: no BlockDeviceMappings entry sets Ebs.Encrypted: true (only an encrypted AMI ` +
      `snapshot would encrypt it) ${CFN_DEFAULT_ENCRYPTION_HINT}`,
  );
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
    'unless `aws_ebs_encryption_by_default` is enabled in the same configuration. In CloudFormation every ' +
    '`BlockDeviceMappings[].Ebs` of `AWS::EC2::Instance` and of `AWS::EC2::LaunchTemplate` ' +
    '`LaunchTemplateData` must set `Encrypted: true`, and an instance that maps no EBS device at all keeps ' +
    "the AMI's root volume settings and is reported.",
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
    '```\n\n' +
    'In CloudFormation, map the root device (its name depends on the AMI) and every data device:\n\n' +
    '```yaml\n' +
    'AppInstance:\n' +
    '  Type: AWS::EC2::Instance\n' +
    '  Properties:\n' +
    '    # ...\n' +
    '    BlockDeviceMappings:\n' +
    '      - DeviceName: /dev/xvda\n' +
    '        Ebs:\n' +
    '          Encrypted: true\n' +
    '          KmsKeyId: !Ref EbsKey\n' +
    '```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4', 'CLD.9.5.2'],
  appliesTo: { terraform: ['aws_instance', 'aws_launch_template'], cloudformation: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_8'] },
  terraform(resource, context) {
    const defaults = ebsEncryptionByDefault(context.config);
    if (resource.type === 'aws_instance') checkInstance(resource, context, defaults);
    else checkLaunchTemplate(resource, context, defaults);
  },
  cloudformation(resource, context) {
    if (resource.type === 'AWS::EC2::Instance') checkCfnInstance(resource, context);
    else checkCfnMappings(resource, context, ['Properties', 'LaunchTemplateData', 'BlockDeviceMappings'], describe('launch template', resource));
  },
});
