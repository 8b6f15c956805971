// Evaluates HCL expressions to model values. Whatever depends on something not in the configuration
// (a variable without a value, a computed attribute, a data source) becomes Unknown with its reason and
// the references it mentions, so rules can still join resources through it.

import type { Expression, GetAttrExpr, IndexExpr, TemplatePart } from '../../parse/hcl/ast';
import type { Range } from '../../parse/range';
import { collectRefs, unknown, type ObjectField, type Reference, type UnknownValue, type Value } from '../value';
import { callFunction, deepEqual, isFullyKnown } from './functions';
import { withIterators, type Scope } from './scope';

// The iterator name the placeholder of a splat expression is bound to (not a valid HCL identifier).
const SPLAT_ITEM = '\u0000splat';

/** Combines the refs of several values into one Unknown. */
export function unknownFrom(reason: string, range: Range | undefined, ...sources: (Value | undefined)[]): UnknownValue {
  const refs: Reference[] = [];
  for (const source of sources) collectRefs(source, refs);
  return unknown(reason, range, refs);
}

/** Copies a value so that every part of it is placed at `range` (values read through var/local). */
export function rehome(value: Value, range: Range): Value {
  switch (value.kind) {
    case 'list':
      return { kind: 'list', items: value.items.map((item) => rehome(item, range)), range };
    case 'object': {
      const fields = new Map<string, ObjectField>();
      for (const [key, field] of value.fields) fields.set(key, { value: rehome(field.value, range), range });
      return { kind: 'object', fields, range };
    }
    default:
      return { ...value, range };
  }
}

type Step = GetAttrExpr | IndexExpr;

/** The steps of `a.b[c].d` (the AST nodes, in order); the root is the first step's object. */
function flattenTraversal(expr: Expression): Step[] {
  const steps: Step[] = [];
  let current = expr;
  while (current.type === 'GetAttr' || current.type === 'Index') {
    steps.push(current);
    current = current.object;
  }
  return steps.reverse();
}

/** Applies `steps` from index `from` on. */
function applySteps(value: Value, steps: Step[], from: number, scope: Scope, range: Range): Value {
  let current = value;
  for (let index = from; index < steps.length; index++) {
    const step = steps[index];
    if (current.kind === 'unknown') return unknownFrom(current.reason, range, current);
    if (step.type === 'GetAttr') {
      if (current.kind !== 'object') return unknown(`cannot read attribute "${step.name}"`, range);
      const field = current.fields.get(step.name);
      if (field === undefined) return unknown(`no attribute "${step.name}"`, range);
      current = field.value;
      continue;
    }
    const key = evaluate(step.key, scope);
    if (key.kind === 'unknown') return unknownFrom('index is unknown', range, key, current);
    if (current.kind === 'list' && key.kind === 'number') {
      const item = current.items[key.value];
      if (item === undefined) return unknown('index out of range', range);
      current = item;
    } else if (current.kind === 'object' && (key.kind === 'string' || key.kind === 'number')) {
      const field = current.fields.get(String(key.value));
      if (field === undefined) return unknown(`no key "${key.value}"`, range);
      current = field.value;
    } else {
      return unknown('invalid index', range);
    }
  }
  return current;
}

/** The attribute names of `steps` from index `from` on (index steps skipped). */
function attrNames(steps: Step[], from: number): string[] {
  const names: string[] = [];
  for (let index = from; index < steps.length; index++) {
    const step = steps[index];
    if (step.type === 'GetAttr') names.push(step.name);
  }
  return names;
}

function evaluateTraversal(expr: Expression, scope: Scope): Value {
  const steps = flattenTraversal(expr);
  const root = steps.length > 0 ? steps[0].object : expr;
  const range = expr.range;
  if (root.type !== 'Variable') return applySteps(evaluate(root, scope), steps, 0, scope, range);
  const name = root.name;
  const iterator = scope.iterator(name);
  if (iterator !== undefined) return rehome(applySteps(iterator, steps, 0, scope, range), range);
  const first = steps[0];
  const firstName = first?.type === 'GetAttr' ? first.name : undefined;
  switch (name) {
    case 'var': {
      if (firstName === undefined) return unknown('invalid variable reference', range);
      const value = scope.variable(firstName);
      if (value === undefined) return unknown(`var.${firstName} is not declared`, range, [{ kind: 'var', type: '', name: firstName, attribute: [] }]);
      return rehome(applySteps(value, steps, 1, scope, range), range);
    }
    case 'local': {
      if (firstName === undefined) return unknown('invalid local reference', range);
      const value = scope.local(firstName);
      if (value === undefined) return unknown(`local.${firstName} is not declared`, range);
      return rehome(applySteps(value, steps, 1, scope, range), range);
    }
    case 'data': {
      const type = firstName;
      const second = steps[1];
      const dataName = second?.type === 'GetAttr' ? second.name : undefined;
      if (type === undefined || dataName === undefined) return unknown('invalid data source reference', range);
      return unknown(`data.${type}.${dataName} is read at apply time`, range, [{ kind: 'data', type, name: dataName, attribute: attrNames(steps, 2) }]);
    }
    case 'module':
      if (firstName === undefined) return unknown('invalid module reference', range);
      return unknown(`module.${firstName} output is computed`, range, [{ kind: 'module', type: '', name: firstName, attribute: attrNames(steps, 1) }]);
    case 'count':
    case 'each':
    case 'self':
    case 'path':
    case 'terraform':
      return unknown(`${name}.${firstName ?? ''} is not known before plan`, range);
    default:
      if (firstName !== undefined) {
        const attribute = attrNames(steps, 1);
        return unknown(`${name}.${firstName}${steps.length > 1 ? '.' + attribute.join('.') : ''} is computed`, range, [
          { kind: 'resource', type: name, name: firstName, attribute },
        ]);
      }
      return unknown(`"${name}" is not a value`, range);
  }
}

/** Joins known and unknown pieces into a string, or an Unknown that keeps the known pieces. */
export function concatenate(pieces: Value[], range: Range): Value {
  let text = '';
  let known = '';
  // Why created on the first unknown piece: most strings are fully known and need neither.
  let skeleton: (string | null)[] | undefined;
  let unknowns: Value[] | undefined;
  for (const piece of pieces) {
    if (piece.kind === 'string' || piece.kind === 'number' || piece.kind === 'bool') {
      text += String(piece.value);
      known += String(piece.value);
      continue;
    }
    skeleton ??= [];
    unknowns ??= [];
    if (known !== '') skeleton.push(known);
    known = '';
    if (piece.kind === 'unknown') {
      unknowns.push(piece);
      if (piece.parts) skeleton.push(...piece.parts);
      else skeleton.push(null);
    } else {
      unknowns.push(unknown('a non-string value inside a string', range));
      skeleton.push(null);
    }
  }
  if (unknowns === undefined || skeleton === undefined) return { kind: 'string', value: text, range };
  if (known !== '') skeleton.push(known);
  const first = unknowns[0];
  const result = unknownFrom(first.kind === 'unknown' ? first.reason : 'unknown', range, ...unknowns);
  // Known text around the unknown parts, or a part known to be non-empty, means the string is not empty.
  if (text.trim() !== '' || unknowns.some((piece) => piece.kind === 'unknown' && piece.nonEmpty)) result.nonEmpty = true;
  result.parts = skeleton;
  return result;
}

function evaluateTemplate(parts: TemplatePart[], scope: Scope, range: Range): Value {
  return concatenate(parts.map((part) => evaluateTemplatePart(part, scope, range)), range);
}

function evaluateTemplatePart(part: TemplatePart, scope: Scope, range: Range): Value {
  switch (part.type) {
    case 'TemplateLiteral':
      return { kind: 'string', value: part.value, range };
    case 'TemplateInterpolation':
      return evaluate(part.expr, scope);
    case 'TemplateIf': {
      const condition = evaluate(part.condition, scope);
      if (condition.kind !== 'bool') return unknownFrom('template condition is unknown', range, condition);
      return evaluateTemplate(condition.value ? part.then : part.else ?? [], scope, range);
    }
    case 'TemplateFor': {
      const collection = evaluate(part.collection, scope);
      const entries = iterate(collection);
      if (entries === undefined) return unknownFrom('template loops over an unknown collection', range, collection);
      let text = '';
      for (const [key, item] of entries) {
        const piece = evaluateTemplate(part.body, withIterators(scope, part.valueVar, item, part.keyVar, key), range);
        if (piece.kind !== 'string') return piece;
        text += piece.value;
      }
      return { kind: 'string', value: text, range };
    }
  }
}

/** The (key, value) pairs of a known collection, or undefined when it cannot be iterated. */
function iterate(collection: Value): [Value, Value][] | undefined {
  if (collection.kind === 'list') return collection.items.map((item, index) => [{ kind: 'number', value: index }, item]);
  if (collection.kind === 'object') {
    return [...collection.fields].map(([key, field]) => [{ kind: 'string', value: key }, field.value]);
  }
  return undefined;
}

function evaluateFor(expr: Extract<Expression, { type: 'For' }>, scope: Scope): Value {
  const range = expr.range;
  const collection = evaluate(expr.collection, scope);
  const entries = iterate(collection);
  if (entries === undefined) return unknownFrom('for expression over an unknown collection', range, collection);
  const items: Value[] = [];
  const fields = new Map<string, ObjectField>();
  for (const [key, item] of entries) {
    const inner = withIterators(scope, expr.valueVar, item, expr.keyVar, key);
    if (expr.condition) {
      const keep = evaluate(expr.condition, inner);
      if (keep.kind !== 'bool') return unknownFrom('for expression filter is unknown', range, keep);
      if (!keep.value) continue;
    }
    const value = evaluate(expr.valueExpr, inner);
    if (expr.kind === 'tuple') {
      items.push(value);
      continue;
    }
    const keyValue = expr.keyExpr ? evaluate(expr.keyExpr, inner) : key;
    if (keyValue.kind !== 'string' && keyValue.kind !== 'number') return unknownFrom('for expression key is unknown', range, keyValue);
    const name = String(keyValue.value);
    if (expr.grouping) {
      const existing = fields.get(name);
      if (existing && existing.value.kind === 'list') existing.value.items.push(value);
      else fields.set(name, { value: { kind: 'list', items: [value], range }, range });
    } else {
      fields.set(name, { value, range });
    }
  }
  return expr.kind === 'tuple' ? { kind: 'list', items, range } : { kind: 'object', fields, range };
}

function evaluateBinary(expr: Extract<Expression, { type: 'Binary' }>, scope: Scope): Value {
  const range = expr.range;
  const left = evaluate(expr.left, scope);
  // Logical operators decide on one known side even when the other is unknown.
  if (expr.op === '&&' || expr.op === '||') {
    const decisive = expr.op === '||';
    if (left.kind === 'bool' && left.value === decisive) return { kind: 'bool', value: decisive, range };
    const right = evaluate(expr.right, scope);
    if (right.kind === 'bool' && right.value === decisive) return { kind: 'bool', value: decisive, range };
    if (left.kind === 'bool' && right.kind === 'bool') return { kind: 'bool', value: !decisive, range };
    return unknownFrom('logical operand is unknown', range, left, right);
  }
  const right = evaluate(expr.right, scope);
  if (!isFullyKnown(left) || !isFullyKnown(right)) return unknownFrom('operand is unknown', range, left, right);
  if (expr.op === '==' || expr.op === '!=') {
    const equal = deepEqual(left, right);
    return { kind: 'bool', value: expr.op === '==' ? equal : !equal, range };
  }
  const a = left.kind === 'number' ? left.value : left.kind === 'string' ? Number(left.value) : NaN;
  const b = right.kind === 'number' ? right.value : right.kind === 'string' ? Number(right.value) : NaN;
  if (Number.isNaN(a) || Number.isNaN(b)) return unknown(`operator ${expr.op} needs numbers`, range);
  switch (expr.op) {
    case '+':
      return { kind: 'number', value: a + b, range };
    case '-':
      return { kind: 'number', value: a - b, range };
    case '*':
      return { kind: 'number', value: a * b, range };
    case '/':
      return b === 0 ? unknown('division by zero', range) : { kind: 'number', value: a / b, range };
    case '%':
      return b === 0 ? unknown('modulo by zero', range) : { kind: 'number', value: a % b, range };
    case '<':
      return { kind: 'bool', value: a < b, range };
    case '>':
      return { kind: 'bool', value: a > b, range };
    case '<=':
      return { kind: 'bool', value: a <= b, range };
    case '>=':
      return { kind: 'bool', value: a >= b, range };
  }
}

/** Evaluates one expression in a scope. Never throws: anything it cannot compute is Unknown. */
export function evaluate(expr: Expression, scope: Scope): Value {
  const range = expr.range;
  switch (expr.type) {
    case 'Literal':
      if (expr.value === null) return { kind: 'null', range };
      if (typeof expr.value === 'number') return { kind: 'number', value: expr.value, range };
      if (typeof expr.value === 'boolean') return { kind: 'bool', value: expr.value, range };
      return { kind: 'string', value: expr.value, range };
    case 'Template': {
      const parts = expr.parts;
      // Most templates are a plain quoted string: skip building and joining pieces.
      if (parts.length === 0) return { kind: 'string', value: '', range };
      if (parts.length === 1 && parts[0].type === 'TemplateLiteral') return { kind: 'string', value: parts[0].value, range };
      // A template that is exactly one interpolation yields the interpolated value itself, not a string.
      if (!expr.heredoc && parts.length === 1 && parts[0].type === 'TemplateInterpolation') {
        const value = evaluate(parts[0].expr, scope);
        return value.kind === 'unknown' ? value : { ...value, range };
      }
      return evaluateTemplate(parts, scope, range);
    }
    case 'Variable':
    case 'GetAttr':
    case 'Index':
      return evaluateTraversal(expr, scope);
    case 'SplatItem':
      return scope.iterator(SPLAT_ITEM) ?? unknown('splat item outside a splat', range);
    case 'Splat': {
      const source = evaluate(expr.source, scope);
      if (source.kind === 'unknown') return unknownFrom('splat over an unknown value', range, source);
      if (source.kind === 'null') return { kind: 'list', items: [], range };
      const items = source.kind === 'list' ? source.items : [source];
      return {
        kind: 'list',
        items: items.map((item) => evaluate(expr.each, withIterators(scope, SPLAT_ITEM, item))),
        range,
      };
    }
    case 'FunctionCall': {
      let args = expr.args.map((arg) => evaluate(arg, scope));
      if (expr.expandFinal && args.length > 0) {
        const last = args[args.length - 1];
        if (last.kind !== 'list') return unknownFrom(`${expr.name}(...) expands an unknown list`, range, ...args);
        args = [...args.slice(0, -1), ...last.items];
      }
      return callFunction(expr.name, args, range);
    }
    case 'Tuple':
      return { kind: 'list', items: expr.items.map((item) => evaluate(item, scope)), range };
    case 'Object': {
      const fields = new Map<string, ObjectField>();
      for (const item of expr.items) {
        let key: string;
        if (item.bareKey && item.key.type === 'Variable') key = item.key.name;
        else {
          const keyValue = evaluate(item.key, scope);
          if (keyValue.kind !== 'string' && keyValue.kind !== 'number' && keyValue.kind !== 'bool') {
            return unknownFrom('object key is unknown', range, keyValue);
          }
          key = String(keyValue.value);
        }
        fields.set(key, { value: evaluate(item.value, scope), range: item.range, keyRange: item.key.range });
      }
      return { kind: 'object', fields, range };
    }
    case 'For':
      return evaluateFor(expr, scope);
    case 'Conditional': {
      const condition = evaluate(expr.condition, scope);
      if (condition.kind === 'bool') return evaluate(condition.value ? expr.then : expr.else, scope);
      const whenTrue = evaluate(expr.then, scope);
      const whenFalse = evaluate(expr.else, scope);
      // Both branches agree: the outcome is known whatever the condition.
      if (isFullyKnown(whenTrue) && isFullyKnown(whenFalse) && deepEqual(whenTrue, whenFalse)) return { ...whenTrue, range };
      return unknownFrom('depends on a condition that is not known', range, condition, whenTrue, whenFalse);
    }
    case 'Unary': {
      const operand = evaluate(expr.operand, scope);
      if (expr.op === '!') return operand.kind === 'bool' ? { kind: 'bool', value: !operand.value, range } : unknownFrom('operand is unknown', range, operand);
      return operand.kind === 'number' ? { kind: 'number', value: -operand.value, range } : unknownFrom('operand is unknown', range, operand);
    }
    case 'Binary':
      return evaluateBinary(expr, scope);
    case 'Parens': {
      const inner = evaluate(expr.expr, scope);
      return inner.kind === 'unknown' ? inner : { ...inner, range };
    }
    case 'Invalid':
      return unknown('syntax error', range);
  }
}
