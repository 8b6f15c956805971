// S3 buckets must send server access logs somewhere (aws_s3_bucket_logging or the inline logging block;
// LoggingConfiguration in CloudFormation).

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { perConfiguration } from '../../../server/src/model/memo';
import { asString, collectRefs, getPath } from '../../../server/src/model/value';
import {
  addCompanion,
  attributeOf,
  companionSources,
  companionsOf,
  decide,
  designates,
  inlineSources,
  knownBucketName,
  record,
  settle,
  singleInstance,
  type Verdict,
} from './companions';

const COMPANION = 'aws_s3_bucket_logging';

function judge(config: Value, bucket: Resource, label: string, at: ValuePath | undefined, fix?: Fix): Verdict {
  const target = getPath(config, ['target_bucket']);
  switch (presence(target)) {
    case 'yes':
      return { outcome: 'pass' };
    case 'unknown':
      return { outcome: 'unknown', reason: `${label}: ${target ? reasonOf(target, ['target_bucket']) : 'target_bucket is not known'}` };
    case 'no':
      return { outcome: 'fail', message: `${describe('S3 bucket', bucket)} has no server access logging: ${label} sets no target_bucket`, at, fix };
  }
}

/**
 * Every access log destination of the configuration: the target_bucket of each aws_s3_bucket_logging,
 * and of each inline logging block with the bucket holding it (memoised: every bucket asks).
 */
const logDestinations = perConfiguration((config): { from?: Resource; target: Value | undefined }[] => {
  const destinations: { from?: Resource; target: Value | undefined }[] = [];
  for (const logging of config.ofType(COMPANION)) destinations.push({ target: getPath(logging.body, ['target_bucket']) });
  for (const bucket of config.ofType('aws_s3_bucket')) {
    const blocks = getPath(bucket.body, ['logging']);
    const items = blocks?.kind === 'list' ? blocks.items : blocks ? [blocks] : [];
    for (const block of items) destinations.push({ from: bucket, target: getPath(block, ['target_bucket']) });
  }
  return destinations;
});

/**
 * True when another bucket delivers its access logs into this one. Such a log bucket is not asked to
 * log itself: logging into itself makes every delivery produce a new log record (an endless loop), and
 * logging into yet another bucket only moves the question there. Access to the logs is audited with
 * CloudTrail instead.
 */
// The buckets that receive other buckets' access logs, found once per configuration by resolving each
// destination (a reference or a known bucket name) instead of testing every bucket against every one.
const logReceivers = perConfiguration((config): Set<Resource> => {
  const cloudFormation = config.family === 'cloudformation';
  const type = cloudFormation ? 'AWS::S3::Bucket' : 'aws_s3_bucket';
  const buckets = config.ofType(type);
  const byName = new Map<string, Resource[]>();
  for (const bucket of buckets) {
    const name = knownBucketName(bucket);
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), bucket]);
  }
  const destinations = cloudFormation ? buckets.map((from) => ({ from, target: getPath(from.body, DESTINATION) })) : logDestinations(config);
  const receivers = new Set<Resource>();
  for (const { from, target } of destinations) {
    if (target === undefined) continue;
    const candidates = [
      ...collectRefs(target).map((ref) => config.resolve(ref)),
      ...(byName.get(asString(target) ?? '') ?? []),
    ];
    for (const candidate of candidates) {
      if (candidate && candidate !== from && candidate.type === type && designates(target, candidate)) receivers.add(candidate);
    }
  }
  return receivers;
});

function receivesLogs(bucket: Resource, context: RuleContext): boolean {
  return logReceivers(context.config).has(bucket);
}

const LOGGING: ValuePath = ['Properties', 'LoggingConfiguration'];
const DESTINATION: ValuePath = [...LOGGING, 'DestinationBucketName'];

/** CloudFormation: true when another bucket of the template names this one as its log destination. */
function receivesLogsCloudFormation(bucket: Resource, context: RuleContext): boolean {
  return logReceivers(context.config).has(bucket);
}

// ---------------------------------------------------------------------------------------------------
// Fixes. Where the logs go is the user's choice, so a fix is offered only when the configuration has a
// clear answer: exactly one of its buckets already receives other buckets' access logs, and it surely
// exists (once). The logs then go there under a prefix named after the bucket (its Terraform resource
// name or logical id). Several log buckets, or none, leave the choice to the user: no fix. A companion
// resource without a target is not fixed either (a fix edits the bucket's own resource only). The fixes
// are suggestions: the choice of bucket and prefix, and the log bucket's permissions, need a review.

/** The configuration's log bucket: the only bucket that receives other buckets' logs, when it surely exists. */
const logBucket = perConfiguration((config): Resource | undefined => {
  const cloudFormation = config.family === 'cloudformation';
  const type = cloudFormation ? 'AWS::S3::Bucket' : 'aws_s3_bucket';
  const receivers = config.ofType(type).filter((bucket) => logReceivers(config).has(bucket));
  if (receivers.length !== 1) return undefined;
  const [receiver] = receivers;
  return (cloudFormation ? receiver.certain : singleInstance(receiver)) ? receiver : undefined;
});

/** What the user must check; `prefix` when the fix writes one. */
function logNote(logs: Resource, prefix?: string): string {
  return (
    `access logs go to ${logs.address}, the bucket this configuration already logs to${prefix ? `, under ${prefix}` : ''}: ` +
    'check that its policy lets the S3 logging service deliver logs from this bucket'
  );
}

/** Terraform, nothing configured: an aws_s3_bucket_logging named like the bucket, into the log bucket. */
function companionFix(bucket: Resource, context: RuleContext): Fix | undefined {
  const logs = logBucket(context.config);
  // An inline logging block written with `dynamic` (here producing none) would fight a companion.
  if (!logs || getPath(bucket.body, ['logging']) !== undefined) return undefined;
  const prefix = `${bucket.name}/`;
  const action = addCompanion(bucket, context, COMPANION, { target_bucket: attributeOf(logs, 'id'), target_prefix: prefix });
  return action && { title: `Add ${COMPANION} into ${logs.address}`, safe: false, note: logNote(logs, prefix), actions: [action] };
}

/** Terraform, an inline logging block without a target: the log bucket as its target. */
function inlineFix(block: ValuePath, context: RuleContext): Fix | undefined {
  const logs = logBucket(context.config);
  if (!logs) return undefined;
  return {
    title: `Set target_bucket = ${logs.address}.id`,
    safe: false,
    note: logNote(logs),
    actions: [{ kind: 'set', path: [...block, 'target_bucket'], value: attributeOf(logs, 'id') }],
  };
}

/** CloudFormation: LoggingConfiguration into the log bucket (replacing an Fn::If whose branches all fail). */
function templateFix(bucket: Resource, context: RuleContext): Fix | undefined {
  const logs = logBucket(context.config);
  if (!logs) return undefined;
  const prefix = `${bucket.name}/`;
  return {
    title: `Set LoggingConfiguration into ${logs.name}`,
    safe: false,
    note: logNote(logs, prefix),
    actions: [{ kind: 'set', path: LOGGING, value: { DestinationBucketName: { Ref: logs.name }, LogFilePrefix: prefix } }],
  };
}

/**
 * CloudFormation, one combination of Fn::If choices. A LoggingConfiguration without
 * DestinationBucketName is logging: S3 then delivers the logs into the bucket itself.
 */
function judgeCloudFormation(logging: Value | undefined, bucket: Resource, fix: Fix | undefined): Verdict {
  const kind = describe('S3 bucket', bucket);
  if (logging === undefined) {
    return { outcome: 'fail', message: `${kind} has no server access logging: LoggingConfiguration is not set`, fix };
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
  const fix = templateFix(bucket, context);
  record(context, decide(getPath(bucket.body, LOGGING), (logging) => judgeCloudFormation(logging, bucket, fix), fix));
}

function check(bucket: Resource, context: RuleContext): void {
  if (receivesLogs(bucket, context)) return;
  const companions = companionsOf(bucket, context, COMPANION);
  const sources = [
    ...inlineSources(bucket, 'logging', (block, path) => judge(block, bucket, 'the inline logging block', path, inlineFix(path, context))),
    ...companionSources(companions, (companion) => judge(companion.body, bucket, companion.address, undefined)),
  ];
  settle(
    context,
    sources,
    companions,
    `${describe('S3 bucket', bucket)} has no server access logging: no ${COMPANION} or inline logging block sends its access logs anywhere`,
    () => companionFix(bucket, context),
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
    'The target bucket must allow the S3 logging service (`logging.s3.amazonaws.com`) to write to it. The ' +
    'quick fix is offered only when exactly one bucket of the module or template already receives other ' +
    "buckets' access logs: it sends the logs there, under a prefix named after the bucket's resource name or " +
    'logical id.',
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
