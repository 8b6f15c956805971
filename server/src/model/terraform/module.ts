// A Terraform module is a directory: this joins the declarations of all its .tf files, applies
// terraform.tfvars / *.auto.tfvars over variable defaults, and evaluates every resource body (each
// attribute when a rule first reads it, see body.ts).

import type { Attribute, Block, Body, Expression } from '../../parse/hcl/ast';
import type { Range } from '../../parse/range';
import { makeConfiguration, type Configuration, type Resource } from '../resource';
import { collectRefs, unknown, type Reference, type Value } from '../value';
import { attribute, attributes, blocks, bodyToObject } from './body';
import { evaluate } from './evaluate';
import { Locals } from './locals';
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

/** The range of a block's header: its type and labels. */
export function headerRange(block: Block): Range {
  const last = block.labels[block.labels.length - 1];
  return { start: block.typeRange.start, end: last ? last.range.end : block.typeRange.end };
}

type Presence = 'absent' | 'present' | 'maybe';

/**
 * Whether count/for_each leaves the resource absent, present, or maybe present; with the evaluated
 * for_each collection when the resource may exist (evaluated once: each.value needs its references).
 */
function multiplicity(body: Body, scope: Scope): { presence: Presence; forEach?: Value; repeated: boolean } {
  // One pass for both meta-arguments (the first of each, as attribute() finds).
  let count: Attribute | undefined;
  let forEachAttribute: Attribute | undefined;
  for (const item of body.items) {
    if (item.type !== 'Attribute') continue;
    if (item.name === 'count') count ??= item;
    else if (item.name === 'for_each') forEachAttribute ??= item;
  }
  const repeated = count !== undefined || forEachAttribute !== undefined;
  let presence: Presence = 'present';
  if (count) {
    const value = evaluate(count.expr, scope);
    presence = value.kind !== 'number' ? 'maybe' : value.value <= 0 ? 'absent' : 'present';
    if (presence === 'absent') return { presence, repeated };
  }
  if (forEachAttribute === undefined) return { presence, repeated };
  const forEach = evaluate(forEachAttribute.expr, scope);
  // count wins over for_each (writing both is an error Terraform reports).
  if (count) return { presence, forEach, repeated };
  if (forEach.kind === 'list') return { presence: forEach.items.length === 0 ? 'absent' : 'present', forEach, repeated };
  if (forEach.kind === 'object') return { presence: forEach.fields.size === 0 ? 'absent' : 'present', forEach, repeated };
  return { presence: 'maybe', forEach, repeated };
}

const EMPTY_SCOPE: Scope = {
  variable: () => undefined,
  local: () => undefined,
  iterator: () => undefined,
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
      const first = block.labels[0]?.value;
      const second = block.labels[1]?.value;
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

  let locals = new Locals(localExpressions);
  const scope: Scope = {
    variable: (name) => variables.get(name),
    local: (name) => locals.get(name, scope),
    iterator: () => undefined,
  };
  // Resource attributes are evaluated when rules read them, which is safe when the locals come out the
  // same in any order. Otherwise start over and evaluate everything eagerly, in the order of the source.
  const lazy = locals.settle(scope);
  if (!lazy) locals = new Locals(localExpressions);

  // count.index and each.key are the same Unknown for every resource; each.value differs only by the
  // references of the for_each collection (shared here when there are none).
  const countObject: Value = { kind: 'object', fields: new Map([['index', { value: unknown('count.index is known per instance only') }]]) };
  const eachObject = (forEachRefs: Reference[]): Value => ({
    kind: 'object',
    fields: new Map([
      ['key', { value: unknown('each.key is known per instance only') }],
      ['value', { value: unknown('each.value is known per instance only', undefined, forEachRefs) }],
    ]),
  });
  const plainInstanceScope = withIterators(scope, 'count', countObject, 'each', eachObject([]));

  const resources: Resource[] = [];
  for (const { block, file, mode, constructPath } of resourceBlocks) {
    const { presence, forEach, repeated } = multiplicity(block.body, scope);
    if (presence === 'absent') continue;
    const type = block.labels[0].value;
    const name = block.labels[1].value;
    // each.value keeps the references of the for_each collection (for_each = aws_s3_bucket.all makes
    // each.value.id point at those buckets), so joins through it still work.
    const forEachRefs = forEach ? collectRefs(forEach) : [];
    const instanceScope = forEachRefs.length === 0 ? plainInstanceScope : withIterators(scope, 'count', countObject, 'each', eachObject(forEachRefs));
    resources.push({
      family: 'terraform',
      mode,
      type,
      name,
      address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
      file,
      range: block.range,
      headerRange: headerRange(block),
      body: bodyToObject(block.body, instanceScope, block.range, { skipMeta: true, lazy }),
      certain: presence === 'present',
      repeated,
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
