// S3 buckets must block public access with all four Block Public Access flags true
// (aws_s3_bucket_public_access_block, or the bucket's PublicAccessBlockConfiguration in CloudFormation).

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, reasonOf } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';
import { addCompanion, companionSources, companionsOf, decide, record, settle, type Verdict } from './companions';

const COMPANION = 'aws_s3_bucket_public_access_block';

/** The four settings' names in one source family, and what a left-out setting means there. */
interface Flags {
  names: readonly string[];
  unset: string;
}

// Each defaults to false in aws_s3_bucket_public_access_block when left out.
const FLAGS: Flags = {
  names: ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'],
  unset: 'unset, defaults to false',
};
// The same four settings of AWS::S3::Bucket PublicAccessBlockConfiguration. None has a documented
// default: the configuration written replaces the bucket's, and a setting left out of it is not on.
const CFN_FLAGS: Flags = {
  names: ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'],
  unset: 'not set, so off',
};

/**
 * Judges the four flags of one configuration. `at` is the path of the configuration inside the bucket
 * (CloudFormation), so a finding can point at the first flag set to false, or at the configuration.
 */
function judgeFlags(config: Value, flags: Flags, bucket: Resource, label: string, at: ValuePath | undefined): Verdict {
  if (config.kind === 'unknown') return { outcome: 'unknown', reason: `${label}: ${config.reason}` };
  const off: string[] = [];
  let firstFalse: ValuePath | undefined;
  let unknownReason: string | undefined;
  for (const flag of flags.names) {
    const value = getPath(config, [flag]);
    if (value === undefined) {
      off.push(`${flag} (${flags.unset})`);
      continue;
    }
    const enabled = asBool(value);
    if (enabled === undefined) unknownReason ??= `${label}: ${reasonOf(value, [flag])}`;
    else if (!enabled) {
      off.push(`${flag} = false`);
      if (at) firstFalse ??= [...at, flag];
    }
  }
  // A flag known to be off is a finding whatever the unknown ones turn out to be.
  if (off.length > 0) {
    return {
      outcome: 'fail',
      message: `${describe('S3 bucket', bucket)} does not block all public access: ${label} leaves ${off.join(', ')}`,
      at: firstFalse ?? at,
    };
  }
  if (unknownReason !== undefined) return { outcome: 'unknown', reason: unknownReason };
  return { outcome: 'pass' };
}

// Fixes turn the settings on. That stops public ACLs and policies from granting access, which is the
// point, but anything that relies on them (a public website, public downloads) stops working: the fixes
// are suggestions. A companion resource with settings off is fixed in place (in whichever file of the
// module it is written).

const NOTE = 'public ACLs and bucket policies stop granting access: check that nothing relies on public access to this bucket';
const WEBSITE_NOTE =
  'this bucket has a website configuration: blocking public access stops serving it publicly (serve it through CloudFront with origin access control instead)';

/** Terraform: whether the bucket serves a website (inline `website` block or the companion resource). */
function servesWebsite(bucket: Resource, context: RuleContext): boolean {
  return getPath(bucket.body, ['website']) !== undefined || companionsOf(bucket, context, 'aws_s3_bucket_website_configuration').resources.length > 0;
}

/** Terraform, nothing configured: an aws_s3_bucket_public_access_block named like the bucket, all four on. */
function companionFix(bucket: Resource, context: RuleContext): Fix | undefined {
  const action = addCompanion(bucket, context, COMPANION, Object.fromEntries(FLAGS.names.map((flag) => [flag, true])));
  if (!action) return undefined;
  return { title: `Add ${COMPANION} with all four settings on`, safe: false, note: servesWebsite(bucket, context) ? WEBSITE_NOTE : NOTE, actions: [action] };
}

/** Terraform, a companion with settings off: those settings set to true in it. */
function companionFlagsFix(companion: Resource, bucket: Resource, context: RuleContext): Fix | undefined {
  const flags = offFlags(companion.body, FLAGS);
  if (flags.length === 0) return undefined;
  return {
    title: `Set ${flags.map((flag) => `${flag} = true`).join(', ')} in ${companion.address}`,
    safe: false,
    note: servesWebsite(bucket, context) ? WEBSITE_NOTE : NOTE,
    target: companion.address,
    actions: flags.map((flag) => ({ kind: 'set', path: [flag], value: true })),
  };
}

function check(bucket: Resource, context: RuleContext): void {
  const companions = companionsOf(bucket, context, COMPANION);
  settle(
    context,
    companionSources(companions, (companion) => {
      const verdict = judgeFlags(companion.body, FLAGS, bucket, companion.address, undefined);
      // Only the settings known to be off are turned on: one the configuration computes stays as written.
      return verdict.outcome === 'fail' ? { ...verdict, fix: companionFlagsFix(companion, bucket, context) } : verdict;
    }),
    companions,
    `${describe('S3 bucket', bucket)} has no bucket-level Block Public Access: there is no ${COMPANION} for it`,
    () => companionFix(bucket, context),
  );
}

const CONFIGURATION: ValuePath = ['Properties', 'PublicAccessBlockConfiguration'];

/** CloudFormation: `flags` of PublicAccessBlockConfiguration set to true (all four: the whole property). */
function templateFix(bucket: Resource, flags: readonly string[]): Fix {
  const note = getPath(bucket.body, ['Properties', 'WebsiteConfiguration']) !== undefined ? WEBSITE_NOTE : NOTE;
  if (flags.length === CFN_FLAGS.names.length) {
    const all = Object.fromEntries(flags.map((flag) => [flag, true]));
    return {
      title: 'Set PublicAccessBlockConfiguration with all four settings on',
      safe: false,
      note,
      actions: [{ kind: 'set', path: CONFIGURATION, value: all }],
    };
  }
  return {
    title: `Set ${flags.map((flag) => `${flag}: true`).join(', ')}`,
    safe: false,
    note,
    actions: flags.map((flag) => ({ kind: 'set', path: [...CONFIGURATION, flag], value: true })),
  };
}

/** The settings of one configuration known to be off (false or left out). */
function offFlags(config: Value, flags: Flags): string[] {
  return flags.names.filter((flag) => {
    const value = getPath(config, [flag]);
    return value === undefined || asBool(value) === false;
  });
}

/** CloudFormation: the bucket's own PublicAccessBlockConfiguration property. */
function checkCloudFormation(bucket: Resource, context: RuleContext): void {
  const verdict = decide(
    getPath(bucket.body, CONFIGURATION),
    (config): Verdict => {
      if (config === undefined) {
        return {
          outcome: 'fail',
          message: `${describe('S3 bucket', bucket)} has no bucket-level Block Public Access: PublicAccessBlockConfiguration is not set`,
          fix: templateFix(bucket, CFN_FLAGS.names),
        };
      }
      const verdict = judgeFlags(config, CFN_FLAGS, bucket, 'PublicAccessBlockConfiguration', CONFIGURATION);
      // Only the settings known to be off are turned on: one the template computes stays as written.
      return verdict.outcome === 'fail' ? { ...verdict, fix: templateFix(bucket, offFlags(config, CFN_FLAGS)) } : verdict;
    },
    templateFix(bucket, CFN_FLAGS.names),
  );
  record(context, verdict);
}

/** S3 bucket-level Block Public Access, all four settings on. */
export default defineRule({
  id: 'aws-s3-bucket-public-access-blocked',
  title: 'S3 buckets block public access with all four Block Public Access settings',
  description:
    'A single public ACL or an over-broad bucket policy is enough to expose every object in a bucket, and ' +
    'publicly readable buckets are a recurring cause of large health-data breaches. Block Public Access ' +
    'overrides such grants: it rejects public ACLs and policies and ignores those already present. AWS turns ' +
    'it on for buckets created since April 2023, but an `aws_s3_bucket_public_access_block` (or a ' +
    'CloudFormation `PublicAccessBlockConfiguration`) written with settings left out switches the omitted ' +
    'ones off, and older or imported ' +
    'buckets keep whatever they had, so the protection must be declared explicitly for every bucket.',
  remediation:
    'Declare the bucket-level Block Public Access settings with all four flags on:\n\n' +
    '```hcl\n' +
    'resource "aws_s3_bucket_public_access_block" "records" {\n' +
    '  bucket                  = aws_s3_bucket.records.id\n' +
    '  block_public_acls       = true\n' +
    '  block_public_policy     = true\n' +
    '  ignore_public_acls      = true\n' +
    '  restrict_public_buckets = true\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, set all four flags in the bucket\'s `PublicAccessBlockConfiguration`:\n\n' +
    '```yaml\n' +
    'Records:\n' +
    '  Type: AWS::S3::Bucket\n' +
    '  Properties:\n' +
    '    PublicAccessBlockConfiguration:\n' +
    '      BlockPublicAcls: true\n' +
    '      BlockPublicPolicy: true\n' +
    '      IgnorePublicAcls: true\n' +
    '      RestrictPublicBuckets: true\n' +
    '```\n\n' +
    'Check first that nothing relies on public access to the bucket (e.g. a static website): share data ' +
    'through CloudFront with origin access control or pre-signed URLs instead.',
  severity: 'error',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['9.4.1', '13.1.3', 'CLD.9.5.1'],
  appliesTo: { terraform: ['aws_s3_bucket'], cloudformation: ['AWS::S3::Bucket'] },
  fix: 'suggestion',
  equivalents: {
    checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
    tfsec: ['aws-s3-block-public-acls', 'aws-s3-block-public-policy', 'aws-s3-ignore-public-acls', 'aws-s3-no-public-buckets', 'aws-s3-specify-public-access-block'],
  },
  terraform: check,
  cloudformation: checkCloudFormation,
});
