// S3 buckets must send server access logs somewhere (aws_s3_bucket_logging or the inline logging block).

import { defineRule, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { getPath } from '../../../server/src/model/value';
import { companionSources, companionsOf, designates, inlineSources, settle, type Verdict } from './companions';

const COMPANION = 'aws_s3_bucket_logging';

function judge(config: Value, bucket: Resource, label: string, at: ValuePath | undefined): Verdict {
  const target = getPath(config, ['target_bucket']);
  switch (presence(target)) {
    case 'yes':
      return { outcome: 'pass' };
    case 'unknown':
      return { outcome: 'unknown', reason: `${label}: ${target ? reasonOf(target, ['target_bucket']) : 'target_bucket is not known'}` };
    case 'no':
      return { outcome: 'fail', message: `${describe('S3 bucket', bucket)} has no server access logging: ${label} sets no target_bucket`, at };
  }
}

/**
 * True when another bucket delivers its access logs into this one. Such a log bucket is not asked to
 * log itself: logging into itself makes every delivery produce a new log record (an endless loop), and
 * logging into yet another bucket only moves the question there. Access to the logs is audited with
 * CloudTrail instead.
 */
function receivesLogs(bucket: Resource, context: RuleContext): boolean {
  for (const logging of context.config.ofType(COMPANION)) {
    if (designates(getPath(logging.body, ['target_bucket']), bucket)) return true;
  }
  for (const other of context.config.ofType('aws_s3_bucket')) {
    if (other === bucket) continue;
    const blocks = getPath(other.body, ['logging']);
    const items = blocks?.kind === 'list' ? blocks.items : blocks ? [blocks] : [];
    if (items.some((block) => designates(getPath(block, ['target_bucket']), bucket))) return true;
  }
  return false;
}

function check(bucket: Resource, context: RuleContext): void {
  if (receivesLogs(bucket, context)) return;
  const companions = companionsOf(bucket, context, COMPANION);
  const sources = [
    ...inlineSources(bucket, 'logging', (block, path) => judge(block, bucket, 'the inline logging block', path)),
    ...companionSources(companions, (companion) => judge(companion.body, bucket, companion.address, undefined)),
  ];
  settle(
    context,
    sources,
    companions,
    `${describe('S3 bucket', bucket)} has no server access logging: no ${COMPANION} or inline logging block sends its access logs anywhere`,
  );
}

/** S3 server access logging. */
export default defineRule({
  id: 'aws-s3-bucket-access-logging',
  title: 'S3 buckets deliver server access logs',
  description:
    'Server access logs record each request made to a bucket: who asked, from where, for which object and ' +
    'with what result. Without them there is little evidence to review who read or changed ePHI, to ' +
    'investigate a suspected disclosure or to scope a breach notification. Buckets that themselves receive ' +
    "other buckets' access logs are not reported: they cannot usefully log into themselves, and CloudTrail " +
    'data events are the way to audit access to them.',
  remediation:
    'Send the access logs to a dedicated log bucket (one that is not public and, ideally, has Object Lock):\n\n' +
    '```hcl\n' +
    'resource "aws_s3_bucket_logging" "records" {\n' +
    '  bucket        = aws_s3_bucket.records.id\n' +
    '  target_bucket = aws_s3_bucket.access_logs.id\n' +
    '  target_prefix = "records/"\n' +
    '}\n' +
    '```\n\n' +
    'The target bucket must allow the S3 logging service (`logging.s3.amazonaws.com`) to write to it.',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.308(a)(3)(ii)(A)', '164.312(b)'],
  iso27017: ['12.4.1'],
  appliesTo: { terraform: ['aws_s3_bucket'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_18'], tfsec: ['aws-s3-enable-bucket-logging'] },
  terraform: check,
});
