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

/** How one value fares against a check. */
export type Verdict = 'pass' | 'fail' | 'unknown';

/**
 * Judges a value that may be a choice on an unknown condition (CloudFormation `Fn::If`): it fails only
 * when every alternative fails, passes when every alternative passes, and is unknown otherwise.
 */
export function judge(value: Value | undefined, verdict: (value: Value | undefined) => Verdict): Verdict {
  if (value?.kind === 'unknown' && value.alternatives) {
    const verdicts = value.alternatives.map((alternative) => verdict(alternative.kind === 'null' ? undefined : alternative));
    if (verdicts.every((item) => item === 'fail')) return 'fail';
    if (verdicts.every((item) => item === 'pass')) return 'pass';
    return 'unknown';
  }
  return verdict(value);
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
  const outcome = judge(value, (item) => {
    if (item === undefined) return defaultValue === expected ? 'pass' : 'fail';
    const actual = asBool(item);
    return actual === undefined ? 'unknown' : actual === expected ? 'pass' : 'fail';
  });
  if (outcome === 'pass') return;
  if (outcome === 'unknown') context.notEvaluable(reasonOf(value!, path), path);
  else if (value === undefined) context.report(messages.missing);
  else context.report(messages.wrong, path);
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
  const outcome = judge(value, (item) => {
    const state = presenceOfOne(item);
    return state === 'yes' ? 'pass' : state === 'no' ? 'fail' : 'unknown';
  });
  return outcome === 'pass' ? 'yes' : outcome === 'fail' ? 'no' : 'unknown';
}

function presenceOfOne(value: Value | undefined): 'yes' | 'no' | 'unknown' {
  if (value === undefined || value.kind === 'null') return 'no';
  if (value.kind === 'string') return value.value.trim() === '' ? 'no' : 'yes';
  if (value.kind === 'list') return value.items.length === 0 ? 'no' : 'yes';
  if (value.kind === 'unknown') {
    if (value.nonEmpty) return 'yes';
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
