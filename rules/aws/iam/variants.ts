// Checks of whole structures (policy documents, lists of inline policies) that may hold CloudFormation
// `Fn::If` choices on unknown conditions: each combination of choices is checked on its own, and the
// structure fails only when every combination fails.

import { containsChoice } from '../../../server/src/model/value';
import type { RuleContext, Value, ValuePath } from '../../api';

/** What one check concluded about one value. */
export type Outcome =
  | { verdict: 'pass' }
  | { verdict: 'fail'; message: string; at?: ValuePath }
  | { verdict: 'unknown'; reason: string; at?: ValuePath };

/** The passing outcome. */
export const PASS: Outcome = { verdict: 'pass' };

/** Records an outcome: a finding, a not-evaluable reason, or nothing. */
export function emit(context: RuleContext, outcome: Outcome): void {
  if (outcome.verdict === 'fail') context.report(outcome.message, outcome.at);
  else if (outcome.verdict === 'unknown') context.notEvaluable(outcome.reason, outcome.at);
}

// Why a bound: every Fn::If doubles the combinations; past this many the structure is simply not evaluable.
const MAX_VARIANTS = 64;

/** The first reason of an `Fn::If` choice inside a value (for messages). */
function choiceReason(value: Value): string | undefined {
  if (value.kind === 'unknown') return value.alternatives ? value.reason : undefined;
  const parts = value.kind === 'list' ? value.items : value.kind === 'object' ? [...value.fields.values()].map((field) => field.value) : [];
  for (const part of parts) {
    const reason = choiceReason(part);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * Every value `value` can take, one per combination of its `Fn::If` choices (a `null` variant means
 * "absent": `Ref: AWS::NoValue` removes list items and object fields). Undefined past MAX_VARIANTS.
 */
function expand(value: Value): Value[] | undefined {
  if (!containsChoice(value)) return [value];
  if (value.kind === 'unknown') {
    const out: Value[] = [];
    for (const alternative of value.alternatives ?? []) {
      const options = expand(alternative);
      if (options === undefined) return undefined;
      out.push(...options);
      if (out.length > MAX_VARIANTS) return undefined;
    }
    return out;
  }
  if (value.kind === 'list') {
    let combinations: Value[][] = [[]];
    for (const item of value.items) {
      const options = expand(item);
      if (options === undefined) return undefined;
      combinations = combinations.flatMap((combination) => options.map((option) => [...combination, option]));
      if (combinations.length > MAX_VARIANTS) return undefined;
    }
    return combinations.map((items) => ({ kind: 'list', items: items.filter((item) => item.kind !== 'null'), range: value.range }));
  }
  if (value.kind === 'object') {
    let combinations: [string, Value][][] = [[]];
    for (const [key, field] of value.fields) {
      const options = expand(field.value);
      if (options === undefined) return undefined;
      combinations = combinations.flatMap((combination) => options.map((option): [string, Value][] => [...combination, [key, option]]));
      if (combinations.length > MAX_VARIANTS) return undefined;
    }
    return combinations.map((entries) => {
      const fields = new Map(
        entries.filter(([, item]) => item.kind !== 'null').map(([key, item]) => [key, { ...value.fields.get(key)!, value: item }] as const),
      );
      return { kind: 'object', fields, range: value.range };
    });
  }
  return [value];
}

/**
 * Checks `value` (undefined when absent) once per combination of its `Fn::If` choices: fails when every
 * combination fails (with the first failure's message), passes when every one passes, and is unknown
 * otherwise. A value without choices is checked once, as it is.
 */
export function acrossVariants(value: Value | undefined, path: ValuePath, check: (variant: Value | undefined) => Outcome): Outcome {
  if (value === undefined) return check(undefined);
  const variants = expand(value);
  if (variants === undefined) {
    return { verdict: 'unknown', reason: `${path.join('.')}: too many Fn::If combinations on unknown conditions to check`, at: path };
  }
  const outcomes = variants.map((variant) => check(variant.kind === 'null' ? undefined : variant));
  if (outcomes.length === 1) return outcomes[0];
  const failure = outcomes.find((outcome) => outcome.verdict === 'fail');
  if (failure && outcomes.every((outcome) => outcome.verdict === 'fail')) return failure;
  if (outcomes.every((outcome) => outcome.verdict === 'pass')) return PASS;
  const unknown = outcomes.find((outcome) => outcome.verdict === 'unknown');
  if (unknown) return unknown;
  return { verdict: 'unknown', reason: `${path.join('.')}: ${choiceReason(value) ?? 'a choice on an unknown condition'}; some choices fail and others pass`, at: path };
}
