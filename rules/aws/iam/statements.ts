// Shared reading of IAM policy statements for the IAM and KMS rules: three-valued answers (yes / no /
// cannot tell) about effects, actions and resources, so that unknown parts are never mistaken for findings.

import type { PolicyDocument, Resource, RuleContext, Value, ValuePath } from '../../api';
import type { PolicyStatement, StringSet } from '../../../server/src/model/policy';
import { asList, asString, getPath, type Reference, type UnknownValue } from '../../../server/src/model/value';
import { blocksAt, reasonOf } from '../../helpers';

/** A three-valued answer: the configuration says yes, says no, or cannot tell. */
export type Tri = 'yes' | 'no' | 'unknown';

/** Yes only when every part is yes; no as soon as one part is no. */
export function allOf(...parts: Tri[]): Tri {
  if (parts.includes('no')) return 'no';
  return parts.every((part) => part === 'yes') ? 'yes' : 'unknown';
}

/** Yes as soon as one part is yes; no only when every part is no. */
export function anyOf(...parts: Tri[]): Tri {
  if (parts.includes('yes')) return 'yes';
  return parts.every((part) => part === 'no') ? 'no' : 'unknown';
}

/** The opposite answer (unknown stays unknown). */
export function not(part: Tri): Tri {
  return part === 'yes' ? 'no' : part === 'no' ? 'yes' : 'unknown';
}

/** One decoded statement, with the raw value it was decoded from when that is still readable. */
export interface StatementView {
  statement: PolicyStatement;
  /** 1-based position in the document, for messages. */
  position: number;
  /** The raw statement object (jsonencode() keys or policy-document block), when still readable. */
  raw?: Value;
  /** Which key names the raw object uses: JSON (`Resource`, `Principal`) or the data source (`resources`, `principals`). */
  style?: 'json' | 'document';
}

/** What a `policy` attribute turned out to be. */
export type PolicyRead =
  | { kind: 'absent' }
  | { kind: 'unknown'; reason: string }
  | { kind: 'document'; statements: StatementView[]; partial: boolean };

// The raw statement objects of a jsonencode() structure or a policy-document data source, in the order
// the decoder reads them (it skips the same non-object items), and which key names they use.
function rawStatements(context: RuleContext, value: Value): { items: Value[]; style: 'json' | 'document' } | undefined {
  if (value.kind === 'object') {
    const items = (asList(getPath(value, ['Statement'])) ?? []).filter((item) => item.kind === 'object');
    return { items, style: 'json' };
  }
  if (value.kind === 'unknown' && value.refs.length === 1) {
    const ref = value.refs[0];
    if (ref.kind !== 'data' || ref.type !== 'aws_iam_policy_document') return undefined;
    const source = context.config.resolve(ref);
    if (source === undefined) return undefined;
    const items = (asList(getPath(source.body, ['statement'])) ?? []).filter((item) => item.kind === 'object');
    return { items, style: 'document' };
  }
  return undefined;
}

function isDocument(decoded: PolicyDocument | { kind: 'unknown' }): decoded is PolicyDocument {
  return 'statements' in decoded;
}

/** Decodes the policy at `path` of a resource (JSON string, jsonencode() object or policy-document data source). */
export function readPolicy(resource: Resource, context: RuleContext, path: ValuePath): PolicyRead {
  return readPolicyValue(context, getPath(resource.body, path));
}

/** Decodes a policy value (JSON string, jsonencode() object, CloudFormation PolicyDocument or data source reference). */
export function readPolicyValue(context: RuleContext, value: Value | undefined): PolicyRead {
  if (value === undefined) return { kind: 'absent' };
  const decoded = context.policy(value);
  if (decoded === undefined) return { kind: 'absent' };
  if (!isDocument(decoded)) return { kind: 'unknown', reason: decoded.reason };
  const raw = rawStatements(context, value);
  const aligned = raw !== undefined && raw.items.length === decoded.statements.length;
  const statements = decoded.statements.map((statement, index) => ({
    statement,
    position: index + 1,
    raw: aligned ? raw.items[index] : undefined,
    style: aligned ? raw.style : undefined,
  }));
  return { kind: 'document', statements, partial: decoded.partial };
}

/** How a statement is named in messages: its Sid when it has one, its position otherwise. */
export function statementLabel(view: StatementView): string {
  return view.statement.sid ? `statement "${view.statement.sid}"` : `statement ${view.position}`;
}

/** Whether the statement allows (Deny never grants anything; an unknown effect cannot be decided). */
export function isAllow(statement: PolicyStatement): Tri {
  if (statement.effect === 'Allow') return 'yes';
  if (statement.effect === 'Deny') return 'no';
  return 'unknown';
}

/** Yes when a known entry satisfies `test`, unknown when unknown entries remain, no otherwise. */
export function someEntry(set: StringSet | undefined, test: (entry: string) => boolean): Tri {
  if (set === undefined) return 'no';
  if (set.values.some(test)) return 'yes';
  return set.unknown ? 'unknown' : 'no';
}

/** Matches an IAM pattern (`*` any run, `?` one character) against a name, case-insensitively like IAM actions. */
export function patternMatches(pattern: string, name: string): boolean {
  // Why not a regular expression: building one per call was the main cost of the IAM rules on large
  // templates. This is the usual greedy wildcard match, backtracking to the last `*` on a mismatch.
  const glob = pattern.toLowerCase();
  const text = name.toLowerCase();
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const char = glob.charCodeAt(g);
    if (g < glob.length && (char === 63 /* ? */ || char === text.charCodeAt(t)) && char !== 42) {
      g++;
      t++;
    } else if (char === 42 /* * */) {
      star = g++;
      resume = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (glob.charCodeAt(g) === 42) g++;
  return g === glob.length;
}

/** True for an action entry that matches every action of every service. */
export function isAllActions(action: string): boolean {
  return action === '*' || action === '*:*';
}

/** Yes when the statement grants every action: `Action: "*"`, or any `NotAction` (all but a few). */
export function grantsAllActions(statement: PolicyStatement): Tri {
  if (statement.notActions !== undefined) return 'yes';
  return someEntry(statement.actions, isAllActions);
}

// Attributes of data sources that are identifiers or ARNs: they can never be the bare wildcard "*".
const IDENTITY_ATTRIBUTES = new Set(['arn', 'arns', 'id', 'ids', 'account_id', 'partition', 'region', 'name', 'dns_suffix', 'key_id']);

function isIdentifierReference(ref: Reference): boolean {
  // A CloudFormation `Ref` / `Fn::GetAtt` of a template resource is its name, id or ARN, never "*";
  // so is a pseudo parameter (AWS::AccountId, AWS::Partition...).
  if (ref.kind === 'resource' || ref.kind === 'cfn-resource' || ref.kind === 'cfn-pseudo') return true;
  return ref.kind === 'data' && ref.attribute.length > 0 && IDENTITY_ATTRIBUTES.has(ref.attribute[0]);
}

/**
 * True for a partly known string with known text other than `*` around its unknown parts
 * (`"${aws_s3_bucket.b.arn}/*"`, `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`): it is never exactly `*`.
 */
function hasNonWildcardText(value: UnknownValue): boolean {
  return value.parts?.some((piece) => piece !== null && /[^*]/.test(piece)) ?? false;
}

/**
 * Whether a raw resource or principal value may be the wildcard. Why: `Resource = aws_s3_bucket.b.arn` is
 * unknown before plan, but the ARN of a managed resource, or a string with known text around its unknown
 * parts, is never `*`, so it must not make the statement undecidable.
 */
export function mayBeWildcard(value: Value): Tri {
  const text = asString(value);
  if (text !== undefined) return text === '*' ? 'yes' : 'no';
  if (value.kind === 'unknown') {
    if (value.alternatives) return anyOf(...value.alternatives.map((item) => (item.kind === 'null' ? 'no' : mayBeWildcard(item))), 'no');
    if (hasNonWildcardText(value)) return 'no';
    return value.refs.length > 0 && value.refs.every(isIdentifierReference) ? 'no' : 'unknown';
  }
  if (value.kind === 'list') return anyOf(...value.items.map(mayBeWildcard), 'no');
  return 'unknown';
}

/** Yes when the statement applies to every resource: `Resource: "*"`, or any `NotResource`. */
export function coversAllResources(view: StatementView): Tri {
  const { statement } = view;
  if (statement.notResources !== undefined) return 'yes';
  const known = someEntry(statement.resources, (entry) => entry === '*');
  if (known !== 'unknown' || view.raw === undefined) return known;
  const raw = getPath(view.raw, [view.style === 'document' ? 'resources' : 'Resource']);
  return raw === undefined ? known : mayBeWildcard(raw);
}

/** A human list of entries for messages: `"s3:*", "kms:*"`. */
export function quoteList(entries: readonly string[]): string {
  return entries.map((entry) => `"${entry}"`).join(', ');
}

/** One policy document a resource carries, and how messages name it. */
export interface PolicyTarget {
  path: ValuePath;
  subject: string;
}

/** Human kinds of the resources whose `policy` attribute is an identity policy. */
export const IDENTITY_POLICY_KINDS: Readonly<Record<string, string>> = {
  aws_iam_policy: 'IAM policy',
  aws_iam_role_policy: 'IAM role policy',
  aws_iam_user_policy: 'IAM user policy',
  aws_iam_group_policy: 'IAM group policy',
};

/**
 * The identity policies of a resource: the `policy` of the policy resources, or each `inline_policy` block
 * of an aws_iam_role (deprecated in provider v5.68 but still supported). Records not-evaluable blocks.
 */
export function identityPolicies(resource: Resource, context: RuleContext): PolicyTarget[] {
  const kind = IDENTITY_POLICY_KINDS[resource.type];
  if (kind !== undefined) return [{ path: ['policy'], subject: `${kind} "${resource.name}"` }];
  if (resource.type !== 'aws_iam_role') return [];
  const blocks = blocksAt(resource, context, ['inline_policy']);
  const targets: PolicyTarget[] = [];
  (blocks ?? []).forEach((block, index) => {
    if (block.kind === 'unknown') {
      context.notEvaluable(reasonOf(block, ['inline_policy', index]), ['inline_policy', index]);
      return;
    }
    const name = asString(getPath(block, ['name']));
    targets.push({ path: ['inline_policy', index, 'policy'], subject: `IAM role "${resource.name}" inline policy${name ? ` "${name}"` : ''}` });
  });
  return targets;
}

/** Why a statement could not be decided, naming its parts that are not known: `statement 2: Action, Resource not known`. */
export function undecidedPart(view: StatementView, parts: Readonly<Record<string, Tri>>): string {
  const unknown = Object.keys(parts).filter((name) => parts[name] === 'unknown');
  return `${statementLabel(view)}: ${unknown.join(', ')} not known`;
}

/** The not-evaluable reason for a policy at `path`, from its undecided statements. */
export function undecidedReason(path: ValuePath, undecided: readonly string[], partial: boolean): string {
  const parts = [...undecided];
  if (partial) parts.push('some statements cannot be read (e.g. generated from a collection that is not known)');
  return `${path.join('.')}: ${parts.join('; ')}`;
}

/** Human kinds of the CloudFormation resources whose `PolicyDocument` is an identity policy. */
export const CFN_POLICY_KINDS: Readonly<Record<string, string>> = {
  'AWS::IAM::Policy': 'IAM policy',
  'AWS::IAM::ManagedPolicy': 'IAM managed policy',
  'AWS::IAM::RolePolicy': 'IAM role policy',
  'AWS::IAM::UserPolicy': 'IAM user policy',
  'AWS::IAM::GroupPolicy': 'IAM group policy',
};

/** Human kinds of the CloudFormation identities that carry inline `Policies` and `ManagedPolicyArns`. */
export const CFN_IDENTITY_KINDS: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'IAM role',
  'AWS::IAM::User': 'IAM user',
  'AWS::IAM::Group': 'IAM group',
};

/** The CloudFormation identity-policy resource types and identity types, for `appliesTo`. */
export const CFN_IDENTITY_POLICY_TYPES: readonly string[] = [...Object.keys(CFN_POLICY_KINDS), ...Object.keys(CFN_IDENTITY_KINDS)];

/**
 * The identity policies of a CloudFormation resource: the `PolicyDocument` of the policy resources, or
 * each `Policies[].PolicyDocument` of a role, user or group. When `Policies` is an `Fn::If` choice between
 * lists, each position is returned; reading it yields the choice between the documents at that position.
 * Records a `Policies` value that cannot be read at all.
 */
export function cfnIdentityPolicies(resource: Resource, context: RuleContext): PolicyTarget[] {
  const kind = CFN_POLICY_KINDS[resource.type];
  if (kind !== undefined) return [{ path: ['Properties', 'PolicyDocument'], subject: `${kind} "${resource.name}"` }];
  const identity = CFN_IDENTITY_KINDS[resource.type];
  if (identity === undefined) return [];
  const listPath = ['Properties', 'Policies'];
  const policies = getPath(resource.body, listPath);
  if (policies === undefined) return [];
  let count: number;
  if (policies.kind === 'list') count = policies.items.length;
  else if (policies.kind === 'unknown' && policies.alternatives) {
    count = Math.max(0, ...policies.alternatives.map((alternative) => (alternative.kind === 'list' ? alternative.items.length : 0)));
  } else {
    context.notEvaluable(reasonOf(policies, listPath), listPath);
    return [];
  }
  const targets: PolicyTarget[] = [];
  for (let index = 0; index < count; index++) {
    const name = asString(getPath(resource.body, [...listPath, index, 'PolicyName']));
    targets.push({
      path: [...listPath, index, 'PolicyDocument'],
      subject: `${identity} "${resource.name}" inline policy${name ? ` "${name}"` : ''}`,
    });
  }
  return targets;
}
