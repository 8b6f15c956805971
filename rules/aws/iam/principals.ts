// Shared test for resource and trust policies (role trust policies, KMS key policies): does an Allow
// statement open the resource to anyone, without a condition that pins the caller down?

import type { PolicyCondition, PolicyStatement } from '../../../server/src/model/policy';
import { getPath, type Value } from '../../../server/src/model/value';
import { anyOf, mayBeWildcard, type StatementView, type Tri } from './statements';

/**
 * Condition keys that, compared positively with a concrete value, limit a `Principal: "*"` statement to
 * known callers: an organisation, account, principal ARN, calling resource or network path, or (trust
 * policies) an external id shared with one third party. Keys are case-insensitive in IAM.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:userid',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'kms:CallerAccount',
  'sts:ExternalId',
];

const RESTRICTING_KEYS = new Set(RESTRICTING_CONDITION_KEYS.map((key) => key.toLowerCase()));

// Only operators that require the key to be present and equal / match a value restrict anything: negated
// operators match every other caller, `...IfExists` and `ForAllValues:` also match when the key is missing
// (as it is for anonymous callers).
const RESTRICTING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/** Whether one condition limits who can use the statement. */
export function isRestrictingCondition(condition: PolicyCondition): boolean {
  let operator = condition.test.toLowerCase();
  if (operator.startsWith('foranyvalue:')) operator = operator.slice('foranyvalue:'.length);
  if (!RESTRICTING_OPERATORS.has(operator)) return false;
  if (!RESTRICTING_KEYS.has(condition.variable.toLowerCase())) return false;
  // Why unknown values still count: a key such as aws:PrincipalOrgID bound to var.org_id shows the intent to
  // restrict; only a literal "*" (or nothing at all) leaves the statement open.
  if (condition.values.unknown) return true;
  return condition.values.values.some((value) => value !== '*' && value !== '');
}

/** Whether the statement's conditions limit its callers (unknown when some condition could not be read). */
export function isRestricted(statement: PolicyStatement): Tri {
  if (statement.conditions.some(isRestrictingCondition)) return 'yes';
  return statement.conditionsUnknown ? 'unknown' : 'no';
}

/**
 * Whether the statement names everyone as principal: `"*"`, `{"AWS": "*"}`, a `*` identifier of any
 * principal type (e.g. every service), or an Allow with `NotPrincipal` (everyone except a few).
 */
export function namesEveryone(view: StatementView): Tri {
  const { statement } = view;
  if (statement.notPrincipal !== undefined) return 'yes';
  const principal = statement.principal;
  if (principal === undefined) return 'no';
  if (principal.anyone || principal.entries.some((entry) => entry.values.values.includes('*'))) return 'yes';
  if (!principal.unknown) return 'no';
  // Why: `arn:aws:iam::${data.aws_caller_identity.current.account_id}:root` is unknown before plan but is
  // never "*"; only identifiers that may really be the wildcard leave the statement undecided.
  return view.raw === undefined ? 'unknown' : rawPrincipalMayBeEveryone(view.raw, view.style);
}

function rawPrincipalMayBeEveryone(raw: Value, style: StatementView['style']): Tri {
  if (style === 'document') {
    const blocks = getPath(raw, ['principals']);
    if (blocks === undefined) return 'no';
    if (blocks.kind !== 'list') return 'unknown';
    return anyOf('no', ...blocks.items.map((block) => {
      const identifiers = block.kind === 'object' ? getPath(block, ['identifiers']) : undefined;
      return identifiers === undefined ? 'unknown' : mayBeWildcard(identifiers);
    }));
  }
  const principal = getPath(raw, ['Principal']);
  if (principal === undefined) return 'no';
  if (principal.kind !== 'object') return mayBeWildcard(principal);
  return anyOf('no', ...[...principal.fields.values()].map((field) => mayBeWildcard(field.value)));
}
