// KMS key policies must not allow every principal ("*") without a condition restricting the caller.

import { defineRule, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe } from '../../helpers';
import { isRestricted, namesEveryone, RESTRICTING_CONDITION_KEYS } from '../iam/principals';
import { allOf, isAllow, not, readPolicyValue, statementLabel, undecidedPart, undecidedReason } from '../iam/statements';
import { acrossVariants, emit, PASS, type Outcome } from '../iam/variants';
import { getPath, type Value } from '../../../server/src/model/value';

/** Judges one key policy (the value found at `path`). */
function keyPolicyOutcome(resource: Resource, context: RuleContext, kind: string, value: Value | undefined, path: ValuePath): Outcome {
  // An absent policy gives the key the default policy, which trusts only the owning account.
  const policy = readPolicyValue(context, value);
  if (policy.kind === 'absent') return PASS;
  if (policy.kind === 'unknown') return { verdict: 'unknown', reason: `${path[path.length - 1]}: ${policy.reason}`, at: path };
  const undecided: string[] = [];
  for (const view of policy.statements) {
    const parts = { Effect: isAllow(view.statement), Principal: namesEveryone(view), Condition: not(isRestricted(view.statement)) };
    const open = allOf(parts.Effect, parts.Principal, parts.Condition);
    if (open === 'yes') {
      const who = view.statement.notPrincipal !== undefined ? 'every principal but its NotPrincipal list' : 'Principal "*"';
      return {
        verdict: 'fail',
        message: `${describe(kind, resource)} is open to every AWS principal: ${statementLabel(view)} allows ${who} without a restricting condition`,
        at: path,
      };
    }
    if (open === 'unknown') undecided.push(undecidedPart(view, parts));
  }
  if (undecided.length > 0 || policy.partial) return { verdict: 'unknown', reason: undecidedReason(path, undecided, policy.partial), at: path };
  return PASS;
}

/** Checks the key policy at `path`, once per combination of its Fn::If choices. */
function checkKeyPolicy(resource: Resource, context: RuleContext, kind: string, path: ValuePath): void {
  emit(context, acrossVariants(getPath(resource.body, path), path, (variant) => keyPolicyOutcome(resource, context, kind, variant, path)));
}

/** No wildcard principal in KMS key policies. */
export default defineRule({
  id: 'aws-kms-key-policy-no-public-principal',
  title: 'KMS key policies do not allow every principal',
  description:
    'The key policy is the primary access control of a KMS key: a statement that allows `Principal: "*"` ' +
    'without a condition lets any AWS account use or manage the key that protects ePHI (decrypting data, ' +
    'creating grants, or scheduling the key for deletion). Whoever can use the key can read every data ' +
    'store encrypted under it, once they reach the ciphertext.',
  remediation:
    'Name the principals that need the key (the account root to delegate to IAM, specific roles), or keep ' +
    'the wildcard only together with a restricting condition such as `kms:CallerAccount` or ' +
    '`aws:PrincipalOrgID`:\n\n' +
    '```hcl\n' +
    'statement {\n' +
    '  actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]\n' +
    '  resources = ["*"]\n' +
    '  principals {\n' +
    '    type        = "AWS"\n' +
    '    identifiers = ["*"]\n' +
    '  }\n' +
    '  condition {\n' +
    '    test     = "StringEquals"\n' +
    '    variable = "kms:CallerAccount"\n' +
    '    values   = [data.aws_caller_identity.current.account_id]\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, the same statement in the key\'s `KeyPolicy` (leaving `KeyPolicy` out gives the ' +
    'default policy, which trusts only the owning account):\n\n' +
    '```yaml\n' +
    '- Effect: Allow\n' +
    '  Principal: { AWS: "*" }\n' +
    '  Action: [kms:Decrypt, kms:GenerateDataKey*]\n' +
    '  Resource: "*"\n' +
    '  Condition: { StringEquals: { kms:CallerAccount: !Ref AWS::AccountId } }\n' +
    '```\n\n' +
    `Conditions that count as restricting: \`StringEquals\`, \`StringEqualsIgnoreCase\`, \`StringLike\`, \`ArnEquals\` or \`ArnLike\` (optionally \`ForAnyValue:\`; not negated, not \`...IfExists\`) on one of ${RESTRICTING_CONDITION_KEYS.map((key) => `\`${key}\``).join(', ')} with a value other than \`*\`.`,
  severity: 'error',
  theme: 'key-management',
  hipaa: ['164.312(a)(1)', '164.312(a)(2)(iv)'],
  iso27017: ['10.1.2', '9.4.1'],
  appliesTo: { terraform: ['aws_kms_key', 'aws_kms_key_policy'], cloudformation: ['AWS::KMS::Key'] },
  fix: 'none',
  equivalents: { checkov: ['CKV_AWS_33'] },
  terraform(resource, context) {
    checkKeyPolicy(resource, context, resource.type === 'aws_kms_key_policy' ? 'KMS key policy' : 'KMS key', ['policy']);
  },
  cloudformation(resource, context) {
    checkKeyPolicy(resource, context, 'KMS key', ['Properties', 'KeyPolicy']);
  },
});
