// S3 buckets must have a bucket policy (aws_s3_bucket_policy, or AWS::S3::BucketPolicy in CloudFormation)
// that denies every request made without TLS (aws:SecureTransport false).

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import type { FixValue } from '../../fix';
import { describe } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import type { PolicyStatement } from '../../../server/src/model/policy';
import { addCompanion, companionSources, companionsOf, decide, freeName, settle, type Source, type Verdict } from './companions';

const COMPANION = 'aws_s3_bucket_policy';

type Match = 'yes' | 'no' | 'unknown' | 'narrowed';

function isSecureTransport(variable: string): boolean {
  return variable.toLowerCase() === 'aws:securetransport';
}

/**
 * Whether one statement is the TLS guard: Deny, Principal `*`, Action `s3:*` or `*`, and a
 * `Bool aws:SecureTransport = false` condition. Deny statements with NotPrincipal / NotAction leave
 * someone or something out, so they do not count. Resources are not compared: they are usually references
 * to the bucket's ARN, unknown before apply, so comparing them would leave almost every policy undecided.
 */
function guardsTransport(statement: PolicyStatement): Match {
  if (statement.effect === 'Allow' || statement.notPrincipal || statement.notActions) return 'no';
  let unknown = statement.effect === undefined;
  const principal = statement.principal;
  if (!principal) return 'no';
  if (!principal.anyone) {
    if (!principal.unknown) return 'no';
    unknown = true;
  }
  const actions = statement.actions;
  if (!actions) return 'no';
  if (!actions.values.some((action) => action === '*' || action.toLowerCase() === 's3:*')) {
    if (!actions.unknown) return 'no';
    unknown = true;
  }
  const transport = statement.conditions.filter((condition) => isSecureTransport(condition.variable));
  // BoolIfExists behaves the same: aws:SecureTransport is present in every request.
  const denied = transport.some(
    (condition) => (condition.test === 'Bool' || condition.test === 'BoolIfExists') && condition.values.values.some((value) => value.toLowerCase() === 'false'),
  );
  if (!denied) {
    if (!statement.conditionsUnknown && !transport.some((condition) => condition.values.unknown)) return 'no';
    unknown = true;
  }
  if (statement.conditionsUnknown) unknown = true;
  if (unknown) return 'unknown';
  // Further conditions are ANDed with the transport test, so the deny then covers only some requests.
  if (statement.conditions.some((condition) => !isSecureTransport(condition.variable))) return 'narrowed';
  return 'yes';
}

/** Judges one policy value (the companion's `policy` or the deprecated inline `policy` of the bucket). */
function judge(context: RuleContext, value: Value | undefined, bucket: Resource, label: string, at: ValuePath | undefined): Verdict {
  const prefix = `${describe('S3 bucket', bucket)} does not require TLS`;
  const document = context.policy(value);
  if (document === undefined) return { outcome: 'fail', message: `${prefix}: ${label} has no policy`, at };
  if (!('statements' in document)) return { outcome: 'unknown', reason: `${label}: policy cannot be read: ${document.reason}` };
  const matches = document.statements.map(guardsTransport);
  if (matches.includes('yes')) return { outcome: 'pass' };
  if (matches.includes('unknown')) return { outcome: 'unknown', reason: `${label}: a policy statement could not be read completely` };
  if (document.partial) return { outcome: 'unknown', reason: `${label}: part of the policy could not be decoded` };
  if (matches.includes('narrowed')) {
    return {
      outcome: 'fail',
      message: `${prefix}: the aws:SecureTransport deny in ${label} has further conditions, so it does not cover every request`,
      at,
    };
  }
  return {
    outcome: 'fail',
    message: `${prefix}: ${label} has no Deny statement for all principals and all S3 actions when aws:SecureTransport is false`,
    at,
  };
}

// Fixes: only for a bucket with no policy at all, which gets one holding the deny statement. A bucket has
// a single policy, so when one exists the statement belongs in it; that policy is another resource (an
// aws_s3_bucket_policy, its policy document, an AWS::S3::BucketPolicy) or an expression inside the bucket
// (the inline jsonencode policy), which a fix cannot edit: those findings have no fix. The fixes are
// suggestions: clients still using plain HTTP are refused from then on.

const NOTE = 'requests made over plain HTTP are denied from then on: check that no client uses an http:// endpoint';
const SID = 'DenyInsecureTransport';

/** Terraform: the jsonencode() policy denying every S3 action on the bucket and its objects without TLS. */
function denyPolicy(bucket: Resource): string {
  const arn = `${bucket.type}.${bucket.name}.arn`;
  return [
    'jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    `      Sid       = "${SID}"`,
    '      Effect    = "Deny"',
    '      Principal = "*"',
    '      Action    = "s3:*"',
    `      Resource  = [${arn}, "\${${arn}}/*"]`,
    '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
    '    }]',
    '  })',
  ].join('\n');
}

/** Terraform, no policy at all: an aws_s3_bucket_policy named like the bucket with the deny statement. */
function companionFix(bucket: Resource, context: RuleContext): Fix | undefined {
  const action = addCompanion(bucket, context, COMPANION, { policy: { $expression: denyPolicy(bucket) } });
  return action && { title: `Add ${COMPANION} denying requests without TLS`, safe: false, note: NOTE, actions: [action] };
}

function check(bucket: Resource, context: RuleContext): void {
  const companions = companionsOf(bucket, context, COMPANION);
  const sources: Source[] = companionSources(companions, (companion) =>
    judge(context, getPath(companion.body, ['policy']), bucket, companion.address, undefined),
  );
  // The deprecated inline `policy` argument of aws_s3_bucket is still accepted by provider v6.
  const inline = getPath(bucket.body, ['policy']);
  if (inline !== undefined) {
    sources.push({ verdict: judge(context, inline, bucket, 'its inline policy', ['policy']), certain: true, label: 'inline policy' });
  }
  settle(
    context,
    sources,
    companions,
    `${describe('S3 bucket', bucket)} does not require TLS: there is no ${COMPANION} denying requests where aws:SecureTransport is false`,
    () => companionFix(bucket, context),
  );
}

const CFN_COMPANION = 'AWS::S3::BucketPolicy';

/**
 * CloudFormation, no policy at all: an AWS::S3::BucketPolicy `<Bucket>Policy` with the deny statement,
 * created under the bucket's Condition when it has one.
 */
function templateFix(bucket: Resource, context: RuleContext): Fix {
  const id = bucket.name;
  const condition = asString(getPath(bucket.body, ['Condition']));
  const statement: { [key: string]: FixValue } = {
    Sid: SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const name = freeName(context, bucket, CFN_COMPANION, `${id}Policy`);
  return {
    title: `Add ${CFN_COMPANION} ${name} denying requests without TLS`,
    safe: false,
    note: NOTE,
    actions: [
      {
        kind: 'add-resource',
        type: CFN_COMPANION,
        name,
        body: {
          ...(condition !== undefined ? { Condition: condition } : {}),
          Properties: { Bucket: { Ref: id }, PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
        },
      },
    ],
  };
}

/** CloudFormation: the AWS::S3::BucketPolicy resources whose Bucket is this bucket. */
function checkCloudFormation(bucket: Resource, context: RuleContext): void {
  const companions = companionsOf(bucket, context, CFN_COMPANION);
  settle(
    context,
    companionSources(companions, (companion) =>
      decide(getPath(companion.body, ['Properties', 'PolicyDocument']), (document) => judge(context, document, bucket, companion.address, undefined)),
    ),
    companions,
    `${describe('S3 bucket', bucket)} does not require TLS: there is no ${CFN_COMPANION} denying requests where aws:SecureTransport is false`,
    () => templateFix(bucket, context),
  );
}

/** S3 bucket policy denies requests without TLS. */
export default defineRule({
  id: 'aws-s3-bucket-policy-requires-tls',
  title: 'S3 bucket policies deny requests made without TLS',
  description:
    'S3 still answers plain HTTP requests unless the bucket policy refuses them, so a misconfigured client, ' +
    'SDK endpoint or script can move ePHI across the network unencrypted and exposed to interception or ' +
    'tampering. A Deny statement for every principal and every S3 action when `aws:SecureTransport` is ' +
    '`false` is the only control S3 offers to enforce encryption in transit. A statement that only checks ' +
    '`s3:TlsVersion` does not count: requests over plain HTTP carry no TLS version and are not matched by it.',
  remediation:
    'Attach a bucket policy with a statement denying insecure transport (merge it into the existing policy ' +
    'if the bucket already has one; a bucket has only one policy, so the quick fix is offered only to buckets ' +
    'without any):\n\n' +
    '```hcl\n' +
    'data "aws_iam_policy_document" "records_tls" {\n' +
    '  statement {\n' +
    '    sid     = "DenyInsecureTransport"\n' +
    '    effect  = "Deny"\n' +
    '    actions = ["s3:*"]\n' +
    '    resources = [aws_s3_bucket.records.arn, "${aws_s3_bucket.records.arn}/*"]\n' +
    '    principals {\n' +
    '      type        = "*"\n' +
    '      identifiers = ["*"]\n' +
    '    }\n' +
    '    condition {\n' +
    '      test     = "Bool"\n' +
    '      variable = "aws:SecureTransport"\n' +
    '      values   = ["false"]\n' +
    '    }\n' +
    '  }\n' +
    '}\n\n' +
    'resource "aws_s3_bucket_policy" "records" {\n' +
    '  bucket = aws_s3_bucket.records.id\n' +
    '  policy = data.aws_iam_policy_document.records_tls.json\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, attach an `AWS::S3::BucketPolicy` to the bucket (with the CDK, `enforceSSL: true` ' +
    'on the bucket generates it):\n\n' +
    '```yaml\n' +
    'RecordsPolicy:\n' +
    '  Type: AWS::S3::BucketPolicy\n' +
    '  Properties:\n' +
    '    Bucket: !Ref Records\n' +
    '    PolicyDocument:\n' +
    '      Version: "2012-10-17"\n' +
    '      Statement:\n' +
    '        - Sid: DenyInsecureTransport\n' +
    '          Effect: Deny\n' +
    '          Principal: "*"\n' +
    '          Action: s3:*\n' +
    '          Resource:\n' +
    '            - !GetAtt Records.Arn\n' +
    '            - !Sub "${Records.Arn}/*"\n' +
    '          Condition:\n' +
    '            Bool:\n' +
    '              aws:SecureTransport: "false"\n' +
    '```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(c)(2)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1', '14.1.2'],
  appliesTo: { terraform: ['aws_s3_bucket'], cloudformation: ['AWS::S3::Bucket'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_379'] },
  terraform: check,
  cloudformation: checkCloudFormation,
});
