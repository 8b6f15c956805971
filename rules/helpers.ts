// Checks shared by many rules, each deciding pass / fail / not evaluable in one consistent way.

import type { Resource, RuleContext, Value, ValuePath } from './api';
import { asBool, asList, getPath } from '../server/src/model/value';

/** What a boolean check says in each failing case. */
export interface BooleanMessages {
  /** The attribute is absent and its default is not the expected value. */
  missing: string;
  /** The attribute is set to the wrong value. */
  wrong: string;
}

/**
 * The attribute at `path` must be `expected`. Absent counts as `defaultValue` (provider default);
 * an unknown value is not evaluable.
 */
export function expectBoolean(
  resource: Resource,
  context: RuleContext,
  path: ValuePath,
  expected: boolean,
  defaultValue: boolean,
  messages: BooleanMessages,
): void {
  const value = getPath(resource.body, path);
  if (value === undefined) {
    if (defaultValue !== expected) context.report(messages.missing);
    return;
  }
  const actual = asBool(value);
  if (actual === undefined) {
    context.notEvaluable(reasonOf(value, path), path);
    return;
  }
  if (actual !== expected) context.report(messages.wrong, path);
}

/** The reason an unreadable value is not evaluable, for evaluations and the coverage report. */
export function reasonOf(value: Value, path: ValuePath): string {
  return value.kind === 'unknown' ? `${path.join('.')}: ${value.reason}` : `${path.join('.')}: unexpected ${value.kind} value`;
}

/**
 * Whether a value is set to something non-empty: 'yes' (a known non-empty value, or a reference to
 * another resource, which always has a value), 'no' (absent, null or empty), or 'unknown'.
 */
export function presence(value: Value | undefined): 'yes' | 'no' | 'unknown' {
  if (value === undefined || value.kind === 'null') return 'no';
  if (value.kind === 'string') return value.value.trim() === '' ? 'no' : 'yes';
  if (value.kind === 'list') return value.items.length === 0 ? 'no' : 'yes';
  if (value.kind === 'unknown') {
    return value.refs.some((ref) => ref.kind === 'resource' || ref.kind === 'data' || ref.kind === 'cfn-resource') ? 'yes' : 'unknown';
  }
  return 'yes';
}

/** The attribute at `path` must be set (e.g. a KMS key); reports `missing` at the resource otherwise. */
export function expectPresent(resource: Resource, context: RuleContext, path: ValuePath, missing: string): void {
  const value = getPath(resource.body, path);
  const state = presence(value);
  if (state === 'no') context.report(missing, value === undefined ? undefined : path);
  else if (state === 'unknown' && value) context.notEvaluable(reasonOf(value, path), path);
}

/**
 * The nested blocks at `path` (a block written once is a one-item list). Returns undefined when the
 * list itself is unknown, after recording that as not evaluable.
 */
export function blocksAt(resource: Resource, context: RuleContext, path: ValuePath): Value[] | undefined {
  const value = getPath(resource.body, path);
  if (value === undefined) return [];
  if (value.kind === 'unknown') {
    context.notEvaluable(reasonOf(value, path), path);
    return undefined;
  }
  return asList(value) ?? [];
}

/** A human name for a resource in messages: `RDS instance "patients"`. */
export function describe(kind: string, resource: Resource): string {
  return `${kind} "${resource.name}"`;
}
