// The Terraform functions that matter for security settings, over model values. Any other function,
// or any call with an unknown argument, yields Unknown (never a guess).

import type { Range } from '../../parse/range';
import { collectRefs, fromPlain, toPlain, unknown, type ObjectField, type Reference, type Value } from '../value';

/** True when no part of the value is Unknown. */
export function isFullyKnown(value: Value): boolean {
  if (value.kind === 'unknown') return false;
  if (value.kind === 'list') return value.items.every(isFullyKnown);
  if (value.kind === 'object') {
    for (const field of value.fields.values()) if (!isFullyKnown(field.value)) return false;
  }
  return true;
}

/** Structural equality of two known values (ranges ignored). */
export function deepEqual(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'list': {
      const other = b as typeof a;
      return a.items.length === other.items.length && a.items.every((item, index) => deepEqual(item, other.items[index]));
    }
    case 'object': {
      const other = b as typeof a;
      if (a.fields.size !== other.fields.size) return false;
      for (const [key, field] of a.fields) {
        const match = other.fields.get(key);
        if (!match || !deepEqual(field.value, match.value)) return false;
      }
      return true;
    }
    case 'unknown':
      return false;
  }
}

type Fn = (args: Value[], range: Range) => Value;

function text(value: Value): string | undefined {
  if (value.kind === 'string') return value.value;
  if (value.kind === 'number' || value.kind === 'bool') return String(value.value);
  return undefined;
}

function str(value: string, range: Range): Value {
  return { kind: 'string', value, range };
}

function list(items: Value[], range: Range): Value {
  return { kind: 'list', items, range };
}

function dedupe(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) if (!out.some((seen) => deepEqual(seen, item))) out.push(item);
  return out;
}

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^-?\d/.test(text)) {
    const negative = text.startsWith('-');
    return (negative ? '-' : '') + text.slice(negative ? 1 : 0).padStart(width - (negative ? 1 : 0), '0');
  }
  return text.padStart(width);
}

function formatVerb(format: string, args: Value[]): string | undefined {
  let index = 0;
  let failed = false;
  const result = format.replace(/%(%|([-+ #0]*)(\d*)(?:\.(\d+))?([svdfqtbeg]))/g, (match, whole: string, flags = '', width = '', precision: string | undefined, verb: string) => {
    if (whole === '%') return '%';
    const arg = args[index++];
    if (arg === undefined) {
      failed = true;
      return match;
    }
    let rendered: string | undefined;
    if (verb === 'q') rendered = JSON.stringify(text(arg) ?? '');
    else if (verb === 'd') rendered = arg.kind === 'number' ? String(Math.trunc(arg.value)) : undefined;
    else if (verb === 'f') rendered = arg.kind === 'number' ? arg.value.toFixed(precision === undefined ? 6 : Number(precision)) : undefined;
    else if (verb === 'v' && arg.kind !== 'string' && arg.kind !== 'number' && arg.kind !== 'bool') rendered = JSON.stringify(toPlain(arg));
    else rendered = text(arg);
    if (rendered === undefined) {
      failed = true;
      return match;
    }
    return pad(rendered, flags, width === '' ? 0 : Number(width));
  });
  return failed ? undefined : result;
}

// Each function receives fully known arguments (checked by callFunction) unless listed in LAZY_UNKNOWN.
const FUNCTIONS: Record<string, Fn> = {
  jsonencode: ([value], range) => str(JSON.stringify(toPlain(value)), range),
  jsondecode: ([value], range) => {
    try {
      return fromPlain(JSON.parse(text(value) ?? ''), range);
    } catch {
      return unknown('jsondecode of invalid JSON', range);
    }
  },
  merge: (args, range) => {
    const fields = new Map<string, ObjectField>();
    for (const arg of args) {
      if (arg.kind === 'null') continue;
      if (arg.kind !== 'object') return unknown('merge of a non-object', range);
      for (const [key, field] of arg.fields) fields.set(key, field);
    }
    return { kind: 'object', fields, range };
  },
  concat: (args, range) => {
    const items: Value[] = [];
    for (const arg of args) {
      if (arg.kind !== 'list') return unknown('concat of a non-list', range);
      items.push(...arg.items);
    }
    return list(items, range);
  },
  tolist: ([value], range) => (value.kind === 'list' ? list(value.items, range) : unknown('tolist of a non-list', range)),
  toset: ([value], range) => (value.kind === 'list' ? list(dedupe(value.items), range) : unknown('toset of a non-list', range)),
  tomap: ([value], range) => (value.kind === 'object' ? { ...value, range } : unknown('tomap of a non-object', range)),
  tostring: ([value], range) => (text(value) !== undefined ? str(text(value)!, range) : unknown('tostring of a non-primitive', range)),
  tonumber: ([value], range) => {
    const number = value.kind === 'number' ? value.value : Number(text(value));
    return Number.isNaN(number) ? unknown('tonumber of a non-number', range) : { kind: 'number', value: number, range };
  },
  tobool: ([value], range) => {
    const raw = text(value);
    return raw === 'true' || raw === 'false' ? { kind: 'bool', value: raw === 'true', range } : unknown('tobool of a non-bool', range);
  },
  lookup: ([map, key, fallback], range) => {
    const name = key && text(key);
    if (map.kind !== 'object' || name === undefined) return unknown('lookup on a non-map', range);
    const field = map.fields.get(name);
    if (field) return field.value;
    return fallback ?? unknown(`lookup: no key "${name}"`, range);
  },
  coalesce: (args, range) => args.find((arg) => arg.kind !== 'null' && !(arg.kind === 'string' && arg.value === '')) ?? unknown('coalesce: no non-empty argument', range),
  coalescelist: (args, range) => args.find((arg) => arg.kind === 'list' && arg.items.length > 0) ?? unknown('coalescelist: no non-empty list', range),
  format: ([format, ...rest], range) => {
    const pattern = format && text(format);
    const result = pattern === undefined ? undefined : formatVerb(pattern, rest);
    return result === undefined ? unknown('format could not be applied', range) : str(result, range);
  },
  lower: ([value], range) => str((text(value) ?? '').toLowerCase(), range),
  upper: ([value], range) => str((text(value) ?? '').toUpperCase(), range),
  trimspace: ([value], range) => str((text(value) ?? '').trim(), range),
  join: ([separator, value], range) => {
    if (value?.kind !== 'list') return unknown('join of a non-list', range);
    const parts = value.items.map(text);
    return parts.every((part) => part !== undefined) ? str(parts.join(text(separator) ?? ''), range) : unknown('join of non-strings', range);
  },
  split: ([separator, value], range) => list((text(value) ?? '').split(text(separator) ?? '').map((part) => str(part, range)), range),
  replace: ([value, search, replacement], range) => {
    const subject = text(value);
    const pattern = text(search);
    // Patterns written /like this/ are regular expressions in Terraform; we only do literal replacement.
    if (subject === undefined || pattern === undefined || (pattern.startsWith('/') && pattern.endsWith('/') && pattern.length > 1)) {
      return unknown('replace with a regular expression', range);
    }
    return str(subject.split(pattern).join(text(replacement) ?? ''), range);
  },
  length: ([value], range) => {
    if (value.kind === 'list') return { kind: 'number', value: value.items.length, range };
    if (value.kind === 'object') return { kind: 'number', value: value.fields.size, range };
    if (value.kind === 'string') return { kind: 'number', value: [...value.value].length, range };
    return unknown('length of a non-collection', range);
  },
  element: ([value, index], range) => {
    if (value.kind !== 'list' || index.kind !== 'number' || value.items.length === 0) return unknown('element of a non-list', range);
    return value.items[Math.trunc(index.value) % value.items.length];
  },
  contains: ([value, item], range) =>
    value.kind === 'list' ? { kind: 'bool', value: value.items.some((entry) => deepEqual(entry, item)), range } : unknown('contains on a non-list', range),
  distinct: ([value], range) => (value.kind === 'list' ? list(dedupe(value.items), range) : unknown('distinct of a non-list', range)),
  flatten: ([value], range) => {
    const flat = (items: Value[]): Value[] => items.flatMap((item) => (item.kind === 'list' ? flat(item.items) : [item]));
    return value.kind === 'list' ? list(flat(value.items), range) : unknown('flatten of a non-list', range);
  },
  keys: ([value], range) => (value.kind === 'object' ? list([...value.fields.keys()].sort().map((key) => str(key, range)), range) : unknown('keys of a non-map', range)),
  values: ([value], range) =>
    value.kind === 'object' ? list([...value.fields.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, field]) => field.value), range) : unknown('values of a non-map', range),
  compact: ([value], range) =>
    value.kind === 'list' ? list(value.items.filter((item) => item.kind !== 'null' && !(item.kind === 'string' && item.value === '')), range) : unknown('compact of a non-list', range),
  min: (args, range) => (args.every((arg) => arg.kind === 'number') ? { kind: 'number', value: Math.min(...args.map((arg) => (arg as { value: number }).value)), range } : unknown('min of non-numbers', range)),
  max: (args, range) => (args.every((arg) => arg.kind === 'number') ? { kind: 'number', value: Math.max(...args.map((arg) => (arg as { value: number }).value)), range } : unknown('max of non-numbers', range)),
  abs: ([value], range) => (value.kind === 'number' ? { kind: 'number', value: Math.abs(value.value), range } : unknown('abs of a non-number', range)),
  startswith: ([value, prefix], range) => ({ kind: 'bool', value: (text(value) ?? '').startsWith(text(prefix) ?? '\u0000'), range }),
  endswith: ([value, suffix], range) => ({ kind: 'bool', value: (text(value) ?? '').endsWith(text(suffix) ?? '\u0000'), range }),
};

/** Names of the functions evaluated here (the rest are Unknown). */
export const SUPPORTED_FUNCTIONS = Object.keys(FUNCTIONS).concat(['try', 'can']);

function collectRefsOf(args: Value[]): Reference[] {
  const refs: Reference[] = [];
  for (const arg of args) collectRefs(arg, refs);
  return refs;
}

/** Calls a Terraform function on evaluated arguments. */
export function callFunction(name: string, args: Value[], range: Range): Value {
  // try() returns its first argument that evaluates without error; an unknown first argument leaves it open.
  if (name === 'try') {
    const first = args[0];
    if (first === undefined) return unknown('try() without arguments', range);
    return first.kind === 'unknown' ? unknown(first.reason, range, collectRefsOf(args)) : first;
  }
  if (name === 'can') return unknown('can() depends on evaluation errors', range, collectRefsOf(args));
  // jsonencode keeps a partly unknown structure as the structure itself, so policies stay readable.
  if (name === 'jsonencode' && args[0] && !isFullyKnown(args[0])) {
    return args[0].kind === 'unknown' ? unknown(args[0].reason, range, collectRefsOf(args)) : { ...args[0], range };
  }
  const fn = FUNCTIONS[name];
  if (fn === undefined) return unknown(`${name}() is not evaluated`, range, collectRefsOf(args));
  // merge/coalesce/concat may still be decided with unknown entries elsewhere, but we stay conservative.
  if (!args.every(isFullyKnown)) return unknown(`${name}() has an unknown argument`, range, collectRefsOf(args));
  try {
    return fn(args, range);
  } catch {
    return unknown(`${name}() could not be evaluated`, range);
  }
}
