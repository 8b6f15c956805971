// EBS volumes must be encrypted at rest, explicitly or through account-level encryption by default.

import { defineRule, type Configuration, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';

/** Whether this configuration turns on EBS encryption by default for the account and region. */
export type DefaultEncryption = { state: 'on' } | { state: 'off' } | { state: 'unknown'; reason: string };

/**
 * Reads aws_ebs_encryption_by_default resources (`enabled` defaults to true). Once it is on, every
 * new volume is encrypted whatever its own `encrypted` says.
 */
export function ebsEncryptionByDefault(config: Configuration): DefaultEncryption {
  let reason: string | undefined;
  for (const setting of config.ofType('aws_ebs_encryption_by_default')) {
    const value = getPath(setting.body, ['enabled']);
    const enabled = value === undefined ? true : asBool(value);
    if (enabled === undefined) reason ??= `${setting.address}: ${reasonOf(value as Value, ['enabled'])}`;
    else if (enabled && setting.certain) return { state: 'on' };
    else if (enabled) reason ??= `${setting.address} may not be created (count or for_each is not known)`;
  }
  return reason === undefined ? { state: 'off' } : { state: 'unknown', reason };
}

/** The words appended to "is not encrypted" findings about the account default. */
export const DEFAULT_ENCRYPTION_HINT =
  'and no aws_ebs_encryption_by_default with enabled = true is in this configuration (the account may still enable encryption by default outside it)';

/** What one volume specification (a volume, a block device, a launch-template mapping) ends up as. */
export interface VolumeSpec {
  /** Path of `encrypted` inside the resource. */
  encryptedPath: ValuePath;
  /** Path of the snapshot the volume is created from, if the shape has one. */
  snapshotPath?: ValuePath;
  /** Where to report when `encrypted` is absent (undefined = the resource header). */
  missingAt?: ValuePath;
  /** `Volume "x"` / `Root block device of instance "web"`: the subject of messages. */
  subject: string;
}

/**
 * Checks one volume specification: encrypted = true or encryption by default passes; an unknown value,
 * a snapshot source or an unknown account default is not evaluable; anything else is a finding.
 */
export function checkVolumeEncryption(resource: Resource, context: RuleContext, spec: VolumeSpec, defaults: DefaultEncryption): void {
  const value = getPath(resource.body, spec.encryptedPath);
  const encrypted = value === undefined ? false : asBool(value);
  if (encrypted === true || defaults.state === 'on') return;
  if (encrypted === undefined) {
    context.notEvaluable(reasonOf(value as Value, spec.encryptedPath), spec.encryptedPath);
    return;
  }
  // A volume created from an encrypted snapshot is always encrypted, and we cannot see the snapshot.
  if (spec.snapshotPath && presence(getPath(resource.body, spec.snapshotPath)) !== 'no') {
    context.notEvaluable(`${spec.snapshotPath.join('.')}: the volume inherits the encryption of a snapshot that is not in the configuration`, spec.snapshotPath);
    return;
  }
  if (defaults.state === 'unknown') {
    context.notEvaluable(defaults.reason);
    return;
  }
  if (value === undefined) context.report(`${spec.subject} is not encrypted: encrypted is not set ${DEFAULT_ENCRYPTION_HINT}`, spec.missingAt);
  else context.report(`${spec.subject} is not encrypted: encrypted is false`, spec.encryptedPath);
}

/** EBS volumes encrypted at rest. */
export default defineRule({
  id: 'aws-ebs-volume-encrypted',
  title: 'EBS volumes are encrypted at rest',
  description:
    'EBS volumes hold the file systems and databases of the instances that process ePHI, and their ' +
    'snapshots are copied, shared and kept for years. Without encryption anyone who obtains a snapshot ' +
    'or the underlying storage can read the data. Volumes are encrypted when `encrypted = true` or when ' +
    'the account enables EBS encryption by default (`aws_ebs_encryption_by_default`, which this rule ' +
    'honours when it is in the same configuration); a volume restored from a snapshot inherits the ' +
    "snapshot's encryption and is reported as not evaluable.",
  remediation:
    'Set `encrypted = true` (preferably with `kms_key_id` pointing at a customer-managed key), or enable ' +
    'encryption by default for the account and region. Changing `encrypted` replaces the volume: copy ' +
    'the data through an encrypted snapshot first.\n\n' +
    '```hcl\n' +
    'resource "aws_ebs_volume" "data" {\n' +
    '  availability_zone = "us-east-1a"\n' +
    '  size              = 100\n' +
    '  encrypted         = true\n' +
    '  kms_key_id        = aws_kms_key.ebs.arn\n' +
    '}\n\n' +
    'resource "aws_ebs_encryption_by_default" "this" {\n' +
    '  enabled = true\n' +
    '}\n' +
    '```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4', 'CLD.9.5.2'],
  appliesTo: { terraform: ['aws_ebs_volume'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_3'], tfsec: ['aws-ebs-enable-volume-encryption'] },
  terraform(resource, context) {
    checkVolumeEncryption(
      resource,
      context,
      { encryptedPath: ['encrypted'], snapshotPath: ['snapshot_id'], subject: describe('EBS volume', resource) },
      ebsEncryptionByDefault(context.config),
    );
  },
});
