// The format-neutral values rules read: every value is either known (with the range it was written at)
// or explicitly Unknown with the reason, so that "cannot tell" is never mistaken for "wrong".

import type { Range } from '../parse/range';

/** A link to another object of the configuration that a value mentions (`aws_kms_key.main.arn`, `!Ref Key`). */
export interface Reference {
  /** `resource`, `data`, `module`, `var`, `local`, `cfn-resource`, `cfn-parameter`, `cfn-pseudo`. */
  kind: string;
  /** Resource type for `resource`/`data` (`aws_kms_key`), empty otherwise. */
  type: string;
  /** Resource name, logical id, variable or module name. */
  name: string;
  /** The attribute path read from it (`["arn"]`), possibly empty. */
  attribute: string[];
}

interface ValueBase {
  /** Where the value was written; absent for values synthesised by evaluation (defaults, function results). */
  range?: Range;
}

/** A known string. */
export interface StringValue extends ValueBase {
  kind: 'string';
  value: string;
}

/** A known number. */
export interface NumberValue extends ValueBase {
  kind: 'number';
  value: number;
}

/** A known boolean. */
export interface BoolValue extends ValueBase {
  kind: 'bool';
  value: boolean;
}

/** An explicit null (in Terraform, the same as leaving the attribute out). */
export interface NullValue extends ValueBase {
  kind: 'null';
}

/** A list, tuple or set; also the repeated nested blocks of one type. */
export interface ListValue extends ValueBase {
  kind: 'list';
  items: Value[];
}

/** One entry of an object: its value and the range of the whole `key = value` (or nested block). */
export interface ObjectField {
  value: Value;
  range?: Range;
  keyRange?: Range;
}

/** An object, map, resource body or nested block body. */
export interface ObjectValue extends ValueBase {
  kind: 'object';
  fields: Map<string, ObjectField>;
}

/** A value that cannot be known from the configuration alone, and why. */
export interface UnknownValue extends ValueBase {
  kind: 'unknown';
  reason: string;
  /** Objects this value depends on: lets rules join resources even though the value is unknown. */
  refs: Reference[];
  /**
   * The values it can take when it is a choice on an unknown condition (CloudFormation `Fn::If`);
   * a `null` alternative means "absent". A rule fails such a value only when every alternative fails.
   */
  alternatives?: Value[];
  /** Set for strings built from known text and unknown parts (`"arn:aws:kms:${var.region}:..."`): never empty. */
  nonEmpty?: boolean;
  /**
   * For such strings, the pieces in order: known text, or null where an unknown part goes
   * (`["arn:", null, ":iam::aws:policy/ReadOnlyAccess"]`). Lets rules decide on the known text.
   */
  parts?: (string | null)[];
}

/** Any value of the model. */
export type Value = StringValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | UnknownValue;

/** A path into a value: object keys and list indexes, e.g. `["ingress", 0, "cidr_blocks"]`. */
export type ValuePath = ReadonlyArray<string | number>;

/** Builds an Unknown value. */
export function unknown(reason: string, range?: Range, refs: Reference[] = []): UnknownValue {
  return { kind: 'unknown', reason, refs, range };
}

/** True when the value is Unknown. */
export function isUnknown(value: Value | undefined): value is UnknownValue {
  return value !== undefined && value.kind === 'unknown';
}

/**
 * Reads the value at `path`. Returns undefined when the path is absent (or null on the way), and the
 * Unknown value itself when an unknown sits on the way (an unknown object may hold anything).
 */
export function getPath(root: Value, path: ValuePath): Value | undefined {
  let current: Value = root;
  // Why an index loop: this is the hottest function of the rules; `entries()` allocates per step.
  for (let index = 0; index < path.length; index++) {
    const step = path[index];
    if (current.kind === 'unknown') {
      // A choice between known structures: follow the rest of the path into each alternative.
      if (current.alternatives) {
        const rest = path.slice(index);
        return { ...current, alternatives: current.alternatives.map((alternative) => getPath(alternative, rest) ?? { kind: 'null' }) };
      }
      return current;
    }
    if (typeof step === 'number') {
      if (current.kind !== 'list') return undefined;
      const item = current.items[step];
      if (item === undefined) return undefined;
      current = item;
    } else {
      if (current.kind !== 'object') return undefined;
      const field = current.fields.get(step);
      if (field === undefined) return undefined;
      current = field.value;
    }
  }
  return current.kind === 'null' ? undefined : current;
}

/** The range to underline for `path`: the whole field for object keys, the item for list entries. */
export function rangeOfPath(root: Value, path: ValuePath): Range | undefined {
  let current: Value = root;
  let best: Range | undefined = root.range;
  for (const step of path) {
    if (typeof step === 'number') {
      if (current.kind !== 'list' || current.items[step] === undefined) return best;
      current = current.items[step];
      best = current.range ?? best;
    } else {
      if (current.kind !== 'object') return best;
      const field = current.fields.get(step);
      if (field === undefined) return best;
      best = field.range ?? field.value.range ?? best;
      current = field.value;
    }
  }
  return best;
}

/**
 * Reads a value as a boolean the way Terraform coerces it ("true"/"false" strings count).
 * Returns undefined when the value is unknown or not boolean-like.
 */
export function asBool(value: Value | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'bool') return value.value;
  if (value.kind === 'string') {
    const lower = value.value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** Reads a value as a number (numeric strings count, as Terraform converts them). */
export function asNumber(value: Value | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && value.value.trim() !== '' && !Number.isNaN(Number(value.value))) {
    return Number(value.value);
  }
  return undefined;
}

/** Reads a value as a string (numbers and booleans convert, as in Terraform). */
export function asString(value: Value | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number') return String(value.value);
  if (value.kind === 'bool') return String(value.value);
  return undefined;
}

/** The items of a list value; a single object counts as a one-item list (a block written once). */
export function asList(value: Value | undefined): Value[] | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'list') return value.items;
  if (value.kind === 'object') return [value];
  return undefined;
}

/** Every reference found anywhere inside a value (for joins through known structures holding refs). */
export function collectRefs(value: Value | undefined, out: Reference[] = []): Reference[] {
  if (value === undefined) return out;
  switch (value.kind) {
    case 'unknown':
      out.push(...value.refs);
      break;
    case 'list':
      for (const item of value.items) collectRefs(item, out);
      break;
    case 'object':
      for (const field of value.fields.values()) collectRefs(field.value, out);
      break;
    default:
      break;
  }
  return out;
}

/** Converts a fully known value to plain JSON; unknown parts become undefined-free markers. */
export function toPlain(value: Value): unknown {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    case 'null':
      return null;
    case 'list':
      return value.items.map(toPlain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of value.fields) out[key] = toPlain(field.value);
      return out;
    }
    case 'unknown':
      return { $unknown: value.reason };
  }
}

/** Builds a model value from plain JSON (for synthesised values such as decoded policy documents). */
export function fromPlain(plain: unknown, range?: Range): Value {
  if (plain === null || plain === undefined) return { kind: 'null', range };
  if (typeof plain === 'string') return { kind: 'string', value: plain, range };
  if (typeof plain === 'number') return { kind: 'number', value: plain, range };
  if (typeof plain === 'boolean') return { kind: 'bool', value: plain, range };
  if (Array.isArray(plain)) return { kind: 'list', items: plain.map((item) => fromPlain(item, range)), range };
  const fields = new Map<string, ObjectField>();
  for (const [key, item] of Object.entries(plain as Record<string, unknown>)) {
    fields.set(key, { value: fromPlain(item, range), range });
  }
  return { kind: 'object', fields, range };
}

/**
 * The pieces of a string value: one known piece for a known string, the known and unknown (null)
 * pieces of a partly known one, undefined when nothing of it is known.
 */
export function stringPieces(value: Value | undefined): (string | null)[] | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'string') return [value.value];
  if (value.kind === 'unknown') return value.parts;
  return undefined;
}

/** True when a value holds a choice on an unknown condition (an Unknown with alternatives) anywhere inside. */
export function containsChoice(value: Value): boolean {
  if (value.kind === 'unknown') return value.alternatives !== undefined;
  if (value.kind === 'list') return value.items.some(containsChoice);
  if (value.kind === 'object') {
    for (const field of value.fields.values()) if (containsChoice(field.value)) return true;
  }
  return false;
}
