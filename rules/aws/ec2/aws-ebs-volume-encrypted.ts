// EBS volumes must be encrypted at rest, explicitly or through account-level encryption by default.

import { defineRule, type Configuration, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import type { FixAction, FixValue } from '../../fix';
import { describe, judge, presence, reasonOf } from '../../helpers';
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

/** The words appended to Terraform "is not encrypted" findings about the account default. */
export const DEFAULT_ENCRYPTION_HINT =
  'and no aws_ebs_encryption_by_default with enabled = true is in this configuration (the account may still enable encryption by default outside it)';

/** The same for CloudFormation, which has no resource type for the account setting. */
export const CFN_DEFAULT_ENCRYPTION_HINT =
  'and EBS encryption by default is an account setting no CloudFormation resource can turn on (the account may still enable it outside this template)';

/** What one volume specification (a volume, a block device, a launch-template mapping) ends up as. */
export interface VolumeSpec {
  /** Path of the volume's settings inside the resource (`[]` for the resource itself, or a block). */
  base: ValuePath;
  /** Path of the encryption flag, relative to `base`. */
  encrypted: ValuePath;
  /** A path (relative to `base`) that must be present for the settings to describe an EBS volume at all. */
  requires?: ValuePath;
  /** Sources the volume inherits its encryption from (a snapshot, a copied volume), relative to `base`. */
  sources?: readonly { path: ValuePath; what: string }[];
  /** Where to report when the flag is absent (undefined = the resource header). */
  missingAt?: ValuePath;
  /** `EBS volume "x"` / `Root volume of EC2 instance "web"`: the subject of messages. */
  subject: string;
  /** The flag's name in messages (`encrypted`, `Encrypted`, `Ebs.Encrypted`). */
  attribute: string;
  /** Appended to "not set" findings: what the account default could change. */
  defaultHint: string;
  /** The fix of a failing volume whose settings are written out (not an Fn::If choosing whole blocks). */
  fix?: Fix;
}

type VolumeResult =
  | { verdict: 'pass' }
  | { verdict: 'unknown'; reason: string; path?: ValuePath }
  | { verdict: 'fail'; message: string; path?: ValuePath };

/**
 * Judges one volume's settings (`undefined` = the volume does not exist in this branch): the flag true
 * or encryption by default passes; an unknown flag, a snapshot source or an unknown account default is
 * not evaluable; anything else fails. The flag may be an Fn::If: it fails only when every branch does.
 */
function evaluateVolume(device: Value | undefined, spec: VolumeSpec, defaults: DefaultEncryption): VolumeResult {
  if (device === undefined || (spec.requires && getPath(device, spec.requires) === undefined)) return { verdict: 'pass' };
  const path = [...spec.base, ...spec.encrypted];
  const value = getPath(device, spec.encrypted);
  const encrypted = judge(value, (item) => {
    if (item === undefined) return 'fail';
    const flag = asBool(item);
    return flag === undefined ? 'unknown' : flag ? 'pass' : 'fail';
  });
  if (encrypted === 'pass' || defaults.state === 'on') return { verdict: 'pass' };
  if (encrypted === 'unknown') return { verdict: 'unknown', reason: reasonOf(value as Value, path), path };
  // A volume created from an encrypted snapshot (or copied from an encrypted volume) is always
  // encrypted, and the source is not in the configuration.
  for (const source of spec.sources ?? []) {
    if (presence(getPath(device, source.path)) === 'no') continue;
    const sourcePath = [...spec.base, ...source.path];
    return { verdict: 'unknown', reason: `${sourcePath.join('.')}: the volume inherits the encryption of ${source.what} that is not in the configuration`, path: sourcePath };
  }
  if (defaults.state === 'unknown') return { verdict: 'unknown', reason: defaults.reason };
  if (value === undefined) return { verdict: 'fail', message: `${spec.subject} is not encrypted: ${spec.attribute} is not set ${spec.defaultHint}`, path: spec.missingAt };
  const wrong = value.kind === 'unknown' ? `${spec.attribute} is not true in any branch of its Fn::If` : `${spec.attribute} is false`;
  return { verdict: 'fail', message: `${spec.subject} is not encrypted: ${wrong}`, path };
}

/**
 * Checks one volume specification and reports the outcome. When the whole block is an Fn::If
 * (a CloudFormation list item), each branch is judged: a finding only when every branch fails.
 */
export function checkVolumeEncryption(resource: Resource, context: RuleContext, spec: VolumeSpec, defaults: DefaultEncryption): void {
  const device = spec.base.length === 0 ? resource.body : getPath(resource.body, spec.base);
  let result: VolumeResult;
  let fix = spec.fix;
  if (device?.kind === 'unknown' && device.alternatives) {
    const results = device.alternatives.map((branch) => evaluateVolume(branch.kind === 'null' ? undefined : branch, spec, defaults));
    const failed = results.find((item) => item.verdict === 'fail');
    if (results.every((item) => item.verdict === 'pass')) return;
    if (failed && results.every((item) => item.verdict === 'fail')) result = { ...failed, path: spec.base };
    else result = { verdict: 'unknown', reason: reasonOf(device, spec.base), path: spec.base };
    // A fix cannot write into the branches of an Fn::If that chooses the whole block.
    fix = undefined;
  } else {
    result = evaluateVolume(device, spec, defaults);
  }
  if (result.verdict === 'unknown') context.notEvaluable(result.reason, result.path);
  else if (result.verdict === 'fail') context.report(result.message, result.path, fix);
}

/** The note of the fixes that encrypt volumes of existing instances or volumes. */
export const REPLACEMENT_NOTE = 'an existing volume cannot be encrypted in place: it is replaced by a new, empty one, so move its data through an encrypted snapshot copy first';

/**
 * The module's one KMS key, as the value to reference it by, when the configuration declares exactly
 * one (created unconditionally, once): with several, which one suits EBS is the user's choice.
 */
function soleKey(config: Configuration): { value: FixValue; name: string } | undefined {
  if (config.family === 'terraform') {
    const keys = config.ofType('aws_kms_key');
    // A key written with count or for_each is only reachable through an instance (`[0]`).
    if (keys.length !== 1 || !keys[0].certain || keys[0].repeated) return undefined;
    return { value: { $expression: `${keys[0].address}.arn` }, name: keys[0].address };
  }
  const keys = config.ofType('AWS::KMS::Key');
  if (keys.length !== 1 || !keys[0].certain) return undefined;
  return { value: { 'Fn::GetAtt': [keys[0].name, 'Arn'] }, name: keys[0].name };
}

/**
 * Sets the encryption flag of a volume to true and, when the volume names no key and the module has
 * exactly one KMS key, points it at that key. Not safe: encryption is fixed when a volume is created.
 */
function volumeFix(resource: Resource, config: Configuration): Fix {
  const terraform = resource.family === 'terraform';
  const flag = terraform ? ['encrypted'] : ['Properties', 'Encrypted'];
  const keyPath = terraform ? ['kms_key_id'] : ['Properties', 'KmsKeyId'];
  const title = terraform ? 'Set encrypted = true' : 'Set Encrypted: true';
  const actions: FixAction[] = [{ kind: 'set', path: flag, value: true }];
  const key = getPath(resource.body, keyPath) === undefined ? soleKey(config) : undefined;
  if (key === undefined) return { title, safe: false, note: REPLACEMENT_NOTE, actions };
  actions.push({ kind: 'set', path: keyPath, value: key.value });
  return {
    title: `${title} with KMS key ${key.name}`,
    safe: false,
    note: `${REPLACEMENT_NOTE}; the key policy of ${key.name} must let the volume's users (EC2, Auto Scaling) use it`,
    actions,
  };
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
    "snapshot's encryption and is reported as not evaluable. In CloudFormation `AWS::EC2::Volume` must set " +
    '`Encrypted: true`: no resource type turns on encryption by default, so an unset flag is reported, and ' +
    'a volume with `SnapshotId` or `SourceVolumeId` is not evaluable.',
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
    '```\n\n' +
    'In CloudFormation (encryption by default is an account setting outside the template):\n\n' +
    '```yaml\n' +
    'DataVolume:\n' +
    '  Type: AWS::EC2::Volume\n' +
    '  Properties:\n' +
    '    AvailabilityZone: us-east-1a\n' +
    '    Size: 100\n' +
    '    Encrypted: true\n' +
    '    KmsKeyId: !GetAtt EbsKey.Arn\n' +
    '```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4', 'CLD.9.5.2'],
  appliesTo: { terraform: ['aws_ebs_volume'], cloudformation: ['AWS::EC2::Volume'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_3'], tfsec: ['aws-ebs-enable-volume-encryption'] },
  terraform(resource, context) {
    checkVolumeEncryption(
      resource,
      context,
      {
        base: [],
        encrypted: ['encrypted'],
        sources: [{ path: ['snapshot_id'], what: 'a snapshot' }],
        subject: describe('EBS volume', resource),
        attribute: 'encrypted',
        defaultHint: DEFAULT_ENCRYPTION_HINT,
        fix: volumeFix(resource, context.config),
      },
      ebsEncryptionByDefault(context.config),
    );
  },
  cloudformation(resource, context) {
    checkVolumeEncryption(
      resource,
      context,
      {
        base: ['Properties'],
        encrypted: ['Encrypted'],
        sources: [
          { path: ['SnapshotId'], what: 'a snapshot' },
          { path: ['SourceVolumeId'], what: 'a source volume' },
        ],
        subject: describe('EBS volume', resource),
        attribute: 'Encrypted',
        defaultHint: CFN_DEFAULT_ENCRYPTION_HINT,
        fix: volumeFix(resource, context.config),
      },
      // No CloudFormation resource type turns on encryption by default: the setting is outside the template.
      { state: 'off' },
    );
  },
});
