// The HCL writer: turns each FixAction into one change of the file's text, in terraform fmt style, then
// re-aligns the `=` of the lines around it. Works on the positioned syntax tree (re-parsed per action), so
// it edits exactly what is written: the value of an attribute, the body of a nested block, an item of a
// map or list, a resource or variable block.

import type { Attribute, Block, Body, Expression, ObjectExpr, ObjectItem, TupleExpr } from '../parse/hcl/ast';
import { parseHcl } from '../parse/hcl/parser';
import { LineIndex } from '../parse/hcl/positions';
import type { Range } from '../parse/range';
import type { Resource } from '../model/resource';
import type { ValuePath } from '../model/value';
import type { Fix, FixAction, FixBlock, FixValue } from '../../../rules/fix';
import { alignHcl } from './hcl-align';
import { HclRenderer } from './hcl-render';
import {
  applySplices,
  eolOf,
  FixError,
  indentAt,
  indentUnitOf,
  isBlankLine,
  lineEndAt,
  lineStartAt,
  nextLineStart,
  onlyBlanks,
  skipBlanks,
  type FixContext,
  type Splice,
} from './text';
import { asBlock, isBlockValue, isFixBlock, pathText, wrapData } from './values';

/** Where a path step is looked up. */
type Place = { kind: 'body'; body: Body; owner: Block } | { kind: 'object'; expr: ObjectExpr } | { kind: 'tuple'; expr: TupleExpr };

/** What a path leads to in the text. */
type Target =
  | { kind: 'attribute'; attribute: Attribute; place: Place & { kind: 'body' } }
  /** The path ends at a block type: every block of that type. */
  | { kind: 'blocks'; key: string; blocks: Block[]; place: Place & { kind: 'body' } }
  /** The path ends at one block (`["rule", 0]`). */
  | { kind: 'block'; key: string; block: Block; place: Place & { kind: 'body' } }
  | { kind: 'item'; item: ObjectItem; place: Place & { kind: 'object' } }
  | { kind: 'element'; index: number; place: Place & { kind: 'tuple' } }
  /** Nothing is written at `key`; `rest` is what follows it. `after` is set for a new block of an existing type. */
  | { kind: 'missing'; key: string | number; rest: ValuePath; place: Place; after?: Block };

function attributeOf(body: Body, name: string): Attribute | undefined {
  return body.items.find((item): item is Attribute => item.type === 'Attribute' && item.name === name);
}

function blocksOf(body: Body, type: string): Block[] {
  return body.items.filter((item): item is Block => item.type === 'Block' && item.blockType === type);
}

function isDynamic(body: Body, type: string): boolean {
  return body.items.some((item) => item.type === 'Block' && item.blockType === 'dynamic' && item.labels[0]?.value === type);
}

/** The string an object constructor key stands for, when it is a literal. */
function objectKey(item: ObjectItem): string | undefined {
  const key = item.key;
  if (key.type === 'Variable' && item.bareKey) return key.name;
  if (key.type === 'Template' && !key.heredoc && key.parts.every((part) => part.type === 'TemplateLiteral')) {
    return key.parts.map((part) => (part.type === 'TemplateLiteral' ? part.value : '')).join('');
  }
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

/** The splices one action makes in a text (none when the action is already satisfied). */
class HclEdit {
  private readonly text: string;
  private readonly eol: string;
  private readonly unit: string;
  private readonly render: HclRenderer;
  private readonly root: Body;

  constructor(text: string) {
    this.text = text;
    this.eol = eolOf(text);
    this.unit = indentUnitOf(text);
    this.render = new HclRenderer(this.eol, this.unit);
    this.root = parseHcl(text).body;
  }

  private slice(range: Range): string {
    return this.text.slice(range.start.offset, range.end.offset);
  }

  private indentOf(offset: number): string {
    return indentAt(this.text, offset);
  }

  private resourceBlock(resource: Resource): Block {
    const block = this.root.items.find(
      (item): item is Block =>
        item.type === 'Block' && item.blockType === resource.mode && item.labels[0]?.value === resource.type && item.labels[1]?.value === resource.name,
    );
    if (!block) throw new FixError(`${resource.address} is not written in this file`);
    if (!block.complete) throw new FixError(`${resource.address} is not complete (its closing brace is missing)`);
    return block;
  }

  /** The splices (at most a few) that perform `action`. */
  splices(resource: Resource, action: FixAction, context: FixContext): Splice[] {
    switch (action.kind) {
      case 'add-resource':
        return this.addResource(resource, action.type, action.name, action.body, context);
      case 'add-variable':
        return this.addVariable(action.name, action.type, action.description, action.default, context);
      default: {
        const block = this.resourceBlock(resource);
        const place = { kind: 'body' as const, body: block.body, owner: block };
        if (action.path.length === 0) throw new FixError(`${action.kind} needs a path into the resource`);
        const target = this.locate(place, action.path, action.path);
        if (action.kind === 'set') return this.set(target, action.value, action.path);
        if (action.kind === 'append') return this.append(target, action.value, action.path);
        return this.remove(target);
      }
    }
  }

  // ---- locating -------------------------------------------------------------------------------------

  private locate(place: Place & { kind: 'body' }, path: ValuePath, full: ValuePath): Target {
    const [step, ...rest] = path;
    if (typeof step !== 'string') throw new FixError(`${pathText(full)}: a block body has no item ${step}`);
    if (isDynamic(place.body, step)) throw new FixError(`${pathText(full)}: "${step}" is written as a dynamic block, which a fix does not rewrite`);
    const attribute = attributeOf(place.body, step);
    if (attribute) return rest.length === 0 ? { kind: 'attribute', attribute, place } : this.locateInExpr(attribute.expr, rest, full);
    const blocks = blocksOf(place.body, step);
    if (blocks.length === 0) return { kind: 'missing', key: step, rest, place };
    if (rest.length === 0) return { kind: 'blocks', key: step, blocks, place };
    // An index selects one of the blocks of that type; without one, the first (a block written once).
    const index = typeof rest[0] === 'number' ? rest[0] : 0;
    const inner = typeof rest[0] === 'number' ? rest.slice(1) : rest;
    if (index < blocks.length) {
      if (inner.length === 0) return { kind: 'block', key: step, block: blocks[index], place };
      return this.locate({ kind: 'body', body: blocks[index].body, owner: blocks[index] }, inner, full);
    }
    if (index === blocks.length) return { kind: 'missing', key: step, rest: inner, place, after: blocks[blocks.length - 1] };
    throw new FixError(`${pathText(full)}: there are only ${blocks.length} "${step}" blocks`);
  }

  private locateInExpr(expr: Expression, path: ValuePath, full: ValuePath): Target {
    const [step, ...rest] = path;
    if (expr.type === 'Object' && typeof step === 'string') {
      const place = { kind: 'object' as const, expr };
      const item = [...expr.items].reverse().find((entry) => objectKey(entry) === step);
      if (!item) return { kind: 'missing', key: step, rest, place };
      return rest.length === 0 ? { kind: 'item', item, place } : this.locateInExpr(item.value, rest, full);
    }
    if (expr.type === 'Tuple' && typeof step === 'number') {
      const place = { kind: 'tuple' as const, expr };
      if (step < expr.items.length) return rest.length === 0 ? { kind: 'element', index: step, place } : this.locateInExpr(expr.items[step], rest, full);
      if (step === expr.items.length) return { kind: 'missing', key: step, rest, place };
      throw new FixError(`${pathText(full)}: the list has only ${expr.items.length} items`);
    }
    throw new FixError(`${pathText(full)}: the value is an expression (${this.slice(expr.range).slice(0, 40)}) that a fix cannot edit inside`);
  }

  // ---- set ------------------------------------------------------------------------------------------

  private set(target: Target, value: FixValue, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'attribute': {
        if (isBlockValue(value)) {
          const indent = this.indentOf(target.attribute.range.start.offset);
          return this.replace(target.attribute.range, this.render.item(target.attribute.name, value, indent).slice(indent.length));
        }
        return this.replaceExpr(target.attribute.expr, value, this.indentOf(target.attribute.range.start.offset));
      }
      case 'blocks':
        if (target.blocks.length !== 1) throw new FixError(`${pathText(full)}: there are ${target.blocks.length} "${target.key}" blocks; set one by index`);
        return this.replaceBlock(target.key, target.blocks[0], asBlock(value, pathText(full)));
      case 'block':
        return this.replaceBlock(target.key, target.block, asBlock(value, pathText(full)));
      case 'item':
        return this.replaceExpr(target.item.value, value, this.indentOf(target.item.range.start.offset));
      case 'element':
        return this.replaceExpr(target.place.expr.items[target.index], value, this.indentOf(target.place.expr.items[target.index].range.start.offset));
      case 'missing':
        return this.insertMissing(target, value, full);
    }
  }

  /** Writes `value` at a missing key: nested blocks in bodies, objects and lists inside expressions. */
  private insertMissing(target: Target & { kind: 'missing' }, value: FixValue, full: ValuePath): Splice[] {
    const place = target.place;
    if (place.kind === 'body') {
      const key = target.key as string;
      if (target.after) return [this.insertBlockAfter(target.after, key, asBlock(this.blockBody(target.rest, value, full), pathText(full)))];
      return [this.insertIntoBody(place, key, this.blockBody(target.rest, value, full))];
    }
    const written = wrapData(target.rest, value, full);
    if (place.kind === 'object') return [this.insertIntoObject(place.expr, target.key as string, written)];
    return [this.insertIntoTuple(place.expr, written)];
  }

  /**
   * The value to write at a missing body key followed by `rest`: the parents on the way are nested blocks
   * (an index 0 selects the first, and only, block of a new type).
   */
  private blockBody(rest: ValuePath, value: FixValue, full: ValuePath): FixValue {
    if (rest.length === 0) return value;
    let inner = rest;
    if (typeof inner[0] === 'number') {
      if (inner[0] !== 0) throw new FixError(`${pathText(full)}: cannot create block ${inner[0]} of a type that has none`);
      inner = inner.slice(1);
      if (inner.length === 0) return asBlock(value, pathText(full));
    }
    const [key, ...more] = inner;
    if (typeof key !== 'string') throw new FixError(`${pathText(full)}: a block body has no item ${key}`);
    return { $block: { [key]: this.blockBody(more, value, full) } };
  }

  private replace(range: Range, text: string): Splice[] {
    if (this.slice(range) === text) return [];
    return [{ start: range.start.offset, end: range.end.offset, text }];
  }

  private replaceExpr(expr: Expression, value: FixValue, indent: string): Splice[] {
    return this.replace(expr.range, this.render.value(value, indent));
  }

  private replaceBlock(key: string, block: Block, value: FixBlock): Splice[] {
    const indent = this.indentOf(block.range.start.offset);
    const labels = block.labels.map((label) => label.value);
    return this.replace(block.range, this.render.block(key, value, indent, labels).slice(indent.length));
  }

  /** The indentation of a block's items: an existing item's, else the block's plus one step. */
  private itemIndent(body: Body, owner: Block): string {
    const first = body.items[0];
    if (first && first.range.start.line !== body.range.start.line) return this.indentOf(first.range.start.offset);
    return this.indentOf(owner.range.start.offset) + this.unit;
  }

  /**
   * Inserts an attribute (after the last attribute, or first in the body) or a block (last, after a blank
   * line). A one-line block (`x {}`, `x { a = 1 }`) is opened up into lines first.
   */
  private insertIntoBody(place: Place & { kind: 'body' }, key: string, value: FixValue): Splice {
    const { body, owner } = place;
    const open = body.range.start.offset;
    const close = body.range.end.offset - 1;
    const isBlock = isBlockValue(value);
    const indent = this.itemIndent(body, owner);
    if (body.range.start.line === body.range.end.line) {
      const lines = body.items.map((item) => indent + this.slice(item.range));
      if (isBlock && lines.length > 0) lines.push('');
      lines.push(this.render.item(key, value, indent));
      return { start: open + 1, end: close, text: this.eol + lines.join(this.eol) + this.eol + this.indentOf(owner.range.start.offset) };
    }
    const text = this.render.item(key, value, indent);
    const items = body.items;
    if (!isBlock) {
      const attributes = items.filter((item) => item.type === 'Attribute');
      const last = attributes[attributes.length - 1];
      if (last) {
        const at = lineEndAt(this.text, last.range.end.offset);
        return { start: at, end: at, text: this.eol + text };
      }
      const at = lineEndAt(this.text, open);
      return { start: at, end: at, text: this.eol + text + (items.length > 0 ? this.eol : '') };
    }
    const last = items[items.length - 1];
    if (last) {
      const at = lineEndAt(this.text, last.range.end.offset);
      return { start: at, end: at, text: this.eol + this.eol + text };
    }
    const at = lineEndAt(this.text, open);
    return { start: at, end: at, text: this.eol + text };
  }

  /** A new block of an existing type, after the last one of that type. */
  private insertBlockAfter(after: Block, key: string, value: FixBlock): Splice {
    const at = lineEndAt(this.text, after.range.end.offset);
    return { start: at, end: at, text: this.eol + this.eol + this.render.block(key, value, this.indentOf(after.range.start.offset)) };
  }

  /** The offset after an item's trailing comma, or -1 when there is none. */
  private commaAfter(offset: number): number {
    const at = skipBlanks(this.text, offset);
    return this.text[at] === ',' ? at + 1 : -1;
  }

  private insertIntoObject(expr: ObjectExpr, key: string, value: FixValue): Splice {
    const open = expr.range.start.offset;
    const close = expr.range.end.offset - 1;
    const last = expr.items[expr.items.length - 1];
    if (!last) return { start: open, end: close + 1, text: this.render.value({ [key]: value }, this.indentOf(open)) };
    const comma = this.commaAfter(last.range.end.offset);
    if (expr.range.start.line !== expr.range.end.line) {
      const indent = this.indentOf(last.range.start.offset);
      const at = lineEndAt(this.text, last.range.end.offset);
      return { start: at, end: at, text: this.eol + indent + this.render.objectItem(key, value, indent) + (comma >= 0 ? ',' : '') };
    }
    const item = this.render.objectItem(key, value, this.indentOf(open));
    if (comma >= 0) return { start: comma, end: comma, text: ` ${item},` };
    return { start: last.range.end.offset, end: last.range.end.offset, text: `, ${item}` };
  }

  private insertIntoTuple(expr: TupleExpr, value: FixValue): Splice {
    const open = expr.range.start.offset;
    const close = expr.range.end.offset - 1;
    const last = expr.items[expr.items.length - 1];
    if (!last) return { start: open, end: close + 1, text: `[${this.render.value(value, this.indentOf(open))}]` };
    const comma = this.commaAfter(last.range.end.offset);
    if (expr.range.start.line !== expr.range.end.line) {
      const indent = this.indentOf(last.range.start.offset);
      const item = this.render.value(value, indent);
      if (comma >= 0) {
        const at = lineEndAt(this.text, comma);
        return { start: at, end: at, text: `${this.eol}${indent}${item},` };
      }
      // Items of a multi-line list are comma-separated: the last one gets its comma first.
      const end = last.range.end.offset;
      const at = lineEndAt(this.text, end);
      return { start: end, end: at, text: `,${this.text.slice(end, at)}${this.eol}${indent}${item}` };
    }
    const item = this.render.value(value, this.indentOf(open));
    if (comma >= 0) return { start: comma, end: comma, text: ` ${item},` };
    return { start: last.range.end.offset, end: last.range.end.offset, text: `, ${item}` };
  }

  // ---- append ---------------------------------------------------------------------------------------

  private append(target: Target, value: FixValue, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'attribute':
        return this.appendToExpr(target.attribute.expr, value);
      case 'item':
        return this.appendToExpr(target.item.value, value);
      case 'element':
        return this.appendToExpr(target.place.expr.items[target.index], value);
      case 'blocks': {
        const block = asBlock(value, pathText(full));
        const indent = this.indentOf(target.blocks[0].range.start.offset);
        const written = this.render.block(target.key, block, indent);
        if (target.blocks.some((existing) => indent + this.slice(existing.range) === written)) return [];
        return [this.insertBlockAfter(target.blocks[target.blocks.length - 1], target.key, block)];
      }
      case 'block':
        throw new FixError(`${pathText(full)} is one block, not a list to append to`);
      case 'missing': {
        if (target.place.kind === 'body' && target.rest.length === 0 && isFixBlock(value)) return this.insertMissing(target, value, full);
        return this.insertMissing(target, [value], full);
      }
    }
  }

  private appendToExpr(expr: Expression, value: FixValue): Splice[] {
    const indent = this.indentOf(expr.range.start.offset);
    const written = this.render.value(value, indent);
    const contains = (tuple: Expression) => tuple.type === 'Tuple' && tuple.items.some((item) => this.slice(item.range) === written);
    if (expr.type === 'Tuple') return contains(expr) ? [] : [this.insertIntoTuple(expr, value)];
    // Not a list literal: append with concat(), once.
    if (expr.type === 'FunctionCall' && expr.name === 'concat' && expr.args.some(contains)) return [];
    return [{ start: expr.range.start.offset, end: expr.range.end.offset, text: `concat(${this.slice(expr.range)}, [${written}])` }];
  }

  // ---- remove ---------------------------------------------------------------------------------------

  private remove(target: Target): Splice[] {
    switch (target.kind) {
      case 'attribute':
        return [this.removeItem(target.attribute.range, target.place.body.range, target.place.body.items.length === 1)];
      case 'blocks':
        return target.blocks.map((block) => this.removeItem(block.range, target.place.body.range, target.place.body.items.length === 1));
      case 'block':
        return [this.removeItem(target.block.range, target.place.body.range, target.place.body.items.length === 1)];
      case 'item':
        return [this.removeFromList(target.item.range, target.place.expr.items.map((item) => item.range), target.place.expr.range)];
      case 'element':
        return [this.removeFromList(target.place.expr.items[target.index].range, target.place.expr.items.map((item) => item.range), target.place.expr.range)];
      case 'missing':
        return [];
    }
  }

  /** Deletes the lines an item occupies, with its trailing comma and comment; undefined when it shares a line. */
  private deleteLines(range: Range): Splice | undefined {
    const text = this.text;
    let from = lineStartAt(text, range.start.offset);
    if (!onlyBlanks(text, from, range.start.offset)) return undefined;
    let end = skipBlanks(text, range.end.offset);
    if (text[end] === ',') end = skipBlanks(text, end + 1);
    const lineEnd = lineEndAt(text, end);
    if (end < lineEnd && text[end] !== '#' && !text.startsWith('//', end) && !text.startsWith('/*', end)) return undefined;
    let to = nextLineStart(text, range.end.offset);
    // Keep the blank-line structure tidy: no blank line left right after `{` or before `}`, no double blank.
    const previousLineEnd = from > 0 ? from - (text[from - 2] === '\r' ? 2 : 1) : -1;
    const previousBlank = previousLineEnd >= 0 && isBlankLine(text, previousLineEnd);
    const previousOpens = previousLineEnd >= 0 && /[{[(]\s*$/.test(text.slice(lineStartAt(text, previousLineEnd), previousLineEnd));
    const nextBlank = to < text.length && isBlankLine(text, to);
    const nextCloses = /^[ \t]*[}\])]/.test(text.slice(to, lineEndAt(text, to)));
    if (previousBlank && (nextBlank || nextCloses || to >= text.length)) from = lineStartAt(text, previousLineEnd);
    else if (previousOpens && nextBlank) to = nextLineStart(text, to);
    return { start: from, end: to, text: '' };
  }

  /** Removes a body item: its lines, or (in a one-line block) the whole inside of the braces. */
  private removeItem(range: Range, body: Range, only: boolean): Splice {
    const lines = this.deleteLines(range);
    if (lines) return lines;
    if (only) return { start: body.start.offset + 1, end: body.end.offset - 1, text: '' };
    throw new FixError('cannot remove an item that shares its line with another');
  }

  /** Removes an item of an object constructor or list, with the comma that separates it. */
  private removeFromList(range: Range, all: Range[], container: Range): Splice {
    const lines = container.start.line !== container.end.line ? this.deleteLines(range) : undefined;
    if (lines) return lines;
    const index = all.indexOf(range);
    if (index > 0) return { start: all[index - 1].end.offset, end: range.end.offset, text: '' };
    if (index + 1 < all.length) return { start: range.start.offset, end: all[index + 1].start.offset, text: '' };
    return { start: container.start.offset + 1, end: container.end.offset - 1, text: '' };
  }

  // ---- whole blocks ---------------------------------------------------------------------------------

  private topBlocks(type: string): Block[] {
    return blocksOf(this.root, type);
  }

  /** Text appended at `at` so that `block` stands separated by one blank line from what surrounds it. */
  private blockAt(at: number, block: string): Splice {
    const text = this.text;
    const before = text.slice(0, at);
    let lead = '';
    if (before.length > 0) {
      if (!/[\r\n]$/.test(before)) lead = this.eol + this.eol;
      // A CRLF is one line break: `\r(?!\n)` stops the pattern from counting its two characters as two.
      else if (!/(?:\r\n|\n|\r(?!\n))[ \t]*(?:\r\n|\n|\r)$/.test(before) && before.trim() !== '') lead = this.eol;
    }
    const trail = at < text.length && !isBlankLine(text, at) ? this.eol + this.eol : this.eol;
    return { start: at, end: at, text: lead + block + trail };
  }

  private addResource(resource: Resource, type: string, name: string, body: { [key: string]: FixValue }, context: FixContext): Splice[] {
    const exists = this.topBlocks('resource').some((block) => block.labels[0]?.value === type && block.labels[1]?.value === name);
    if (exists || context.moduleResources?.has(`${type}.${name}`)) return [];
    const after = this.resourceBlock(resource);
    const text = this.render.block('resource', { $block: body }, '', [type, name]);
    return [this.blockAt(nextLineStart(this.text, after.range.end.offset), text)];
  }

  private addVariable(name: string, type: string, description: string, fallback: FixValue | undefined, context: FixContext): Splice[] {
    const exists = this.topBlocks('variable').some((block) => block.labels[0]?.value === name);
    if (exists || context.moduleVariables?.has(name)) return [];
    const body: { [key: string]: FixValue } = { type: { $expression: type }, description };
    if (fallback !== undefined) body.default = fallback;
    return [this.blockAt(this.text.length, this.render.block('variable', { $block: body }, '', [name]))];
  }
}

/** The lines of `text` a splice wrote (in the text after it), for re-alignment. */
function writtenLines(after: string, splice: Splice): [number, number] {
  const index = new LineIndex(after);
  const first = index.lineOf(splice.start);
  const last = index.lineOf(splice.start + splice.text.length);
  return splice.text === '' ? [Math.max(0, first - 1), first] : [first, last];
}

/** Applies a fix's actions, in order, to an HCL text; returns the new text. */
export function writeHcl(text: string, resource: Resource, fix: Fix, context: FixContext): string {
  let current = text;
  for (const action of fix.actions) {
    const splices = new HclEdit(current).splices(resource, action, context);
    if (splices.length === 0) continue;
    const next = applySplices(current, splices);
    let first = Infinity;
    let last = -Infinity;
    // Positions after earlier splices shift; the written lines are found by re-locating each in order.
    let shift = 0;
    for (const splice of [...splices].sort((a, b) => a.start - b.start)) {
      const [from, to] = writtenLines(next, { ...splice, start: splice.start + shift });
      first = Math.min(first, from);
      last = Math.max(last, to);
      shift += splice.text.length - (splice.end - splice.start);
    }
    current = alignHcl(next, first, last);
  }
  return current;
}

