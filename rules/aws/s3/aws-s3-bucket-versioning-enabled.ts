// S3 buckets must have versioning Enabled (aws_s3_bucket_versioning or the inline versioning block;
// VersioningConfiguration.Status in CloudFormation), unless Object Lock keeps them versioned.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, reasonOf } from '../../helpers';
import { asBool, asString, getPath, type ObjectField } from '../../../server/src/model/value';
import { addCompanion, blocksIn, companionSources, companionsOf, decide, inlineSources, record, settle, type Verdict } from './companions';

const COMPANION = 'aws_s3_bucket_versioning';

// Fixes: turning versioning on changes nothing for clients and replaces nothing, so the fixes of the
// bucket's own settings are safe. A companion resource that suspends versioning is fixed in place (in
// whichever file of the module it is written); that fix is a suggestion, because it writes the literal
// "Enabled" over whatever sets the status (a variable, say, that other code may still expect to control it).

/** Terraform, nothing configured: an aws_s3_bucket_versioning named like the bucket. */
function companionFix(bucket: Resource, context: RuleContext): Fix | undefined {
  // An inline versioning block written with `dynamic` (here producing none) would fight a companion.
  if (getPath(bucket.body, ['versioning']) !== undefined) return undefined;
  const action = addCompanion(bucket, context, COMPANION, { versioning_configuration: { $block: { status: 'Enabled' } } });
  return action && { title: `Add ${COMPANION} with status = "Enabled"`, safe: true, actions: [action] };
}

/** Terraform, the deprecated inline block: `enabled = true` in it. */
function inlineFix(block: ValuePath): Fix {
  return { title: 'Set versioning.enabled = true', safe: true, actions: [{ kind: 'set', path: [...block, 'enabled'], value: true }] };
}

const CONFIGURATION: ValuePath = ['Properties', 'VersioningConfiguration'];

/** CloudFormation: VersioningConfiguration with Status Enabled (replacing whatever is there, Fn::If included). */
const TEMPLATE_FIX: Fix = {
  title: 'Set VersioningConfiguration.Status: Enabled',
  safe: true,
  actions: [{ kind: 'set', path: CONFIGURATION, value: { Status: 'Enabled' } }],
};

/** CloudFormation, a Suspended status: Enabled instead. */
const STATUS_FIX: Fix = { title: 'Set Status: Enabled', safe: true, actions: [{ kind: 'set', path: [...CONFIGURATION, 'Status'], value: 'Enabled' }] };

/**
 * Judges one versioning status (required in both families, so a missing one is an invalid
 * configuration and left undecided). `at` is where to point a finding, when it is in the bucket itself.
 */
function judgeStatus(value: Value | undefined, name: string, bucket: Resource, label: string, at: ValuePath | undefined, fix?: Fix): Verdict {
  const status = asString(value);
  if (status === 'Enabled') return { outcome: 'pass' };
  if (status === 'Suspended' || status === 'Disabled') {
    return {
      outcome: 'fail',
      message: `${describe('S3 bucket', bucket)} does not have versioning enabled: ${label} sets ${name} = "${status}"`,
      at,
      fix,
    };
  }
  return { outcome: 'unknown', reason: value === undefined ? `${label}: ${name} is not set` : `${label}: ${reasonOf(value, [name])}` };
}

/** Terraform, a companion that suspends versioning: status = "Enabled" in it. */
function companionStatusFix(companion: Resource, index: number): Fix {
  return {
    title: `Set status = "Enabled" in ${companion.address}`,
    safe: false,
    note: 'writes the literal "Enabled" where the status is set: check that nothing else is meant to control it',
    target: companion.address,
    actions: [{ kind: 'set', path: ['versioning_configuration', index, 'status'], value: 'Enabled' }],
  };
}

function judgeCompanion(companion: Resource, bucket: Resource): Verdict {
  const configs = blocksIn(companion.body, ['versioning_configuration']);
  if (configs === 'unknown') return { outcome: 'unknown', reason: `${companion.address}: versioning_configuration is not known` };
  let unknownReason: string | undefined = configs.length === 0 ? `${companion.address}: versioning_configuration is not set` : undefined;
  for (const [index, config] of configs.entries()) {
    const fix = companionStatusFix(companion, index);
    const verdict = judgeStatus(getPath(config, ['status']), 'status', bucket, companion.address, undefined, fix);
    if (verdict.outcome !== 'unknown') return verdict;
    unknownReason ??= verdict.reason;
  }
  return { outcome: 'unknown', reason: unknownReason ?? `${companion.address}: status is not known` };
}

// The deprecated inline block: `enabled` defaults to false.
function judgeInline(block: Value, path: ValuePath, bucket: Resource): Verdict {
  const value = getPath(block, ['enabled']);
  if (value === undefined) {
    return {
      outcome: 'fail',
      message: `${describe('S3 bucket', bucket)} does not have versioning enabled: the versioning block does not set enabled = true`,
      at: path,
      fix: inlineFix(path),
    };
  }
  const enabled = asBool(value);
  if (enabled === undefined) return { outcome: 'unknown', reason: `versioning: ${reasonOf(value, ['enabled'])}` };
  if (enabled) return { outcome: 'pass' };
  return {
    outcome: 'fail',
    message: `${describe('S3 bucket', bucket)} does not have versioning enabled: versioning.enabled is false`,
    at: [...path, 'enabled'],
    fix: inlineFix(path),
  };
}

/**
 * Object Lock turns versioning on for good (S3 enables it with the lock and refuses to suspend it).
 * Returns true, false, or the reason it cannot be told.
 */
function objectLocked(bucket: Resource): boolean | string {
  const value = getPath(bucket.body, ['object_lock_enabled']);
  if (value !== undefined) {
    const enabled = asBool(value);
    if (enabled === undefined) return reasonOf(value, ['object_lock_enabled']);
    if (enabled) return true;
  }
  // Deprecated form: object_lock_configuration { object_lock_enabled = "Enabled" }.
  const blocks = getPath(bucket.body, ['object_lock_configuration']);
  const items = blocks?.kind === 'list' ? blocks.items : blocks ? [blocks] : [];
  return items.some((block) => asString(getPath(block, ['object_lock_enabled'])) === 'Enabled');
}

function check(bucket: Resource, context: RuleContext): void {
  const locked = objectLocked(bucket);
  if (locked === true) return;
  const companions = companionsOf(bucket, context, COMPANION);
  const sources = [
    ...inlineSources(bucket, 'versioning', (block, path) => judgeInline(block, path, bucket)),
    ...companionSources(companions, (companion) => judgeCompanion(companion, bucket)),
  ];
  if (typeof locked === 'string' && !sources.some((source) => source.verdict.outcome === 'pass' && source.certain)) {
    // Whatever else is configured, an Object Lock that may be on could make the bucket versioned.
    context.notEvaluable(locked);
    return;
  }
  settle(
    context,
    sources,
    companions,
    `${describe('S3 bucket', bucket)} does not have versioning enabled: there is no ${COMPANION} or versioning block for it`,
    () => companionFix(bucket, context),
  );
}

const PROPERTIES = ['VersioningConfiguration', 'ObjectLockEnabled', 'ObjectLockConfiguration'];

/** The bucket's Properties reduced to those this rule reads (so Fn::If elsewhere does not multiply). */
function relevantProperties(bucket: Resource): Value | undefined {
  const properties = getPath(bucket.body, ['Properties']);
  if (properties?.kind !== 'object') return properties;
  const fields = new Map<string, ObjectField>();
  for (const [key, field] of properties.fields) if (PROPERTIES.includes(key)) fields.set(key, field);
  return { kind: 'object', fields, range: properties.range };
}

/** CloudFormation, one combination of Fn::If choices: Object Lock, then VersioningConfiguration.Status. */
function judgeCloudFormation(properties: Value | undefined, bucket: Resource): Verdict {
  if (properties?.kind === 'unknown') return { outcome: 'unknown', reason: `Properties: ${properties.reason}` };
  const read = (...path: string[]) => (properties ? getPath(properties, path) : undefined);
  // ObjectLockEnabled (Boolean) turns versioning on for good; the nested ObjectLockEnabled: Enabled too.
  const lock = read('ObjectLockEnabled');
  const locked = asBool(lock);
  if (locked === true || asString(read('ObjectLockConfiguration', 'ObjectLockEnabled')) === 'Enabled') return { outcome: 'pass' };
  const configuration = read('VersioningConfiguration');
  const verdict: Verdict =
    configuration === undefined
      ? { outcome: 'fail', message: `${describe('S3 bucket', bucket)} does not have versioning enabled: VersioningConfiguration is not set`, fix: TEMPLATE_FIX }
      : configuration.kind === 'unknown'
        ? { outcome: 'unknown', reason: `VersioningConfiguration: ${configuration.reason}` }
        : judgeStatus(getPath(configuration, ['Status']), 'Status', bucket, 'VersioningConfiguration', [...CONFIGURATION, 'Status'], STATUS_FIX);
  // Whatever versioning says, an Object Lock that may be on could make the bucket versioned.
  if (lock !== undefined && locked === undefined && verdict.outcome !== 'pass') {
    return { outcome: 'unknown', reason: reasonOf(lock, ['ObjectLockEnabled']) };
  }
  return verdict;
}

function checkCloudFormation(bucket: Resource, context: RuleContext): void {
  record(context, decide(relevantProperties(bucket), (properties) => judgeCloudFormation(properties, bucket), TEMPLATE_FIX));
}

/** S3 versioning enabled. */
export default defineRule({
  id: 'aws-s3-bucket-versioning-enabled',
  title: 'S3 buckets have versioning enabled',
  description:
    'HIPAA requires ePHI to be recoverable and protected from improper alteration or destruction. Without ' +
    'versioning, an overwrite or delete (by mistake, by a faulty job or by ransomware holding valid ' +
    'credentials) destroys the only copy of an object. With versioning every change keeps the previous ' +
    'version, which can be restored. Buckets with Object Lock enabled are always versioned and pass.',
  remediation:
    'Enable versioning, and add a lifecycle rule expiring noncurrent versions to keep storage costs in check:\n\n' +
    '```hcl\n' +
    'resource "aws_s3_bucket_versioning" "records" {\n' +
    '  bucket = aws_s3_bucket.records.id\n' +
    '  versioning_configuration {\n' +
    '    status = "Enabled"\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, set `VersioningConfiguration` on the bucket:\n\n' +
    '```yaml\n' +
    'Records:\n' +
    '  Type: AWS::S3::Bucket\n' +
    '  Properties:\n' +
    '    VersioningConfiguration:\n' +
    '      Status: Enabled\n' +
    '```\n\n' +
    'Once enabled, versioning can be suspended but a bucket never returns to the unversioned state.',
  severity: 'warning',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)', '164.312(c)(1)', '164.312(c)(2)'],
  iso27017: ['12.3.1', '18.1.3'],
  appliesTo: { terraform: ['aws_s3_bucket'], cloudformation: ['AWS::S3::Bucket'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_21'], tfsec: ['aws-s3-enable-versioning'] },
  terraform: check,
  cloudformation: checkCloudFormation,
});
