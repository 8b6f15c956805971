// Block bodies as model objects: attributes become fields, nested blocks lists of objects, dynamic blocks
// are expanded over their collection. Attributes may be evaluated lazily, when a rule first reads them.

import type { Attribute, Block, Body } from '../../parse/hcl/ast';
import type { Range } from '../../parse/range';
import { unknown, type ObjectField, type ObjectValue, type Value } from '../value';
import { evaluate } from './evaluate';
import { withIterators, type Scope } from './scope';

/** How to evaluate a body. */
export interface BodyOptions {
  /** Leave the meta-arguments out (count, for_each, provider, depends_on): for resource bodies. */
  skipMeta?: boolean;
  /**
   * Evaluate each attribute on its first read. Only when the result cannot depend on when that happens
   * (the module's locals have no cycle): it must be the value eager evaluation gives.
   */
  lazy?: boolean;
}

// Meta-arguments that are not part of what a resource configures.
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);

/** The attributes of a body, in order. */
export function attributes(body: Body): Attribute[] {
  return body.items.filter((item): item is Attribute => item.type === 'Attribute');
}

/** The blocks of a body (of one type, when given), in order. */
export function blocks(body: Body, type?: string): Block[] {
  return body.items.filter((item): item is Block => item.type === 'Block' && (type === undefined || item.blockType === type));
}

/** The first attribute of a body with this name. */
export function attribute(body: Body, name: string): Attribute | undefined {
  // Why a plain loop: asked several times per block, it must not allocate.
  for (const item of body.items) if (item.type === 'Attribute' && item.name === name) return item;
  return undefined;
}

/**
 * A field evaluated on its first read. Why: rules read a few attributes of each resource (a bucket's
 * name, a key's policy); evaluating the others (tags, descriptions, identifiers built from variables)
 * was a large share of building the model, and of the memory it allocates.
 */
class LazyField implements ObjectField {
  private evaluated: Value | undefined;

  constructor(
    private readonly attribute: Attribute,
    private readonly scope: Scope,
  ) {}

  get value(): Value {
    return (this.evaluated ??= evaluate(this.attribute.expr, this.scope));
  }

  get range(): Range {
    return this.attribute.range;
  }

  get keyRange(): Range {
    return this.attribute.nameRange;
  }
}

function appendBlock(fields: Map<string, ObjectField>, name: string, item: Value, range: Range): void {
  const existing = fields.get(name);
  if (existing && existing.value.kind === 'list') {
    existing.value.items.push(item);
    return;
  }
  fields.set(name, { value: { kind: 'list', items: [item], range }, range });
}

function expandDynamic(block: Block, scope: Scope, fields: Map<string, ObjectField>, lazy: boolean): void {
  const name = block.labels[0]?.value;
  if (name === undefined) return;
  const forEach = attribute(block.body, 'for_each');
  const iteratorName = attribute(block.body, 'iterator');
  const iterator = iteratorName?.expr.type === 'Variable' ? iteratorName.expr.name : name;
  const content = blocks(block.body, 'content')[0];
  if (forEach === undefined || content === undefined) return;
  const collection = evaluate(forEach.expr, scope);
  if (collection.kind !== 'list' && collection.kind !== 'object') {
    // How many blocks there will be, and what they hold, is decided at plan time.
    appendBlock(fields, name, unknown(`dynamic "${name}" block over a collection that is not known`, block.range), block.range);
    return;
  }
  const size = collection.kind === 'list' ? collection.items.length : collection.fields.size;
  // A known empty collection still tells us the block list exists (and is empty).
  if (size === 0 && !fields.has(name)) fields.set(name, { value: { kind: 'list', items: [], range: block.range }, range: block.range });
  const expand = (key: Value, value: Value): void => {
    const iteration: Value = {
      kind: 'object',
      fields: new Map([
        ['key', { value: key }],
        ['value', { value }],
      ]),
    };
    appendBlock(fields, name, bodyToObject(content.body, withIterators(scope, iterator, iteration), content.range, { lazy }), block.range);
  };
  if (collection.kind === 'list') collection.items.forEach((item, index) => expand({ kind: 'number', value: index }, item));
  else for (const [key, field] of collection.fields) expand({ kind: 'string', value: key }, field.value);
}

/** Evaluates a block body to an object: attributes become fields, nested blocks lists of objects. */
export function bodyToObject(body: Body, scope: Scope, range: Range, options: BodyOptions = {}): ObjectValue {
  const lazy = options.lazy === true;
  const fields = new Map<string, ObjectField>();
  for (const item of body.items) {
    if (item.type === 'Attribute') {
      if (options.skipMeta && META_ARGUMENTS.has(item.name)) continue;
      fields.set(item.name, lazy ? new LazyField(item, scope) : { value: evaluate(item.expr, scope), range: item.range, keyRange: item.nameRange });
    } else if (item.blockType === 'dynamic') {
      expandDynamic(item, scope, fields, lazy);
    } else {
      appendBlock(fields, item.blockType, bodyToObject(item.body, scope, item.range, { lazy }), item.range);
    }
  }
  return { kind: 'object', fields, range };
}
