// SQS queues must encrypt messages at rest with SSE-SQS or SSE-KMS.

import { defineRule, type Fix, type Resource, type RuleContext, type ValuePath } from '../../api';
import type { FixAction } from '../../fix';
import { describe, judge, presence, reasonOf, type Verdict } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';

/** Where each source family keeps the two encryption settings of a queue. */
interface QueueProperties {
  sse: ValuePath;
  kms: ValuePath;
}

const TERRAFORM: QueueProperties = { sse: ['sqs_managed_sse_enabled'], kms: ['kms_master_key_id'] };
const CLOUDFORMATION: QueueProperties = { sse: ['Properties', 'SqsManagedSseEnabled'], kms: ['Properties', 'KmsMasterKeyId'] };

/**
 * Turns SSE-SQS back on: in place and transparent to producers and consumers (SQS holds the keys), so safe.
 * A KMS key would need a key policy for every producer, which only the user can write. An empty key id
 * goes: the provider refuses sqs_managed_sse_enabled next to any kms_master_key_id.
 */
function sseFix(resource: Resource, paths: QueueProperties): Fix {
  const title = resource.family === 'terraform' ? 'Set sqs_managed_sse_enabled = true' : 'Set SqsManagedSseEnabled: true';
  const actions: FixAction[] = [{ kind: 'set', path: paths.sse, value: true }];
  if (getPath(resource.body, paths.kms)?.kind === 'string') actions.push({ kind: 'remove', path: paths.kms });
  return { title, safe: true, actions };
}

/** Fails a queue only when SSE-SQS is switched off and no KMS key is set; both families work the same way. */
function checkQueue(resource: Resource, context: RuleContext, paths: QueueProperties): void {
  const sseName = String(paths.sse[paths.sse.length - 1]);
  const kmsName = String(paths.kms[paths.kms.length - 1]);
  const kmsValue = getPath(resource.body, paths.kms);
  const kms = presence(kmsValue);
  if (kms === 'yes') return;
  const sse = getPath(resource.body, paths.sse);
  // Left unset, SSE-SQS is turned on by AWS for new queues (the provider and CloudFormation send nothing).
  const verdict = judge(sse, (item): Verdict => {
    if (item === undefined) return 'pass';
    const enabled = asBool(item);
    return enabled === undefined ? 'unknown' : enabled ? 'pass' : 'fail';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    context.notEvaluable(reasonOf(sse!, paths.sse), paths.sse);
    return;
  }
  if (kms === 'unknown') {
    context.notEvaluable(reasonOf(kmsValue!, paths.kms), paths.kms);
    return;
  }
  const message = `${describe('SQS queue', resource)} is not encrypted: ${sseName} is false and ${kmsName} is not set`;
  context.report(message, paths.sse, sseFix(resource, paths));
}

/** SQS queue encrypted at rest. */
export default defineRule({
  id: 'aws-sqs-queue-encrypted',
  title: 'SQS queues encrypt messages at rest',
  description:
    'Queues between clinical systems carry messages such as orders, results and claims that contain ePHI, and ' +
    'keep them for up to 14 days. New queues are encrypted with SQS-owned keys (SSE-SQS) unless that is switched ' +
    'off; a queue with encryption turned off stores those messages in plaintext.',
  remediation:
    'Remove `sqs_managed_sse_enabled = false`, or better, encrypt with a KMS key you control:\n\n' +
    '```hcl\nresource "aws_sqs_queue" "intake" {\n  # ...\n  kms_master_key_id                 = aws_kms_key.sqs.arn\n  kms_data_key_reuse_period_seconds = 300\n}\n```\n\n' +
    'In CloudFormation, remove `SqsManagedSseEnabled: false` (SSE-SQS is on when it is not defined) or set a key:\n\n' +
    '```yaml\nIntakeQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref SqsKey\n    KmsDataKeyReusePeriodSeconds: 300\n```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1'],
  appliesTo: { terraform: ['aws_sqs_queue'], cloudformation: ['AWS::SQS::Queue'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_27'], tfsec: ['aws-sqs-enable-queue-encryption'] },
  terraform(resource, context) {
    checkQueue(resource, context, TERRAFORM);
  },
  cloudformation(resource, context) {
    checkQueue(resource, context, CLOUDFORMATION);
  },
});
