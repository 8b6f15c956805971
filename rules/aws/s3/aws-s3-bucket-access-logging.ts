// S3 buckets must send server access logs somewhere (aws_s3_bucket_logging or the inline logging block;
// LoggingConfiguration in CloudFormation).

import { defineRule, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { getPath } from '../../../server/src/model/value';
import { companionSources, companionsOf, decide, designates, inlineSources, record, settle, type Verdict } from './companions';

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

const LOGGING: ValuePath = ['Properties', 'LoggingConfiguration'];
const DESTINATION: ValuePath = [...LOGGING, 'DestinationBucketName'];

/** CloudFormation: true when another bucket of the template names this one as its log destination. */
function receivesLogsCloudFormation(bucket: Resource, context: RuleContext): boolean {
  return context.config.ofType(bucket.type).some((other) => other !== bucket && designates(getPath(other.body, DESTINATION), bucket));
}

/**
 * CloudFormation, one combination of Fn::If choices. A LoggingConfiguration without
 * DestinationBucketName is logging: S3 then delivers the logs into the bucket itself.
 */
function judgeCloudFormation(logging: Value | undefined, bucket: Resource): Verdict {
  const kind = describe('S3 bucket', bucket);
  if (logging === undefined) {
    return { outcome: 'fail', message: `${kind} has no server access logging: LoggingConfiguration is not set` };
  }
  if (logging.kind === 'unknown') return { outcome: 'unknown', reason: `LoggingConfiguration: ${logging.reason}` };
  const destination = getPath(logging, ['DestinationBucketName']);
  if (destination === undefined) return { outcome: 'pass' };
  switch (presence(destination)) {
    case 'yes':
      return { outcome: 'pass' };
    case 'unknown':
      return { outcome: 'unknown', reason: reasonOf(destination, ['LoggingConfiguration', 'DestinationBucketName']) };
    case 'no':
      // Not documented: an empty name may be rejected or read as "log into the bucket itself".
      return { outcome: 'unknown', reason: 'LoggingConfiguration.DestinationBucketName is empty' };
  }
}

function checkCloudFormation(bucket: Resource, context: RuleContext): void {
  if (receivesLogsCloudFormation(bucket, context)) return;
  record(context, decide(getPath(bucket.body, LOGGING), (logging) => judgeCloudFormation(logging, bucket)));
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
    'In CloudFormation, set `LoggingConfiguration` on the bucket:\n\n' +
    '```yaml\n' +
    'Records:\n' +
    '  Type: AWS::S3::Bucket\n' +
    '  Properties:\n' +
    '    LoggingConfiguration:\n' +
    '      DestinationBucketName: !Ref AccessLogs\n' +
    '      LogFilePrefix: records/\n' +
    '```\n\n' +
    'The target bucket must allow the S3 logging service (`logging.s3.amazonaws.com`) to write to it.',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.308(a)(3)(ii)(A)', '164.312(b)'],
  iso27017: ['12.4.1'],
  appliesTo: { terraform: ['aws_s3_bucket'], cloudformation: ['AWS::S3::Bucket'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_18'], tfsec: ['aws-s3-enable-bucket-logging'] },
  terraform: check,
  cloudformation: checkCloudFormation,
});
