// Evaluates CloudFormation values: Parameters with defaults are known, Conditions are decided where
// their inputs are known, intrinsics are computed when they can be; `Ref`/`Fn::GetAtt` to resources,
// `Fn::ImportValue` and pseudo parameters are Unknown (with references, so rules can still join).

import type { Range } from '../../parse/range';
import { mapGet, soleKeyOf, type DataNode, type MapEntry } from '../../parse/tree';
import { concatenate, rehome, unknownFrom } from '../terraform/evaluate';
import { deepEqual, isFullyKnown } from '../terraform/functions';
import { unknown, type BoolValue, type ListValue, type NumberValue, type ObjectField, type ObjectValue, type StringValue, type Value } from '../value';

/** Marks `Ref: AWS::NoValue`: the property is removed as if it were not written. */
const NO_VALUE: Value = { kind: 'null' };

/** Upper bound on condition evaluations per template (templates with many nested conditions stay cheap). */
const MAX_CONDITION_STEPS = 100_000;

/** The template-wide inputs intrinsics read. */
export class TemplateScope {
  private readonly conditionCache = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private conditionSteps = 0;

  constructor(
    private readonly parameters: Map<string, Value>,
    private readonly conditions: Map<string, DataNode>,
    private readonly mappings: DataNode | undefined,
    private readonly resources: Set<string>,
  ) {}

  /** The value of a named condition: a known bool, or Unknown. */
  condition(name: string, range: Range): Value {
    const cached = this.conditionCache.get(name);
    if (cached) return cached;
    const node = this.conditions.get(name);
    if (!node) return unknown(`condition ${name} is not defined`, range);
    if (this.evaluating.has(name) || ++this.conditionSteps > MAX_CONDITION_STEPS) return unknown(`condition ${name} cannot be decided`, range);
    this.evaluating.add(name);
    const value = this.evaluate(node);
    this.evaluating.delete(name);
    const result = value.kind === 'bool' || value.kind === 'unknown' ? value : unknown(`condition ${name} is not a boolean`, range);
    this.conditionCache.set(name, result);
    return result;
  }

  private ref(name: string, range: Range): Value {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const parameter = this.parameters.get(name);
    if (parameter) return rehome(parameter, range);
    if (name.startsWith('AWS::')) {
      const pseudo = unknown(`pseudo parameter ${name} is known at deploy time`, range, [{ kind: 'cfn-pseudo', type: '', name, attribute: [] }]);
      // Account ids, regions, partitions and stack names are never empty (NotificationARNs is a list).
      if (name !== 'AWS::NotificationARNs') pseudo.nonEmpty = true;
      return pseudo;
    }
    if (this.resources.has(name)) return unknown(`Ref ${name} is known at deploy time`, range, [{ kind: 'cfn-resource', type: '', name, attribute: [] }]);
    return unknown(`Ref ${name} is not defined in this template`, range);
  }

  private sub(node: DataNode, range: Range): Value {
    const [template, variables] = node.kind === 'seq' ? [node.items[0], node.items[1]] : [node, undefined];
    if (template?.kind !== 'scalar' || typeof template.value !== 'string') return unknown('Fn::Sub needs a string', range);
    const pieces: Value[] = [];
    const pattern = /\$\{(!?)([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(template.value); match; match = pattern.exec(template.value)) {
      pieces.push({ kind: 'string', value: template.value.slice(last, match.index) });
      last = match.index + match[0].length;
      const [, literal, name] = match;
      if (literal) {
        pieces.push({ kind: 'string', value: '${' + name + '}' });
        continue;
      }
      const local = variables ? mapGet(variables, name) : undefined;
      const [resource, attribute] = name.split('.', 2);
      pieces.push(
        local
          ? this.evaluate(local)
          : attribute !== undefined && this.resources.has(resource)
            ? unknown(`${name} is known at deploy time`, range, [{ kind: 'cfn-resource', type: '', name: resource, attribute: [attribute] }])
            : this.ref(name, range),
      );
    }
    pieces.push({ kind: 'string', value: template.value.slice(last) });
    const result = concatenate(pieces, range);
    if (result.kind === 'unknown') result.reason = 'Fn::Sub of a value known at deploy time';
    return result;
  }

  private intrinsic(name: string, argument: DataNode, range: Range): Value | undefined {
    const args = argument.kind === 'seq' ? argument.items : [argument];
    switch (name) {
      case 'Ref':
        return argument.kind === 'scalar' ? this.ref(String(argument.value), range) : unknown('Ref needs a name', range);
      case 'Condition':
        return argument.kind === 'scalar' ? this.condition(String(argument.value), range) : unknown('Condition needs a name', range);
      case 'Fn::GetAtt': {
        const [resource, ...attribute] = args.map((item) => (item.kind === 'scalar' ? String(item.value) : ''));
        return unknown(`Fn::GetAtt ${resource}.${attribute.join('.')} is known at deploy time`, range, [
          { kind: 'cfn-resource', type: '', name: resource ?? '', attribute },
        ]);
      }
      case 'Fn::Sub':
        return this.sub(argument, range);
      case 'Fn::If': {
        const [conditionName, whenTrue, whenFalse] = args;
        if (conditionName?.kind !== 'scalar' || !whenTrue || !whenFalse) return unknown('Fn::If needs [condition, then, else]', range);
        const condition = this.condition(String(conditionName.value), range);
        if (condition.kind === 'bool') return this.evaluate(condition.value ? whenTrue : whenFalse);
        const a = this.evaluate(whenTrue);
        const b = this.evaluate(whenFalse);
        if (isFullyKnown(a) && isFullyKnown(b) && deepEqual(a, b)) return a;
        // Both branches are kept, so a rule can still fail the value when every branch is wrong.
        return { ...unknownFrom(`Fn::If on condition ${conditionName.value}, which is not known`, range, condition, a, b), alternatives: [a, b] };
      }
      case 'Fn::Equals': {
        const [a, b] = args.map((item) => this.evaluate(item));
        if (!a || !b || !isFullyKnown(a) || !isFullyKnown(b)) return unknownFrom('Fn::Equals on an unknown value', range, a, b);
        // CloudFormation compares the string forms (a Number parameter equals its string spelling).
        const same = deepEqual(a, b) || (a.kind !== 'list' && a.kind !== 'object' && 'value' in a && 'value' in b && String(a.value) === String(b.value));
        return { kind: 'bool', value: same, range };
      }
      case 'Fn::Not': {
        const value = args[0] ? this.evaluate(args[0]) : undefined;
        return value?.kind === 'bool' ? { kind: 'bool', value: !value.value, range } : unknownFrom('Fn::Not of an unknown condition', range, value);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const decisive = name === 'Fn::Or';
        const values = args.map((item) => this.evaluate(item));
        if (values.some((value) => value.kind === 'bool' && value.value === decisive)) return { kind: 'bool', value: decisive, range };
        if (values.every((value) => value.kind === 'bool')) return { kind: 'bool', value: !decisive, range };
        return unknownFrom(`${name} of an unknown condition`, range, ...values);
      }
      case 'Fn::Join': {
        const [delimiter, list] = args;
        const items = list ? this.evaluate(list) : undefined;
        if (delimiter?.kind !== 'scalar' || items?.kind !== 'list') return unknownFrom('Fn::Join of an unknown list', range, items);
        const separator: Value = { kind: 'string', value: String(delimiter.value ?? '') };
        const pieces = items.items.filter((item) => item !== NO_VALUE).flatMap((item, index) => (index === 0 ? [item] : [separator, item]));
        const result = concatenate(pieces, range);
        if (result.kind === 'unknown') result.reason = 'Fn::Join of a value known at deploy time';
        return result;
      }
      case 'Fn::Select': {
        const [index, list] = args.map((item) => this.evaluate(item));
        const position = index?.kind === 'number' ? index.value : index?.kind === 'string' ? Number(index.value) : NaN;
        if (list?.kind !== 'list' || Number.isNaN(position)) return unknownFrom('Fn::Select of an unknown list', range, index, list);
        return list.items[position] ?? unknown('Fn::Select index out of range', range);
      }
      case 'Fn::Split': {
        const [delimiter, source] = args.map((item) => this.evaluate(item));
        if (delimiter?.kind !== 'string' || source?.kind !== 'string') return unknownFrom('Fn::Split of an unknown string', range, source);
        return { kind: 'list', items: source.value.split(delimiter.value).map((part) => ({ kind: 'string', value: part, range })), range };
      }
      case 'Fn::FindInMap': {
        const keys = args.map((item) => this.evaluate(item));
        if (!keys.every((key) => key.kind === 'string' || key.kind === 'number')) return unknownFrom('Fn::FindInMap with an unknown key', range, ...keys);
        let node: DataNode | undefined = this.mappings;
        for (const key of keys) node = mapGet(node, String((key as { value: unknown }).value));
        return node ? rehome(this.evaluate(node), range) : unknown('Fn::FindInMap: no such mapping entry', range);
      }
      case 'Fn::ImportValue':
      case 'Fn::Base64':
      case 'Fn::Cidr':
      case 'Fn::GetAZs':
      case 'Fn::Transform':
      case 'Fn::Length':
      case 'Fn::ToJsonString':
        return unknownFrom(`${name} is evaluated at deploy time`, range, this.evaluate(argument));
      default:
        return undefined;
    }
  }

  /** Evaluates a template node to a model value. */
  evaluate(node: DataNode): Value {
    if (node.kind === 'scalar') {
      if (node.value === null) return { kind: 'null', range: node.range };
      if (typeof node.value === 'number') return new NodeScalar('number', node.value, node) as NumberValue;
      if (typeof node.value === 'boolean') return new NodeScalar('bool', node.value, node) as BoolValue;
      return new NodeScalar('string', node.value, node) as StringValue;
    }
    if (node.kind === 'seq') {
      let items = node.items.map((item) => this.evaluate(item));
      // `Ref: AWS::NoValue` removes a list item; most lists have none (and keep their exact-size array).
      if (items.includes(NO_VALUE)) items = items.filter((item) => item !== NO_VALUE);
      return new NodeList(items, node) as ListValue;
    }
    const entries = node.entries;
    if (entries.length === 1) {
      const entry = entries[0];
      if (entry.key === 'Ref' || entry.key === 'Condition' || entry.key.startsWith('Fn::')) {
        const value = this.intrinsic(entry.key, entry.value, node.range);
        if (value) return value;
      }
    }
    const fields = new Map<string, ObjectField>();
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      // Only a `Ref` (AWS::NoValue) or an `Fn::If` choosing it can remove a property: those are decided now;
      // every other property is evaluated when a rule first reads it.
      if (!mayRemoveProperty(entry.value)) {
        fields.set(entry.key, new LazyProperty(this, entry));
        continue;
      }
      const value = this.evaluate(entry.value);
      if (value === NO_VALUE) continue;
      fields.set(entry.key, { value, range: entry.range, keyRange: entry.keyRange });
    }
    return new NodeObject(fields, node) as ObjectValue;
  }

  /** True for the value `Ref: AWS::NoValue` yields. */
  static isNoValue(value: Value): boolean {
    return value === NO_VALUE;
  }
}

// Values read from template nodes have the node's range, computed when first asked for. Why: rules read a
// large template's values by the hundred thousand, and only those a finding or a fix points at need a
// position. A copy made with a spread does not carry the range (it is a getter): it must set `range` itself.

/** A string, number or boolean written in the template. */
class NodeScalar {
  constructor(
    readonly kind: 'string' | 'number' | 'bool',
    readonly value: string | number | boolean,
    private readonly node: DataNode,
  ) {}

  get range(): Range {
    return this.node.range;
  }
}

/** A list written in the template. */
class NodeList {
  readonly kind = 'list';
  constructor(
    readonly items: Value[],
    private readonly node: DataNode,
  ) {}

  get range(): Range {
    return this.node.range;
  }
}

/** An object written in the template (a resource body, a property, a policy document...). */
class NodeObject {
  readonly kind = 'object';
  constructor(
    readonly fields: Map<string, ObjectField>,
    private readonly node: DataNode,
  ) {}

  get range(): Range {
    return this.node.range;
  }
}

/** True when a node can evaluate to `AWS::NoValue` (a `Ref` or an `Fn::If`), which removes its property. */
function mayRemoveProperty(node: DataNode): boolean {
  if (node.kind !== 'map') return false;
  // Without reading the entries of a lazily read map: most object-valued properties are never looked at.
  const key = soleKeyOf(node);
  return key === 'Ref' || key === 'Fn::If';
}

/**
 * A property evaluated on its first read. Why: rules read a few properties of each resource; evaluating
 * the rest (tags, descriptions, long policy documents of resources no rule reads) dominated large CDK
 * templates. The value is the same whenever it is computed: templates have no evaluation order.
 */
class LazyProperty implements ObjectField {
  private evaluated: Value | undefined;

  constructor(
    private readonly scope: TemplateScope,
    private readonly entry: MapEntry,
  ) {}

  get value(): Value {
    return (this.evaluated ??= this.scope.evaluate(this.entry.value));
  }

  get range(): Range {
    return this.entry.range;
  }

  get keyRange(): Range {
    return this.entry.keyRange;
  }
}
