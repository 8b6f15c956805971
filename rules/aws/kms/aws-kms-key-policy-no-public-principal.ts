// KMS key policies must not allow every principal ("*") without a condition restricting the caller.

import { defineRule } from '../../api';
import { describe } from '../../helpers';
import { isRestricted, namesEveryone, RESTRICTING_CONDITION_KEYS } from '../iam/principals';
import { allOf, isAllow, not, readPolicy, statementLabel, undecidedPart, undecidedReason } from '../iam/statements';

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
    `Conditions that count as restricting: \`StringEquals\`, \`StringEqualsIgnoreCase\`, \`StringLike\`, \`ArnEquals\` or \`ArnLike\` (optionally \`ForAnyValue:\`; not negated, not \`...IfExists\`) on one of ${RESTRICTING_CONDITION_KEYS.map((key) => `\`${key}\``).join(', ')} with a value other than \`*\`.`,
  severity: 'error',
  theme: 'key-management',
  hipaa: ['164.312(a)(1)', '164.312(a)(2)(iv)'],
  iso27017: ['10.1.2', '9.4.1'],
  appliesTo: { terraform: ['aws_kms_key', 'aws_kms_key_policy'] },
  fix: 'none',
  equivalents: { checkov: ['CKV_AWS_33'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_kms_key_policy' ? 'KMS key policy' : 'KMS key';
    const path = ['policy'];
    // An absent policy gives the key the default policy, which trusts only the owning account.
    const policy = readPolicy(resource, context, path);
    if (policy.kind === 'absent') return;
    if (policy.kind === 'unknown') {
      context.notEvaluable(`policy: ${policy.reason}`, path);
      return;
    }
    const undecided: string[] = [];
    for (const view of policy.statements) {
      const parts = { Effect: isAllow(view.statement), Principal: namesEveryone(view), Condition: not(isRestricted(view.statement)) };
      const open = allOf(parts.Effect, parts.Principal, parts.Condition);
      if (open === 'yes') {
        const who = view.statement.notPrincipal !== undefined ? 'every principal but its NotPrincipal list' : 'Principal "*"';
        context.report(`${describe(kind, resource)} is open to every AWS principal: ${statementLabel(view)} allows ${who} without a restricting condition`, path);
        return;
      }
      if (open === 'unknown') undecided.push(undecidedPart(view, parts));
    }
    if (undecided.length > 0 || policy.partial) context.notEvaluable(undecidedReason(path, undecided, policy.partial), path);
  },
});
