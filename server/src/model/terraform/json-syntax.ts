// Terraform's JSON syntax (`*.tf.json`, CDKTF's `cdk.tf.json`) turned into the same syntax tree as HCL
// native syntax, so one module evaluator serves both. Strings are HCL templates (`"${var.x}"`); objects
// inside resource bodies are nested blocks; `//` keys are comments (CDKTF puts construct metadata there).

import type { Attribute, Block, Body, BodyItem, Expression, ObjectItem, TemplateExpr } from '../../parse/hcl/ast';
import { parseHcl } from '../../parse/hcl/parser';
import type { Range } from '../../parse/range';
import { mapGet, type DataNode, type MapEntry } from '../../parse/tree';
import type { Value } from '../value';

/** Top-level block types and how many labels their JSON nesting carries. */
const LABEL_DEPTH: Record<string, number> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  check: 1,
  removed: 0,
};

// Map-typed arguments that must stay maps rather than become nested blocks.
const MAP_ATTRIBUTES = new Set(['tags', 'tags_all', 'default_tags', 'labels', 'variables', 'parameters', 'environment_variables', 'triggers', 'metadata']);

/** Every property of a parse tree node that holds a Range, moved to `range` (synthesised expressions). */
function placeAt<T>(node: T, range: Range): T {
  if (Array.isArray(node)) {
    for (const item of node) placeAt(item, range);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === 'range' || key.endsWith('Range')) record[key] = range;
      else placeAt(record[key], range);
    }
  }
  return node;
}

/** Parses a JSON string as the HCL template it stands for (Terraform JSON semantics). */
function templateOf(text: string, range: Range): Expression {
  if (!text.includes('${') && !text.includes('%{')) {
    return { type: 'Template', parts: [{ type: 'TemplateLiteral', value: text, range }], range };
  }
  // Why a wrapped parse: the native parser reads templates inside quoted strings; escaping the text
  // as a quoted HCL string keeps `${`/`%{` sequences as template syntax and everything else literal.
  const quoted = '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
  const parsed = parseHcl(`v = ${quoted}\n`);
  const item = parsed.body.items[0];
  if (parsed.errors.length > 0 || item?.type !== 'Attribute') return { type: 'Invalid', range };
  return placeAt(item.expr as TemplateExpr, range);
}

/** Converts a JSON value in expression position (an argument's value). */
function expressionOf(node: DataNode): Expression {
  const range = node.range;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') return templateOf(node.value, range);
    return { type: 'Literal', value: node.value, raw: String(node.value), range };
  }
  if (node.kind === 'seq') return { type: 'Tuple', items: node.items.map(expressionOf), range };
  const items: ObjectItem[] = node.entries
    .filter((entry) => entry.key !== '//')
    .map((entry) => ({
      key: { type: 'Template', parts: [{ type: 'TemplateLiteral', value: entry.key, range: entry.keyRange }], range: entry.keyRange },
      bareKey: false,
      value: expressionOf(entry.value),
      range: entry.range,
    }));
  return { type: 'Object', items, range };
}

function isBlockValue(node: DataNode): boolean {
  return node.kind === 'map' || (node.kind === 'seq' && node.items.length > 0 && node.items.every((item) => item.kind === 'map'));
}

/** Converts a block body: objects (or arrays of objects) become nested blocks, the rest attributes. */
function bodyOf(node: DataNode, range: Range, nestedBlocks: boolean): Body {
  const items: BodyItem[] = [];
  for (const entry of node.kind === 'map' ? node.entries : []) {
    if (entry.key === '//') continue;
    if (entry.key === 'dynamic' && entry.value.kind === 'map') {
      for (const dynamic of entry.value.entries) {
        for (const content of dynamic.value.kind === 'seq' ? dynamic.value.items : [dynamic.value]) items.push(blockOf('dynamic', [dynamic], content, dynamic.range));
      }
    } else if (nestedBlocks && !MAP_ATTRIBUTES.has(entry.key) && isBlockValue(entry.value)) {
      for (const blockNode of entry.value.kind === 'seq' ? entry.value.items : [entry.value]) items.push(blockOf(entry.key, [], blockNode, entry.range));
    } else {
      items.push(attributeOf(entry));
    }
  }
  return { type: 'Body', items, range };
}

function attributeOf(entry: MapEntry): Attribute {
  return { type: 'Attribute', name: entry.key, nameRange: entry.keyRange, expr: expressionOf(entry.value), range: entry.range };
}

function blockOf(type: string, labels: MapEntry[], node: DataNode, range: Range): Block {
  // locals/variable/output bodies hold plain arguments; resource-like bodies hold nested blocks.
  const nestedBlocks = !['locals', 'variable', 'output'].includes(type);
  return {
    type: 'Block',
    blockType: type,
    // The innermost label key (the resource name) is where "missing" findings are reported.
    typeRange: labels[labels.length - 1]?.keyRange ?? range,
    labels: labels.map((label) => ({ value: label.key, quoted: true, range: label.keyRange })),
    body: bodyOf(node, node.range, nestedBlocks),
    complete: true,
    range,
  };
}

/** The construct path CDKTF records in a resource's `//` metadata, if any. */
function cdktfConstructPath(resourceNode: DataNode): string | undefined {
  const path = mapGet(mapGet(mapGet(resourceNode, '//'), 'metadata'), 'path');
  return path?.kind === 'scalar' && typeof path.value === 'string' ? path.value : undefined;
}

/** A converted Terraform JSON file: its body and the CDKTF construct path of each block that has one. */
export interface TerraformJsonFile {
  body: Body;
  constructPaths: Map<Block, string>;
}

/** Converts a Terraform JSON document to a syntax tree body (what the native parser would produce). */
export function terraformJsonToBody(root: DataNode): TerraformJsonFile {
  const items: BodyItem[] = [];
  const constructPaths = new Map<Block, string>();
  const visit = (type: string, node: DataNode, labels: MapEntry[], depth: number, range: Range) => {
    if (depth === 0) {
      for (const blockNode of node.kind === 'seq' ? node.items : [node]) {
        const block = blockOf(type, labels, blockNode, range);
        const constructPath = cdktfConstructPath(blockNode);
        if (constructPath) constructPaths.set(block, constructPath);
        items.push(block);
      }
      return;
    }
    if (node.kind !== 'map') return;
    for (const entry of node.entries) if (entry.key !== '//') visit(type, entry.value, [...labels, entry], depth - 1, entry.range);
  };
  for (const entry of root.kind === 'map' ? root.entries : []) {
    const depth = LABEL_DEPTH[entry.key];
    if (depth === undefined) continue;
    visit(entry.key, entry.value, [], depth, entry.range);
  }
  return { body: { type: 'Body', items, range: root.range }, constructPaths };
}

/** The variable values of a `terraform.tfvars.json` / `*.auto.tfvars.json` (literal JSON values). */
export function tfvarsJsonValues(path: string, root: DataNode | undefined): { path: string; values: Map<string, Value> } {
  const values = new Map<string, Value>();
  const toValue = (node: DataNode): Value => {
    if (node.kind === 'scalar') {
      const value = node.value;
      if (value === null) return { kind: 'null', range: node.range };
      if (typeof value === 'string') return { kind: 'string', value, range: node.range };
      if (typeof value === 'number') return { kind: 'number', value, range: node.range };
      return { kind: 'bool', value, range: node.range };
    }
    if (node.kind === 'seq') return { kind: 'list', items: node.items.map(toValue), range: node.range };
    return { kind: 'object', fields: new Map(node.entries.map((entry) => [entry.key, { value: toValue(entry.value), range: entry.range }])), range: node.range };
  };
  for (const entry of root?.kind === 'map' ? root.entries : []) values.set(entry.key, toValue(entry.value));
  return { path, values };
}
