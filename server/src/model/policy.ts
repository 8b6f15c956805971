// IAM policy documents in one normalised shape, whatever they were written as: a JSON string, a
// jsonencode() object, a CloudFormation PolicyDocument map or a Terraform aws_iam_policy_document.

import type { Configuration, Resource } from './resource';
import { asList, asString, fromPlain, getPath, unknown, type UnknownValue, type Value } from './value';

/** A list of strings that may hold unknown entries (then `unknown` is set and `values` has the known ones). */
export interface StringSet {
  values: string[];
  unknown: boolean;
}

/** A Principal / NotPrincipal: `*` (anyone), or typed identifier lists. */
export interface PrincipalSet {
  /** True for `"*"` or `{"AWS": "*"}` (anyone at all). */
  anyone: boolean;
  entries: { type: string; values: StringSet }[];
  unknown: boolean;
}

/** One condition `test variable values` (`Bool aws:SecureTransport ["false"]`). */
export interface PolicyCondition {
  test: string;
  variable: string;
  values: StringSet;
}

/** One policy statement with every field normalised; absent fields are undefined. */
export interface PolicyStatement {
  sid?: string;
  /** undefined when the effect is unknown. */
  effect: 'Allow' | 'Deny' | undefined;
  actions?: StringSet;
  notActions?: StringSet;
  resources?: StringSet;
  notResources?: StringSet;
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  conditions: PolicyCondition[];
  /** True when some condition could not be read (then the conditions may be more restrictive). */
  conditionsUnknown: boolean;
}

/** A decoded policy. `partial` is set when some statements could not be decoded at all. */
export interface PolicyDocument {
  statements: PolicyStatement[];
  partial: boolean;
}

function stringSet(value: Value | undefined): StringSet | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'unknown') return { values: [], unknown: true };
  const items = value.kind === 'list' ? value.items : [value];
  const set: StringSet = { values: [], unknown: false };
  for (const item of items) {
    const text = asString(item);
    if (text === undefined) set.unknown = true;
    else set.values.push(text);
  }
  return set;
}

function principalFromJson(value: Value | undefined): PrincipalSet | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'unknown') return { anyone: false, entries: [], unknown: true };
  if (value.kind === 'string') return { anyone: value.value === '*', entries: [], unknown: false };
  if (value.kind !== 'object') return { anyone: false, entries: [], unknown: true };
  const set: PrincipalSet = { anyone: false, entries: [], unknown: false };
  for (const [type, field] of value.fields) {
    const values = stringSet(field.value) ?? { values: [], unknown: true };
    if (type === 'AWS' && values.values.includes('*')) set.anyone = true;
    set.entries.push({ type, values });
    set.unknown ||= values.unknown;
  }
  return set;
}

function conditionsFromJson(value: Value | undefined): { conditions: PolicyCondition[]; unknown: boolean } {
  const out = { conditions: [] as PolicyCondition[], unknown: false };
  if (value === undefined) return out;
  if (value.kind !== 'object') return { conditions: [], unknown: true };
  for (const [test, field] of value.fields) {
    if (field.value.kind !== 'object') {
      out.unknown = true;
      continue;
    }
    for (const [variable, inner] of field.value.fields) {
      out.conditions.push({ test, variable, values: stringSet(inner.value) ?? { values: [], unknown: true } });
    }
  }
  return out;
}

function effectOf(value: Value | undefined, fallback: 'Allow' | undefined): 'Allow' | 'Deny' | undefined {
  if (value === undefined) return fallback;
  const text = asString(value);
  if (text === 'Allow' || text === 'Deny') return text;
  return undefined;
}

/** Decodes a JSON-shaped policy value (already an object, e.g. from JSON.parse or jsonencode). */
export function policyFromJsonValue(doc: Value): PolicyDocument | UnknownValue {
  if (doc.kind === 'unknown') return doc;
  if (doc.kind !== 'object') return unknown('policy is not a JSON object', doc.range);
  const statementValue = getPath(doc, ['Statement']);
  if (statementValue === undefined) return { statements: [], partial: false };
  if (statementValue.kind === 'unknown') return statementValue;
  const result: PolicyDocument = { statements: [], partial: false };
  for (const item of asList(statementValue) ?? []) {
    if (item.kind !== 'object') {
      result.partial = true;
      continue;
    }
    const conditions = conditionsFromJson(getPath(item, ['Condition']));
    result.statements.push({
      sid: asString(getPath(item, ['Sid'])),
      effect: effectOf(getPath(item, ['Effect']), undefined),
      actions: stringSet(getPath(item, ['Action'])),
      notActions: stringSet(getPath(item, ['NotAction'])),
      resources: stringSet(getPath(item, ['Resource'])),
      notResources: stringSet(getPath(item, ['NotResource'])),
      principal: principalFromJson(getPath(item, ['Principal'])),
      notPrincipal: principalFromJson(getPath(item, ['NotPrincipal'])),
      conditions: conditions.conditions,
      conditionsUnknown: conditions.unknown,
    });
  }
  return result;
}

function principalsFromBlocks(value: Value | undefined): PrincipalSet | undefined {
  const blocks = asList(value);
  if (blocks === undefined || blocks.length === 0) return undefined;
  const set: PrincipalSet = { anyone: false, entries: [], unknown: false };
  for (const block of blocks) {
    const type = asString(getPath(block, ['type']));
    const values = stringSet(getPath(block, ['identifiers'])) ?? { values: [], unknown: true };
    if (type === undefined || block.kind === 'unknown') {
      set.unknown = true;
      continue;
    }
    if ((type === 'AWS' || type === '*') && values.values.includes('*')) set.anyone = true;
    set.entries.push({ type, values });
    set.unknown ||= values.unknown;
  }
  return set;
}

/** Decodes the body of a Terraform `data "aws_iam_policy_document"`. */
export function policyFromTerraformDocument(source: Resource): PolicyDocument {
  const body = source.body;
  const result: PolicyDocument = { statements: [], partial: false };
  // Merged-in documents are other values we would have to resolve recursively; treat them as unknown parts.
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    if (getPath(body, [merged]) !== undefined) result.partial = true;
  }
  for (const block of asList(getPath(body, ['statement'])) ?? []) {
    if (block.kind !== 'object') {
      result.partial = true;
      continue;
    }
    const conditions: PolicyCondition[] = [];
    let conditionsUnknown = false;
    for (const condition of asList(getPath(block, ['condition'])) ?? []) {
      const test = asString(getPath(condition, ['test']));
      const variable = asString(getPath(condition, ['variable']));
      if (test === undefined || variable === undefined) {
        conditionsUnknown = true;
        continue;
      }
      conditions.push({ test, variable, values: stringSet(getPath(condition, ['values'])) ?? { values: [], unknown: true } });
    }
    result.statements.push({
      sid: asString(getPath(block, ['sid'])),
      effect: effectOf(getPath(block, ['effect']), 'Allow'),
      actions: stringSet(getPath(block, ['actions'])),
      notActions: stringSet(getPath(block, ['not_actions'])),
      resources: stringSet(getPath(block, ['resources'])),
      notResources: stringSet(getPath(block, ['not_resources'])),
      principal: principalsFromBlocks(getPath(block, ['principals'])),
      notPrincipal: principalsFromBlocks(getPath(block, ['not_principals'])),
      conditions,
      conditionsUnknown,
    });
  }
  return result;
}

// Why memoised: several rules decode the same policy value (an IAM policy is read by every IAM rule), and
// decoding builds a whole document. Per configuration, since decoding a data source reference resolves it.
const DECODED = new WeakMap<Configuration, WeakMap<Value, PolicyDocument | UnknownValue>>();

/**
 * Decodes whatever a `policy` attribute holds. Returns undefined when the value is absent, an Unknown
 * when it cannot be read, and the normalised document otherwise (the same object for the same value:
 * callers must not change it).
 */
export function decodePolicy(config: Configuration, value: Value | undefined): PolicyDocument | UnknownValue | undefined {
  if (value === undefined) return undefined;
  let perConfig = DECODED.get(config);
  if (perConfig === undefined) DECODED.set(config, (perConfig = new WeakMap()));
  let decoded = perConfig.get(value);
  if (decoded === undefined) perConfig.set(value, (decoded = decodeValue(config, value)));
  return decoded;
}

function decodeValue(config: Configuration, value: Value): PolicyDocument | UnknownValue {
  if (value.kind === 'string') {
    if (value.value.trim() === '') return unknown('empty policy', value.range);
    try {
      return policyFromJsonValue(fromPlain(JSON.parse(value.value), value.range));
    } catch {
      return unknown('policy is not valid JSON', value.range);
    }
  }
  if (value.kind === 'object') return policyFromJsonValue(value);
  if (value.kind === 'unknown') {
    for (const ref of value.refs) {
      if (ref.kind !== 'data' || ref.type !== 'aws_iam_policy_document') continue;
      const source = config.resolve(ref);
      if (source && (ref.attribute[0] === 'json' || ref.attribute[0] === 'minified_json') && value.refs.length === 1) {
        return policyFromTerraformDocument(source);
      }
    }
    return value;
  }
  return unknown('policy is not a document', value.range);
}

/** True when a string pattern from a policy covers everything (`*`). */
export function isWildcard(text: string): boolean {
  return text === '*';
}

/** True when a set matches `*`-everything; unknown entries never count as a match. */
export function setHasWildcard(set: StringSet | undefined): boolean {
  return set !== undefined && set.values.some(isWildcard);
}
