// IAM policies must not grant full administrator access ("*" on "*"), inline, managed or attached.

import { defineRule, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe, reasonOf } from '../../helpers';
import { asString, getPath, type Value } from '../../../server/src/model/value';
import {
  allOf,
  CFN_IDENTITY_KINDS,
  CFN_IDENTITY_POLICY_TYPES,
  cfnIdentityPolicies,
  coversAllResources,
  grantsAllActions,
  identityPolicies,
  isAllow,
  readPolicyValue,
  statementLabel,
  undecidedPart,
  undecidedReason,
  type Tri,
} from './statements';
import { acrossVariants, emit, PASS, type Outcome } from './variants';

const ATTACHMENT_KINDS: Record<string, string> = {
  aws_iam_role_policy_attachment: 'IAM role policy attachment',
  aws_iam_user_policy_attachment: 'IAM user policy attachment',
  aws_iam_group_policy_attachment: 'IAM group policy attachment',
};

// The AWS managed AdministratorAccess policy in every partition (aws, aws-cn, aws-us-gov, ...).
const ADMIN_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
// Everything of that ARN after its partition.
const ADMIN_POLICY_TAIL = ':iam::aws:policy/AdministratorAccess';

/**
 * Decides from its text whether a policy ARN is AdministratorAccess, also when parts of it are unknown
 * (CDK's `arn:${AWS::Partition}:iam::aws:policy/...`, Terraform's `data.aws_partition`): known text ending
 * in `:iam::aws:policy/AdministratorAccess` is that policy whatever the partition, and known text at the
 * end that the admin ARN cannot end with (`:policy/service-role/AWSLambdaBasicExecutionRole`) is another
 * policy. Undefined when the text cannot tell: nothing of it is known, or its end is not.
 */
function adminByText(value: Value): Tri | undefined {
  const text = asString(value);
  if (text !== undefined) return ADMIN_POLICY_ARN.test(text) ? 'yes' : 'no';
  const pieces = value.kind === 'unknown' ? value.parts : undefined;
  const last = pieces?.[pieces.length - 1];
  if (pieces === undefined || last === null || last === undefined) return undefined;
  const first = pieces[0];
  if (last.endsWith(ADMIN_POLICY_TAIL) && (first === null || first.startsWith('arn:'))) return 'yes';
  // The whole ARN ends with the last known piece: the admin ARN could only if it ends the same way.
  return ADMIN_POLICY_TAIL.endsWith(last) || last.endsWith(ADMIN_POLICY_TAIL) ? undefined : 'no';
}

/** Judges one policy document (the value found at `path`); `subject` names it in messages. */
function adminOutcome(context: RuleContext, value: Value | undefined, path: ValuePath, subject: string): Outcome {
  const policy = readPolicyValue(context, value);
  if (policy.kind === 'absent') return PASS;
  if (policy.kind === 'unknown') return { verdict: 'unknown', reason: `${path.join('.')}: ${policy.reason}`, at: path };
  const undecided: string[] = [];
  for (const view of policy.statements) {
    const parts = { Effect: isAllow(view.statement), Action: grantsAllActions(view.statement), Resource: coversAllResources(view) };
    const admin: Tri = allOf(parts.Effect, parts.Action, parts.Resource);
    if (admin === 'yes') {
      const what = view.statement.notActions !== undefined ? 'every action but its NotAction list' : 'Action "*"';
      const where = view.statement.notResources !== undefined ? 'every resource but its NotResource list' : 'Resource "*"';
      return { verdict: 'fail', message: `${subject} grants full administrator access: ${statementLabel(view)} allows ${what} on ${where}`, at: path };
    }
    if (admin === 'unknown') undecided.push(undecidedPart(view, parts));
  }
  if (undecided.length > 0 || policy.partial) return { verdict: 'unknown', reason: undecidedReason(path, undecided, policy.partial), at: path };
  return PASS;
}

/** Checks the policy document at `path` of a resource, once per combination of its Fn::If choices. */
function checkPolicy(resource: Resource, context: RuleContext, path: ValuePath, subject: string): void {
  emit(context, acrossVariants(getPath(resource.body, path), path, (variant) => adminOutcome(context, variant, path, subject)));
}

/** Decides whether a managed policy ARN is AdministratorAccess, reading a data.aws_iam_policy it references. */
function isAdminArn(context: RuleContext, value: Value, depth = 0): Tri {
  const byText = adminByText(value);
  if (byText !== undefined) return byText;
  if (value.kind !== 'unknown') return 'unknown';
  const lookup = value.refs.find((ref) => ref.kind === 'data' && ref.type === 'aws_iam_policy');
  if (lookup !== undefined && value.refs.length === 1 && depth === 0) {
    const source = context.config.resolve(lookup);
    if (source === undefined) return 'unknown';
    const arn = getPath(source.body, ['arn']);
    if (arn !== undefined) return isAdminArn(context, arn, depth + 1);
    const name = asString(getPath(source.body, ['name']));
    return name === undefined ? 'unknown' : name === 'AdministratorAccess' ? 'yes' : 'no';
  }
  // Why: the ARN of a policy managed in this configuration is checked on that aws_iam_policy itself.
  if (value.refs.length > 0 && value.refs.every((ref) => ref.kind === 'resource' && ref.type === 'aws_iam_policy')) return 'no';
  return 'unknown';
}

/**
 * Decides whether a CloudFormation `ManagedPolicyArns` entry is AdministratorAccess. A `Ref` to an
 * AWS::IAM::ManagedPolicy of the template is that policy's ARN, checked on the policy itself.
 */
function isAdminArnCfn(context: RuleContext, value: Value): Tri {
  const byText = adminByText(value);
  if (byText !== undefined) return byText;
  if (value.kind !== 'unknown') return 'unknown';
  const managed = value.refs.length > 0 && value.refs.every((ref) => ref.kind === 'cfn-resource' && context.config.resolve(ref)?.type === 'AWS::IAM::ManagedPolicy');
  return managed ? 'no' : 'unknown';
}

/** Checks each `ManagedPolicyArns` entry of a CloudFormation role, user or group. */
function checkManagedArns(resource: Resource, context: RuleContext, kind: string): void {
  const path = ['Properties', 'ManagedPolicyArns'];
  const outcome = acrossVariants(getPath(resource.body, path), path, (variant): Outcome => {
    if (variant === undefined) return PASS;
    const items = variant.kind === 'list' ? variant.items : undefined;
    if (items === undefined) return { verdict: 'unknown', reason: reasonOf(variant, path), at: path };
    const unknown: string[] = [];
    for (const [index, item] of items.entries()) {
      const admin = isAdminArnCfn(context, item);
      if (admin === 'yes') {
        return {
          verdict: 'fail',
          message: `${describe(kind, resource)} grants full administrator access: it attaches the AWS managed AdministratorAccess policy`,
          at: [...path, index],
        };
      }
      if (admin === 'unknown') unknown.push(reasonOf(item, [...path, index]));
    }
    return unknown.length > 0 ? { verdict: 'unknown', reason: unknown.join('; '), at: path } : PASS;
  });
  emit(context, outcome);
}

/** No administrator (`*` on `*`) policy statements or AdministratorAccess attachments. */
export default defineRule({
  id: 'aws-iam-no-admin-policy',
  title: 'IAM policies do not grant full administrator access',
  description:
    'A statement that allows every action on every resource gives its holder unrestricted access to every ' +
    'ePHI store in the account, and the power to disable the logging and encryption that protect it. A ' +
    'single leaked credential or compromised workload with such a policy is a full account compromise. ' +
    'Least privilege requires each identity to get only the actions and resources its job needs.',
  remediation:
    'Replace `"*"` actions (and `NotAction` grants) with the specific actions the identity needs, scoped to ' +
    'specific resource ARNs, and do not attach the AWS managed `AdministratorAccess` policy to workload ' +
    'roles, users or groups:\n\n' +
    '```hcl\n' +
    'data "aws_iam_policy_document" "app" {\n' +
    '  statement {\n' +
    '    actions   = ["s3:GetObject", "s3:PutObject"]\n' +
    '    resources = ["${aws_s3_bucket.records.arn}/*"]\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, scope each `PolicyDocument` statement the same way and leave ' +
    '`arn:aws:iam::aws:policy/AdministratorAccess` out of `ManagedPolicyArns`:\n\n' +
    '```yaml\n' +
    'PolicyDocument:\n' +
    '  Version: "2012-10-17"\n' +
    '  Statement:\n' +
    '    - Effect: Allow\n' +
    '      Action: [s3:GetObject, s3:PutObject]\n' +
    '      Resource: !Sub "${RecordsBucket.Arn}/*"\n' +
    '```\n\n' +
    'Keep break-glass administrator access in a separate, monitored role assumed through SSO with MFA.',
  severity: 'error',
  theme: 'iam',
  hipaa: [
    '164.308(a)(3)(i)',
    '164.308(a)(3)(ii)(A)',
    '164.308(a)(3)(ii)(B)',
    '164.308(a)(4)(i)',
    '164.308(a)(4)(ii)(A)',
    '164.308(a)(4)(ii)(B)',
    '164.308(a)(4)(ii)(C)',
    '164.312(a)(1)',
  ],
  iso27017: ['9.2.3', '9.4.1', '9.1.1', 'CLD.12.1.5'],
  appliesTo: {
    terraform: [
      'aws_iam_policy',
      'aws_iam_role_policy',
      'aws_iam_user_policy',
      'aws_iam_group_policy',
      'aws_iam_role',
      'aws_iam_role_policy_attachment',
      'aws_iam_user_policy_attachment',
      'aws_iam_group_policy_attachment',
    ],
    cloudformation: CFN_IDENTITY_POLICY_TYPES,
  },
  fix: 'none',
  equivalents: { checkov: ['CKV_AWS_62', 'CKV_AWS_1', 'CKV_AWS_274'] },
  terraform(resource, context) {
    const attachmentKind = ATTACHMENT_KINDS[resource.type];
    if (attachmentKind !== undefined) {
      const arn = getPath(resource.body, ['policy_arn']);
      if (arn === undefined) return;
      const admin = isAdminArn(context, arn);
      if (admin === 'yes') {
        context.report(`${describe(attachmentKind, resource)} grants full administrator access: it attaches the AWS managed AdministratorAccess policy`, ['policy_arn']);
      } else if (admin === 'unknown') {
        context.notEvaluable(reasonOf(arn, ['policy_arn']), ['policy_arn']);
      }
      return;
    }
    for (const target of identityPolicies(resource, context)) checkPolicy(resource, context, target.path, target.subject);
  },
  cloudformation(resource, context) {
    for (const target of cfnIdentityPolicies(resource, context)) checkPolicy(resource, context, target.path, target.subject);
    const kind = CFN_IDENTITY_KINDS[resource.type];
    if (kind !== undefined) checkManagedArns(resource, context, kind);
  },
});
