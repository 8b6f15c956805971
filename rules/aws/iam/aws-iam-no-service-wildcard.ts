// IAM policies must not grant every action of a service ("s3:*", "kms:*") on every resource.

import { defineRule, type Resource, type RuleContext, type ValuePath } from '../../api';
import { getPath, type Value } from '../../../server/src/model/value';
import {
  allOf,
  CFN_IDENTITY_POLICY_TYPES,
  cfnIdentityPolicies,
  coversAllResources,
  identityPolicies,
  isAllActions,
  isAllow,
  quoteList,
  readPolicyValue,
  someEntry,
  statementLabel,
  undecidedPart,
  undecidedReason,
  type Tri,
} from './statements';
import { acrossVariants, emit, PASS, type Outcome } from './variants';

// `<service prefix>:*` exactly: every action of one service (prefixes are lower-case letters, digits, dashes).
const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

/** Judges one policy document (the value found at `path`); `subject` names it in messages. */
function serviceWildcardOutcome(context: RuleContext, value: Value | undefined, path: ValuePath, subject: string): Outcome {
  const policy = readPolicyValue(context, value);
  if (policy.kind === 'absent') return PASS;
  if (policy.kind === 'unknown') return { verdict: 'unknown', reason: `${path.join('.')}: ${policy.reason}`, at: path };
  const undecided: string[] = [];
  for (const view of policy.statements) {
    const { statement } = view;
    // `*` and NotAction grants are aws-iam-no-admin-policy's findings; do not report them twice.
    if (statement.notActions !== undefined || statement.actions?.values.some(isAllActions)) continue;
    const services = statement.actions?.values.filter((action) => SERVICE_WILDCARD.test(action)) ?? [];
    const parts = { Effect: isAllow(statement), Action: someEntry(statement.actions, (action) => SERVICE_WILDCARD.test(action)), Resource: coversAllResources(view) };
    const broad: Tri = allOf(parts.Effect, parts.Action, parts.Resource);
    if (broad === 'yes') {
      const where = statement.notResources !== undefined ? 'every resource but its NotResource list' : 'Resource "*"';
      return { verdict: 'fail', message: `${subject} grants full service access: ${statementLabel(view)} allows ${quoteList(services)} on ${where}`, at: path };
    }
    if (broad === 'unknown') undecided.push(undecidedPart(view, parts));
  }
  if (undecided.length > 0 || policy.partial) return { verdict: 'unknown', reason: undecidedReason(path, undecided, policy.partial), at: path };
  return PASS;
}

/** Checks the policy document at `path` of a resource, once per combination of its Fn::If choices. */
function checkPolicy(resource: Resource, context: RuleContext, path: ValuePath, subject: string): void {
  emit(context, acrossVariants(getPath(resource.body, path), path, (variant) => serviceWildcardOutcome(context, variant, path, subject)));
}

/** No `<service>:*` statements on every resource. */
export default defineRule({
  id: 'aws-iam-no-service-wildcard',
  title: 'IAM policies do not grant every action of a service on every resource',
  description:
    'A grant such as `s3:*` or `dynamodb:*` on `Resource: "*"` lets the holder read, change and delete every ' +
    'bucket or table in the account, including those holding ePHI, and often change their access policies ' +
    'and encryption too. Such grants are rarely needed and turn one compromised workload into access to all ' +
    'patient data kept in that service.',
  remediation:
    'List the specific actions the identity needs and scope them to the ARNs it works on:\n\n' +
    '```hcl\n' +
    'statement {\n' +
    '  actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]\n' +
    '  resources = [aws_dynamodb_table.encounters.arn]\n' +
    '}\n' +
    '```\n\n' +
    'In a CloudFormation `PolicyDocument`:\n\n' +
    '```yaml\n' +
    '- Effect: Allow\n' +
    '  Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]\n' +
    '  Resource: !GetAtt EncountersTable.Arn\n' +
    '```',
  severity: 'warning',
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
  iso27017: ['9.2.3', '9.4.1'],
  appliesTo: {
    terraform: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
    cloudformation: CFN_IDENTITY_POLICY_TYPES,
  },
  fix: 'none',
  terraform(resource, context) {
    for (const target of identityPolicies(resource, context)) checkPolicy(resource, context, target.path, target.subject);
  },
  cloudformation(resource, context) {
    for (const target of cfnIdentityPolicies(resource, context)) checkPolicy(resource, context, target.path, target.subject);
  },
});
