// IAM role trust policies must not let anyone ("*") assume the role without a restricting condition.

import { defineRule, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe } from '../../helpers';
import type { PolicyStatement } from '../../../server/src/model/policy';
import { isRestricted, namesEveryone, RESTRICTING_CONDITION_KEYS } from './principals';
import { getPath, type Value } from '../../../server/src/model/value';
import { allOf, isAllow, not, patternMatches, readPolicyValue, statementLabel, undecidedPart, undecidedReason, type Tri } from './statements';
import { acrossVariants, emit, PASS, type Outcome } from './variants';

// The STS actions that hand out the role's credentials.
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

function isAssumeAction(pattern: string): boolean {
  return ASSUME_ACTIONS.some((action) => patternMatches(pattern, action));
}

/** Whether the statement covers one of the assume-role actions (`*`, `sts:*`, `sts:Assume*` included). */
function allowsAssume(statement: PolicyStatement): Tri {
  if (statement.notActions !== undefined) {
    // NotAction grants everything it does not list: it grants assume unless it lists every assume action.
    const excluded = ASSUME_ACTIONS.every((action) => statement.notActions?.values.some((pattern) => patternMatches(pattern, action)));
    if (excluded) return 'no';
    return statement.notActions.unknown ? 'unknown' : 'yes';
  }
  const actions = statement.actions;
  if (actions === undefined) return 'no';
  if (actions.values.some(isAssumeAction)) return 'yes';
  return actions.unknown ? 'unknown' : 'no';
}

/** Judges one trust policy (the value found at `path`). */
function trustOutcome(resource: Resource, context: RuleContext, value: Value | undefined, path: ValuePath): Outcome {
  const policy = readPolicyValue(context, value);
  if (policy.kind === 'absent') return PASS;
  if (policy.kind === 'unknown') return { verdict: 'unknown', reason: `${path[path.length - 1]}: ${policy.reason}`, at: path };
  const undecided: string[] = [];
  for (const view of policy.statements) {
    const parts = { Effect: isAllow(view.statement), Action: allowsAssume(view.statement), Principal: namesEveryone(view), Condition: not(isRestricted(view.statement)) };
    const open = allOf(parts.Effect, parts.Action, parts.Principal, parts.Condition);
    if (open === 'yes') {
      return {
        verdict: 'fail',
        message: `${describe('IAM role', resource)} can be assumed by anyone: ${statementLabel(view)} allows every principal without a restricting condition`,
        at: path,
      };
    }
    if (open === 'unknown') undecided.push(undecidedPart(view, parts));
  }
  if (undecided.length > 0 || policy.partial) return { verdict: 'unknown', reason: undecidedReason(path, undecided, policy.partial), at: path };
  return PASS;
}

/** Checks the trust policy at `path`, once per combination of its Fn::If choices. */
function checkTrust(resource: Resource, context: RuleContext, path: ValuePath): void {
  emit(context, acrossVariants(getPath(resource.body, path), path, (variant) => trustOutcome(resource, context, variant, path)));
}

/** Role trust policy does not allow everyone to assume the role. */
export default defineRule({
  id: 'aws-iam-role-trust-not-public',
  title: 'IAM role trust policies do not allow anyone to assume the role',
  description:
    'A role whose trust policy allows `Principal: "*"` to call `sts:AssumeRole` can be assumed by any AWS ' +
    'account in the world, unless a condition pins the caller down. Whatever the role may do with ePHI, ' +
    'every outsider who learns its ARN may then do too, and their activity is logged under your role.',
  remediation:
    'Name the trusted principals explicitly (account root ARNs, role ARNs or service principals), or, when ' +
    'a wildcard principal is really needed, add a condition that restricts the caller, e.g.:\n\n' +
    '```hcl\n' +
    'statement {\n' +
    '  actions = ["sts:AssumeRole"]\n' +
    '  principals {\n' +
    '    type        = "AWS"\n' +
    '    identifiers = ["arn:aws:iam::111122223333:root"]\n' +
    '  }\n' +
    '  condition {\n' +
    '    test     = "StringEquals"\n' +
    '    variable = "sts:ExternalId"\n' +
    '    values   = [var.partner_external_id]\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, the same in `AssumeRolePolicyDocument`:\n\n' +
    '```yaml\n' +
    'AssumeRolePolicyDocument:\n' +
    '  Version: "2012-10-17"\n' +
    '  Statement:\n' +
    '    - Effect: Allow\n' +
    '      Action: sts:AssumeRole\n' +
    '      Principal: { AWS: arn:aws:iam::111122223333:root }\n' +
    '      Condition: { StringEquals: { sts:ExternalId: !Ref PartnerExternalId } }\n' +
    '```\n\n' +
    `Conditions that count as restricting: \`StringEquals\`, \`StringEqualsIgnoreCase\`, \`StringLike\`, \`ArnEquals\` or \`ArnLike\` (optionally \`ForAnyValue:\`; not negated, not \`...IfExists\`) on one of ${RESTRICTING_CONDITION_KEYS.map((key) => `\`${key}\``).join(', ')} with a value other than \`*\`.`,
  severity: 'error',
  theme: 'iam',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)'],
  iso27017: ['9.2.3', '9.4.1'],
  appliesTo: { terraform: ['aws_iam_role'], cloudformation: ['AWS::IAM::Role'] },
  fix: 'none',
  equivalents: { checkov: ['CKV_AWS_60', 'CKV_AWS_61'] },
  terraform(resource, context) {
    checkTrust(resource, context, ['assume_role_policy']);
  },
  cloudformation(resource, context) {
    checkTrust(resource, context, ['Properties', 'AssumeRolePolicyDocument']);
  },
});
