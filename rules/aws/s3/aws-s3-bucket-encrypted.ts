// S3 buckets must have default encryption with SSE-KMS (aws:kms or aws:kms:dsse), not only SSE-S3.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import type { FixValue } from '../../fix';
import { describe, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import {
  addCompanion,
  attributeOf,
  blocksIn,
  companionSources,
  companionsOf,
  decide,
  inlineSources,
  record,
  settle,
  singleInstance,
  type Verdict,
} from './companions';

const COMPANION = 'aws_s3_bucket_server_side_encryption_configuration';
const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The names of the same configuration in each source family. */
interface Names {
  rule: string;
  byDefault: string;
  algorithm: string;
  key: string;
  bucketKey: string;
}

const TERRAFORM: Names = {
  rule: 'rule',
  byDefault: 'apply_server_side_encryption_by_default',
  algorithm: 'sse_algorithm',
  key: 'kms_master_key_id',
  bucketKey: 'bucket_key_enabled',
};
const CLOUDFORMATION: Names = {
  rule: 'ServerSideEncryptionConfiguration',
  byDefault: 'ServerSideEncryptionByDefault',
  algorithm: 'SSEAlgorithm',
  key: 'KMSMasterKeyID',
  bucketKey: 'BucketKeyEnabled',
};

// ---------------------------------------------------------------------------------------------------
// Fixes: SSE-KMS with the configuration's own KMS key when it declares exactly one (that surely exists,
// once), else with the AWS managed key (aws:kms without a key id). They are suggestions: new objects then
// need KMS permissions to be read and written. A companion resource set to AES256 is fixed in place (in
// whichever file of the module it is written).

/** The key the fixes use, with how to write it and what the user must know. */
interface KeyChoice {
  /** The key id to write (absent: the AWS managed key). */
  value?: FixValue;
  /** `aws_kms_key.phi`, `RecordsKey`, or `the AWS managed key`. */
  label: string;
  note: string;
}

const REWRITE = 'objects already stored keep their encryption until rewritten';

/** The configuration's only KMS key, when it surely exists as one instance. */
function soleKey(bucket: Resource, context: RuleContext): Resource | undefined {
  const cloudFormation = bucket.family === 'cloudformation';
  const keys = context.config.ofType(cloudFormation ? 'AWS::KMS::Key' : 'aws_kms_key');
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  return (cloudFormation ? key.certain : singleInstance(key)) ? key : undefined;
}

function keyChoice(bucket: Resource, context: RuleContext): KeyChoice {
  const key = soleKey(bucket, context);
  if (!key) {
    return {
      label: 'the AWS managed key',
      note:
        'new objects are encrypted under the AWS managed key aws/s3, which cannot be granted to other accounts ' +
        `(cross-account readers lose access); ${REWRITE}`,
    };
  }
  const value: FixValue = key.family === 'cloudformation' ? { 'Fn::GetAtt': [key.name, 'Arn'] } : attributeOf(key, 'arn');
  return {
    value,
    label: key.address,
    note: `new objects are encrypted under ${key.address}: whoever reads or writes them needs kms:Decrypt / kms:GenerateDataKey on it; ${REWRITE}`,
  };
}

/** The default-encryption settings: aws:kms, with the key id when there is a key. */
function byDefault(names: Names, key: KeyChoice): { [key: string]: FixValue } {
  return { [names.algorithm]: 'aws:kms', ...(key.value !== undefined ? { [names.key]: key.value } : {}) };
}

/** Terraform, nothing configured: the companion resource with one SSE-KMS rule and Bucket Keys on. */
function companionFix(bucket: Resource, context: RuleContext): Fix | undefined {
  // An inline configuration written with `dynamic` (here producing none) would fight a companion.
  if (getPath(bucket.body, ['server_side_encryption_configuration']) !== undefined) return undefined;
  const key = keyChoice(bucket, context);
  const rule = { $block: { [TERRAFORM.byDefault]: { $block: byDefault(TERRAFORM, key) }, [TERRAFORM.bucketKey]: true } };
  const action = addCompanion(bucket, context, COMPANION, { rule });
  return action && { title: `Add ${COMPANION} with SSE-KMS (${key.label})`, safe: false, note: key.note, actions: [action] };
}

const ENCRYPTION: ValuePath = ['Properties', 'BucketEncryption'];

/** CloudFormation: BucketEncryption with one SSE-KMS rule and Bucket Keys on (replacing what is there). */
function templateFix(key: KeyChoice): Fix {
  const rule = { [CLOUDFORMATION.byDefault]: byDefault(CLOUDFORMATION, key), [CLOUDFORMATION.bucketKey]: true };
  return {
    title: `Set BucketEncryption to SSE-KMS (${key.label})`,
    safe: false,
    note: key.note,
    actions: [{ kind: 'set', path: ENCRYPTION, value: { [CLOUDFORMATION.rule]: [rule] } }],
  };
}

/**
 * Fixes inside a configuration: written in the bucket itself (inline block, BucketEncryption), or the
 * body of a companion resource (then the fixes target it). Paths are relative to `owner`'s body.
 */
interface InlineFixes {
  /** The AES256 at `path` becomes aws:kms (with the key, unless a key id is written already). */
  algorithm(path: ValuePath): Fix;
  /** The configuration at `path`, which has no default rule, gets one in its first rule. */
  defaults(path: ValuePath): Fix;
}

function inlineFixes(owner: Resource, key: KeyChoice, names: Names, target?: Resource): InlineFixes {
  const block = (value: { [key: string]: FixValue }): FixValue => (names === TERRAFORM ? { $block: value } : value);
  const where = target ? ` in ${target.address}` : '';
  const targeting = target ? { target: target.address } : {};
  return {
    algorithm(path) {
      const parent = path.slice(0, -1);
      const keyWritten = getPath(owner.body, [...parent, names.key]) !== undefined;
      const withKey = key.value !== undefined && !keyWritten;
      return {
        title: `Set ${names.algorithm} to aws:kms${withKey ? ` with ${key.label}` : ''}${where}`,
        safe: false,
        note: keyWritten ? `new objects are encrypted under the key ${names.key} names; ${REWRITE}` : key.note,
        ...targeting,
        actions: [
          { kind: 'set', path, value: 'aws:kms' },
          ...(withKey ? [{ kind: 'set' as const, path: [...parent, names.key], value: key.value! }] : []),
        ],
      };
    },
    defaults(path) {
      return {
        title: `Add ${names.byDefault} with SSE-KMS (${key.label})${where}`,
        safe: false,
        note: key.note,
        ...targeting,
        actions: [{ kind: 'set', path: [...path, names.rule, 0, names.byDefault], value: block(byDefault(names, key)) }],
      };
    },
  };
}

/**
 * Judges one encryption configuration (the companion's body, the inline block, or CloudFormation's
 * BucketEncryption). `inline` is the path of the configuration inside the bucket, so an AES256 finding
 * can point at the algorithm itself; for a companion it is undefined (its fixes' paths start at its body).
 */
function judge(config: Value, bucket: Resource, label: string, inline: ValuePath | undefined, names: Names, fixes?: InlineFixes): Verdict {
  const kind = describe('S3 bucket', bucket);
  if (config.kind === 'unknown') return { outcome: 'unknown', reason: `${label}: ${config.reason}` };
  const rules = blocksIn(config, [names.rule]);
  if (rules === 'unknown') return { outcome: 'unknown', reason: `${label}: ${names.rule} is not known` };
  let unknownReason: string | undefined;
  let aes256: ValuePath | undefined;
  for (const [ruleIndex, rule] of rules.entries()) {
    if (rule.kind === 'unknown') {
      unknownReason ??= `${label}: ${rule.reason}`;
      continue;
    }
    const defaults = blocksIn(rule, [names.byDefault]);
    if (defaults === 'unknown') {
      unknownReason ??= `${label}: ${names.byDefault} is not known`;
      continue;
    }
    for (const [blockIndex, block] of defaults.entries()) {
      const value = getPath(block, [names.algorithm]);
      const algorithm = asString(value);
      if (algorithm === undefined) {
        // The algorithm is required: a missing one is an invalid configuration, an unknown one undecidable.
        unknownReason ??= value === undefined ? `${label}: ${names.algorithm} is not set` : `${label}: ${reasonOf(value, [names.algorithm])}`;
      } else if (KMS_ALGORITHMS.has(algorithm)) {
        return { outcome: 'pass' };
      } else if (algorithm === 'AES256') {
        // CloudFormation writes ServerSideEncryptionByDefault once (an object), Terraform as a block list.
        const step = getPath(rule, [names.byDefault])?.kind === 'list' ? [blockIndex] : [];
        aes256 ??= [names.rule, ruleIndex, names.byDefault, ...step, names.algorithm];
      } else {
        unknownReason ??= `${label}: unexpected ${names.algorithm} "${algorithm}"`;
      }
    }
  }
  if (unknownReason !== undefined) return { outcome: 'unknown', reason: unknownReason };
  if (aes256 !== undefined) {
    const path = [...(inline ?? []), ...aes256];
    if (inline) {
      return { outcome: 'fail', message: `${kind} uses SSE-S3 (AES256) instead of SSE-KMS for default encryption`, at: path, fix: fixes?.algorithm(path) };
    }
    return {
      outcome: 'fail',
      message: `${kind} uses SSE-S3 (AES256) instead of SSE-KMS for default encryption: ${label} sets ${names.algorithm} = "AES256"`,
      fix: fixes?.algorithm(path),
    };
  }
  return {
    outcome: 'fail',
    message: `${kind} has no KMS default encryption configured: ${label} has no ${names.byDefault} rule`,
    at: inline,
    fix: fixes?.defaults(inline ?? []),
  };
}

function check(bucket: Resource, context: RuleContext): void {
  const companions = companionsOf(bucket, context, COMPANION);
  const sources = [
    ...inlineSources(bucket, 'server_side_encryption_configuration', (block, path) => {
      const fixes = inlineFixes(bucket, keyChoice(bucket, context), TERRAFORM);
      return judge(block, bucket, 'the inline server_side_encryption_configuration block', path, TERRAFORM, fixes);
    }),
    ...companionSources(companions, (companion) =>
      judge(companion.body, bucket, companion.address, undefined, TERRAFORM, inlineFixes(companion, keyChoice(bucket, context), TERRAFORM, companion)),
    ),
  ];
  settle(
    context,
    sources,
    companions,
    `${describe('S3 bucket', bucket)} has no KMS default encryption configured: there is no ${COMPANION} for it, ` +
      'so S3 applies only its SSE-S3 (AES256) default',
    () => companionFix(bucket, context),
  );
}

/** CloudFormation: the bucket's own BucketEncryption property. */
function checkCloudFormation(bucket: Resource, context: RuleContext): void {
  const key = keyChoice(bucket, context);
  const whole = templateFix(key);
  const fixes = inlineFixes(bucket, key, CLOUDFORMATION);
  const verdict = decide(
    getPath(bucket.body, ENCRYPTION),
    (encryption): Verdict =>
      encryption === undefined
        ? {
            outcome: 'fail',
            message: `${describe('S3 bucket', bucket)} has no KMS default encryption configured: BucketEncryption is not set, so S3 applies only its SSE-S3 (AES256) default`,
            fix: whole,
          }
        : judge(encryption, bucket, 'BucketEncryption', ENCRYPTION, CLOUDFORMATION, fixes),
    whole,
  );
  record(context, verdict);
}

/** S3 default encryption with SSE-KMS. */
export default defineRule({
  id: 'aws-s3-bucket-encrypted',
  title: 'S3 buckets use SSE-KMS default encryption',
  description:
    'S3 buckets often hold scanned records, imaging, exports and backups containing ePHI. Since January 2023 ' +
    'S3 encrypts every new object with SSE-S3 (AES256, keys fully managed by AWS) when nothing else is ' +
    'configured, so a bucket without a configuration is not stored in plaintext, but anyone allowed to read ' +
    'an object can decrypt it. SSE-KMS adds a KMS key whose key policy is a second, independent access check, ' +
    'whose every use is recorded in CloudTrail, and which can be disabled to cut off access. This rule ' +
    'therefore reports buckets with no KMS default encryption (missing configuration, or AES256).',
  remediation:
    'Add a server-side encryption configuration that uses `aws:kms` (or `aws:kms:dsse`), preferably with a ' +
    'customer-managed key, and enable S3 Bucket Keys to reduce KMS request costs:\n\n' +
    '```hcl\n' +
    'resource "aws_s3_bucket_server_side_encryption_configuration" "records" {\n' +
    '  bucket = aws_s3_bucket.records.id\n' +
    '  rule {\n' +
    '    apply_server_side_encryption_by_default {\n' +
    '      sse_algorithm     = "aws:kms"\n' +
    '      kms_master_key_id = aws_kms_key.records.arn\n' +
    '    }\n' +
    '    bucket_key_enabled = true\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, set `BucketEncryption` on the bucket:\n\n' +
    '```yaml\n' +
    'Records:\n' +
    '  Type: AWS::S3::Bucket\n' +
    '  Properties:\n' +
    '    BucketEncryption:\n' +
    '      ServerSideEncryptionConfiguration:\n' +
    '        - ServerSideEncryptionByDefault:\n' +
    '            SSEAlgorithm: aws:kms\n' +
    '            KMSMasterKeyID: !GetAtt RecordsKey.Arn\n' +
    '          BucketKeyEnabled: true\n' +
    '```\n\n' +
    'The new default applies to objects written afterwards; re-copy existing objects to re-encrypt them. ' +
    'Readers need `kms:Decrypt` on the key.',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '10.1.2', '18.1.4'],
  appliesTo: { terraform: ['aws_s3_bucket'], cloudformation: ['AWS::S3::Bucket'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_145', 'CKV_AWS_19'], tfsec: ['aws-s3-enable-bucket-encryption', 'aws-s3-encryption-customer-key'] },
  terraform: check,
  cloudformation: checkCloudFormation,
});
