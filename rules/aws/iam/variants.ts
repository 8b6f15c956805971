// Checks of whole structures (policy documents, lists of inline policies) that may hold CloudFormation
// `Fn::If` choices on unknown conditions: each combination of choices is checked on its own, and the
// structure fails only when every combination fails.

import { choiceReason, expandChoices } from '../../../server/src/model/choices';
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

/**
 * Checks `value` (undefined when absent) once per combination of its `Fn::If` choices: fails when every
 * combination fails (with the first failure's message), passes when every one passes, and is unknown
 * otherwise. A value without choices is checked once, as it is.
 */
export function acrossVariants(value: Value | undefined, path: ValuePath, check: (variant: Value | undefined) => Outcome): Outcome {
  if (value === undefined) return check(undefined);
  const variants = expandChoices(value);
  if (variants === undefined) {
    return { verdict: 'unknown', reason: `${path.join('.')}: too many Fn::If combinations on unknown conditions to check`, at: path };
  }
  const outcomes = variants.map((variant) => check(variant));
  if (outcomes.length === 1) return outcomes[0];
  const failure = outcomes.find((outcome) => outcome.verdict === 'fail');
  if (failure && outcomes.every((outcome) => outcome.verdict === 'fail')) return failure;
  if (outcomes.every((outcome) => outcome.verdict === 'pass')) return PASS;
  const unknown = outcomes.find((outcome) => outcome.verdict === 'unknown');
  if (unknown) return unknown;
  return { verdict: 'unknown', reason: `${path.join('.')}: ${choiceReason(value) ?? 'a choice on an unknown condition'}; some choices fail and others pass`, at: path };
}
