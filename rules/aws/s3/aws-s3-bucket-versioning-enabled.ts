// S3 buckets must have versioning Enabled (aws_s3_bucket_versioning or the inline versioning block).

import { defineRule, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { blocksIn, companionSources, companionsOf, inlineSources, settle, type Verdict } from './companions';

const COMPANION = 'aws_s3_bucket_versioning';

function judgeCompanion(companion: Resource, bucket: Resource): Verdict {
  const configs = blocksIn(companion.body, ['versioning_configuration']);
  if (configs === 'unknown') return { outcome: 'unknown', reason: `${companion.address}: versioning_configuration is not known` };
  let unknownReason: string | undefined = configs.length === 0 ? `${companion.address}: versioning_configuration is not set` : undefined;
  for (const config of configs) {
    const value = getPath(config, ['status']);
    const status = asString(value);
    if (status === 'Enabled') return { outcome: 'pass' };
    if (status === 'Suspended' || status === 'Disabled') {
      return {
        outcome: 'fail',
        message: `${describe('S3 bucket', bucket)} does not have versioning enabled: ${companion.address} sets status = "${status}"`,
      };
    }
    unknownReason ??= value === undefined ? `${companion.address}: status is not set` : `${companion.address}: ${reasonOf(value, ['status'])}`;
  }
  return { outcome: 'unknown', reason: unknownReason ?? `${companion.address}: status is not known` };
}

// The deprecated inline block: `enabled` defaults to false.
function judgeInline(block: Value, path: ValuePath, bucket: Resource): Verdict {
  const value = getPath(block, ['enabled']);
  if (value === undefined) {
    return { outcome: 'fail', message: `${describe('S3 bucket', bucket)} does not have versioning enabled: the versioning block does not set enabled = true`, at: path };
  }
  const enabled = asBool(value);
  if (enabled === undefined) return { outcome: 'unknown', reason: `versioning: ${reasonOf(value, ['enabled'])}` };
  if (enabled) return { outcome: 'pass' };
  return { outcome: 'fail', message: `${describe('S3 bucket', bucket)} does not have versioning enabled: versioning.enabled is false`, at: [...path, 'enabled'] };
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
  );
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
    'Once enabled, versioning can be suspended but a bucket never returns to the unversioned state.',
  severity: 'warning',
  theme: 'backup-integrity',
  hipaa: ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(A)', '164.308(a)(7)(ii)(B)', '164.312(c)(1)', '164.312(c)(2)'],
  iso27017: ['12.3.1', '18.1.3'],
  appliesTo: { terraform: ['aws_s3_bucket'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_21'], tfsec: ['aws-s3-enable-versioning'] },
  terraform: check,
});
