// SQS queues must encrypt messages at rest with SSE-SQS or SSE-KMS.

import { defineRule } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';

const SSE = ['sqs_managed_sse_enabled'];
const KMS = ['kms_master_key_id'];

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
    '```hcl\nresource "aws_sqs_queue" "intake" {\n  # ...\n  kms_master_key_id                 = aws_kms_key.sqs.arn\n  kms_data_key_reuse_period_seconds = 300\n}\n```',
  severity: 'warning',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1'],
  appliesTo: { terraform: ['aws_sqs_queue'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_27'], tfsec: ['aws-sqs-enable-queue-encryption'] },
  terraform(resource, context) {
    const kmsValue = getPath(resource.body, KMS);
    const kms = presence(kmsValue);
    if (kms === 'yes') return;
    const sse = getPath(resource.body, SSE);
    // The provider leaves sqs_managed_sse_enabled to AWS when unset, and AWS turns SSE-SQS on for new queues.
    if (sse === undefined) return;
    const enabled = asBool(sse);
    if (enabled === undefined) {
      context.notEvaluable(reasonOf(sse, SSE), SSE);
      return;
    }
    if (enabled) return;
    if (kms === 'unknown') {
      context.notEvaluable(reasonOf(kmsValue!, KMS), KMS);
      return;
    }
    context.report(`${describe('SQS queue', resource)} is not encrypted: sqs_managed_sse_enabled is false and kms_master_key_id is not set`, SSE);
  },
});
