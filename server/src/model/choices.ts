// CloudFormation values may hold `Fn::If` choices on conditions that are not known (Unknown values with
// alternatives). A rule that reads a whole structure checks it once per combination of those choices:
// these are the combinations, and the reason to give when they disagree.

import { containsChoice, type ObjectField, type Value } from './value';

/** Beyond this many combinations of Fn::If choices a value is left undecided. */
export const MAX_CHOICE_COMBINATIONS = 64;

/**
 * Every value `value` can take through the Fn::If choices inside it (undefined = the property is
 * absent, e.g. `!Ref AWS::NoValue`), or undefined when there are more than MAX_CHOICE_COMBINATIONS. Choices are
 * treated as independent: two Fn::If on the same condition also produce the mixed combinations, which
 * can only turn a decision into "not evaluable", never into a wrong finding.
 */
export function expandChoices(value: Value | undefined): (Value | undefined)[] | undefined {
  if (value === undefined) return [undefined];
  // Most values hold no choice at all: no combinations to build, nothing to copy.
  if (!containsChoice(value)) return [value];
  if (value.kind === 'unknown' && value.alternatives) {
    const out: (Value | undefined)[] = [];
    for (const alternative of value.alternatives) {
      const options = expandChoices(alternative.kind === 'null' ? undefined : alternative);
      if (options === undefined || out.length + options.length > MAX_CHOICE_COMBINATIONS) return undefined;
      out.push(...options);
    }
    return out;
  }
  if (value.kind === 'list') {
    let combos: Value[][] = [[]];
    for (const item of value.items) {
      const options = expandChoices(item);
      if (options === undefined || combos.length * options.length > MAX_CHOICE_COMBINATIONS) return undefined;
      if (options.length === 1 && options[0] === item) {
        combos = combos.map((combo) => [...combo, item]);
        continue;
      }
      combos = combos.flatMap((combo) => options.map((option) => (option === undefined ? combo : [...combo, option])));
    }
    return combos.length === 1 && combos[0].length === value.items.length ? [value] : combos.map((items) => ({ ...value, items, range: value.range }));
  }
  if (value.kind === 'object') {
    let combos: Map<string, ObjectField>[] = [new Map()];
    let changed = false;
    for (const [key, field] of value.fields) {
      const options = expandChoices(field.value);
      if (options === undefined || combos.length * options.length > MAX_CHOICE_COMBINATIONS) return undefined;
      if (options.length !== 1 || options[0] !== field.value) changed = true;
      combos = combos.flatMap((combo) =>
        options.map((option) => {
          const next = new Map(combo);
          // Not a spread: a field may be a lazily evaluated class instance whose ranges are getters.
          if (option !== undefined) next.set(key, { value: option, range: field.range, keyRange: field.keyRange });
          return next;
        }),
      );
    }
    return changed ? combos.map((fields) => ({ ...value, fields, range: value.range })) : [value];
  }
  return [value];
}

/** The reason of the first Fn::If on an unknown condition inside `value`. */
export function choiceReason(value: Value | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'unknown') return value.alternatives ? value.reason : undefined;
  const children = value.kind === 'list' ? value.items : value.kind === 'object' ? [...value.fields.values()].map((field) => field.value) : [];
  for (const child of children) {
    const reason = choiceReason(child);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

