// A Terraform module is a directory: this joins the declarations of all its .tf files, applies
// terraform.tfvars / *.auto.tfvars over variable defaults, and evaluates every resource body.

import type { Attribute, Block, Body, Expression } from '../../parse/hcl/ast';
import type { Range } from '../../parse/range';
import { makeConfiguration, type Configuration, type Resource } from '../resource';
import { collectRefs, unknown, type ObjectField, type ObjectValue, type Value } from '../value';
import { evaluate } from './evaluate';
import { withIterators, type Scope } from './scope';

/** A parsed .tf (or .tf.json) file of the module. */
export interface ModuleFile {
  path: string;
  body: Body;
  /** CDKTF construct paths of blocks, for synthesised Terraform JSON. */
  constructPaths?: Map<Block, string>;
}

/** Variable values from one tfvars file, already evaluated. Later files in the list win. */
export interface VariableValues {
  path: string;
  values: Map<string, Value>;
}

/** The resources of a module, ready for rules, and the variable values used. */
export interface TerraformModule {
  config: Configuration;
  variables: Map<string, Value>;
}

// Meta-arguments that are not part of what a resource configures.
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);

function attributes(body: Body): Attribute[] {
  return body.items.filter((item): item is Attribute => item.type === 'Attribute');
}

function blocks(body: Body, type?: string): Block[] {
  return body.items.filter((item): item is Block => item.type === 'Block' && (type === undefined || item.blockType === type));
}

function attribute(body: Body, name: string): Attribute | undefined {
  return attributes(body).find((item) => item.name === name);
}

/** The range of a block's header: its type and labels. */
export function headerRange(block: Block): Range {
  const last = block.labels[block.labels.length - 1];
  return { start: block.typeRange.start, end: last ? last.range.end : block.typeRange.end };
}

function appendBlock(fields: Map<string, ObjectField>, name: string, item: Value, range: Range): void {
  const existing = fields.get(name);
  if (existing && existing.value.kind === 'list') {
    existing.value.items.push(item);
    return;
  }
  fields.set(name, { value: { kind: 'list', items: [item], range }, range });
}

function expandDynamic(block: Block, scope: Scope, fields: Map<string, ObjectField>): void {
  const name = block.labels[0]?.value;
  if (name === undefined) return;
  const forEach = attribute(block.body, 'for_each');
  const iteratorName = attribute(block.body, 'iterator');
  const iterator = iteratorName?.expr.type === 'Variable' ? iteratorName.expr.name : name;
  const content = blocks(block.body, 'content')[0];
  if (forEach === undefined || content === undefined) return;
  const collection = evaluate(forEach.expr, scope);
  const entries =
    collection.kind === 'list'
      ? collection.items.map((item, index): [Value, Value] => [{ kind: 'number', value: index }, item])
      : collection.kind === 'object'
        ? [...collection.fields].map(([key, field]): [Value, Value] => [{ kind: 'string', value: key }, field.value])
        : undefined;
  if (entries === undefined) {
    // How many blocks there will be, and what they hold, is decided at plan time.
    appendBlock(fields, name, unknown(`dynamic "${name}" block over a collection that is not known`, block.range), block.range);
    return;
  }
  // A known empty collection still tells us the block list exists (and is empty).
  if (entries.length === 0 && !fields.has(name)) fields.set(name, { value: { kind: 'list', items: [], range: block.range }, range: block.range });
  for (const [key, value] of entries) {
    const iteration: Value = {
      kind: 'object',
      fields: new Map([
        ['key', { value: key }],
        ['value', { value }],
      ]),
    };
    appendBlock(fields, name, bodyToObject(content.body, withIterators(scope, { [iterator]: iteration }), content.range), block.range);
  }
}

/** Evaluates a block body to an object: attributes become fields, nested blocks lists of objects. */
export function bodyToObject(body: Body, scope: Scope, range: Range, skipMeta = false): ObjectValue {
  const fields = new Map<string, ObjectField>();
  for (const item of body.items) {
    if (item.type === 'Attribute') {
      if (skipMeta && META_ARGUMENTS.has(item.name)) continue;
      fields.set(item.name, { value: evaluate(item.expr, scope), range: item.range, keyRange: item.nameRange });
    } else if (item.blockType === 'dynamic') {
      expandDynamic(item, scope, fields);
    } else {
      appendBlock(fields, item.blockType, bodyToObject(item.body, scope, item.range), item.range);
    }
  }
  return { kind: 'object', fields, range };
}

/** Whether a count/for_each value leaves the resource absent, present, or maybe present. */
function multiplicity(body: Body, scope: Scope): 'absent' | 'present' | 'maybe' {
  const count = attribute(body, 'count');
  if (count) {
    const value = evaluate(count.expr, scope);
    if (value.kind === 'number') return value.value <= 0 ? 'absent' : 'present';
    return 'maybe';
  }
  const forEach = attribute(body, 'for_each');
  if (forEach) {
    const value = evaluate(forEach.expr, scope);
    if (value.kind === 'list') return value.items.length === 0 ? 'absent' : 'present';
    if (value.kind === 'object') return value.fields.size === 0 ? 'absent' : 'present';
    return 'maybe';
  }
  return 'present';
}

const EMPTY_SCOPE: Scope = {
  variable: () => undefined,
  local: () => undefined,
  isResourceType: () => true,
  iterators: new Map(),
};

/** Evaluates an expression that may not reference anything (variable defaults, tfvars). */
export function evaluateConstant(expr: Expression): Value {
  return evaluate(expr, EMPTY_SCOPE);
}

/** Builds the module of a directory from its parsed .tf files and tfvars values. */
export function buildTerraformModule(root: string, files: ModuleFile[], tfvars: VariableValues[] = []): TerraformModule {
  const variableDefaults = new Map<string, Value>();
  const localExpressions = new Map<string, Expression>();
  const resourceBlocks: { block: Block; file: string; mode: 'resource' | 'data'; constructPath?: string }[] = [];

  for (const file of files) {
    for (const block of blocks(file.body)) {
      const [first, second] = block.labels.map((label) => label.value);
      if (block.blockType === 'variable' && first !== undefined) {
        const fallback = attribute(block.body, 'default');
        variableDefaults.set(
          first,
          fallback ? evaluateConstant(fallback.expr) : unknown(`var.${first} has no default and no value in a tfvars file`, block.range, [{ kind: 'var', type: '', name: first, attribute: [] }]),
        );
      } else if (block.blockType === 'locals') {
        for (const local of attributes(block.body)) localExpressions.set(local.name, local.expr);
      } else if ((block.blockType === 'resource' || block.blockType === 'data') && first !== undefined && second !== undefined) {
        resourceBlocks.push({ block, file: file.path, mode: block.blockType, constructPath: file.constructPaths?.get(block) });
      }
    }
  }

  const variables = new Map(variableDefaults);
  for (const source of tfvars) {
    for (const [name, value] of source.values) if (variables.has(name)) variables.set(name, value);
  }

  const resourceTypes = new Set(resourceBlocks.map(({ block }) => block.labels[0].value));
  const localValues = new Map<string, Value>();
  const evaluating = new Set<string>();
  const scope: Scope = {
    variable: (name) => variables.get(name),
    local(name) {
      const cached = localValues.get(name);
      if (cached) return cached;
      const expr = localExpressions.get(name);
      if (expr === undefined) return undefined;
      // Locals may reference each other in any order; a cycle is an error in Terraform, Unknown here.
      if (evaluating.has(name)) return unknown(`local.${name} refers to itself`, expr.range);
      evaluating.add(name);
      const value = evaluate(expr, scope);
      evaluating.delete(name);
      localValues.set(name, value);
      return value;
    },
    isResourceType: (name) => resourceTypes.has(name),
    iterators: new Map(),
  };

  const resources: Resource[] = [];
  for (const { block, file, mode, constructPath } of resourceBlocks) {
    const presence = multiplicity(block.body, scope);
    if (presence === 'absent') continue;
    const [type, name] = block.labels.map((label) => label.value);
    // each.value keeps the references of the for_each collection (for_each = aws_s3_bucket.all makes
    // each.value.id point at those buckets), so joins through it still work.
    const forEach = attribute(block.body, 'for_each');
    const forEachRefs = forEach ? collectRefs(evaluate(forEach.expr, scope)) : [];
    const instanceScope = withIterators(scope, {
      count: { kind: 'object', fields: new Map([['index', { value: unknown('count.index is known per instance only') }]]) },
      each: {
        kind: 'object',
        fields: new Map([
          ['key', { value: unknown('each.key is known per instance only') }],
          ['value', { value: unknown('each.value is known per instance only', undefined, forEachRefs) }],
        ]),
      },
    });
    resources.push({
      family: 'terraform',
      mode,
      type,
      name,
      address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
      file,
      range: block.range,
      headerRange: headerRange(block),
      body: bodyToObject(block.body, instanceScope, block.range, true),
      certain: presence === 'present',
      constructPath,
    });
  }
  return { config: makeConfiguration('terraform', root, resources), variables };
}

/** Evaluates the attributes of a parsed .tfvars file. */
export function tfvarsValues(path: string, body: Body): VariableValues {
  const values = new Map<string, Value>();
  for (const item of attributes(body)) values.set(item.name, evaluateConstant(item.expr));
  return { path, values };
}
