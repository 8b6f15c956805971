// The YAML writer (CloudFormation templates): edits the text in place, in the document's style: block
// mappings indented like their siblings, flow mappings and sequences kept inline, short-form intrinsics
// (`!Ref X`) when the template uses them, plain scalars unless YAML needs quotes. Comments are kept: only
// the value being replaced, or the lines being removed, change.

import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { Fix, FixAction, FixValue } from '../../../rules/fix';
import type { Resource } from '../model/resource';
import type { ValuePath } from '../model/value';
import { SHORT_FORM_TAGS } from '../parse/cfn/yaml';
import {
  applySplices,
  eolOf,
  FixError,
  indentUnitOf,
  isBlankLine,
  lineEndAt,
  lineStartAt,
  nextLineStart,
  onlyBlanks,
  skipBlanks,
  trimBack,
  type Splice,
} from './text';
import { pathText, toCloudFormation, wrapData } from './values';

type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
type YamlPair = Pair<unknown, unknown>;

/** Long-form intrinsic key -> short tag (`Fn::GetAtt` -> `!GetAtt`). */
const SHORT_TAGS = new Map(Object.entries(SHORT_FORM_TAGS).map(([tag, key]) => [key, tag]));

const RESERVED_SCALAR = /^(?:~|null|true|false|yes|no|y|n|on|off|[-+]?\.(?:inf|nan)|\.nan|[-+]?(?:0[xob][0-9a-f_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.[0-9][0-9_]*(?:e[-+]?[0-9]+)?|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/i;

/** Whether a string can be written as a plain (unquoted) scalar and read back as the same string. */
export function plainSafe(value: string, flow: boolean): boolean {
  if (value === '' || /^\s|\s$/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  return !RESERVED_SCALAR.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A one-key object whose key is an intrinsic function (`{ Ref: X }`, `{ 'Fn::GetAtt': [A, B] }`). */
function intrinsicOf(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !SHORT_TAGS.has(keys[0])) return undefined;
  return [SHORT_TAGS.get(keys[0])!, value[keys[0]]];
}

/** A node's value as plain JSON in CloudFormation's long form (short tags expanded), for comparisons. */
function plainOf(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return { $alias: node.source };
  let plain: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = plainOf(pair.value);
    plain = out;
  } else if (isSeq(node)) plain = node.items.map(plainOf);
  else if (isScalar(node)) plain = node.value;
  else return undefined;
  const tag = (node as Node).tag;
  const long = tag ? SHORT_FORM_TAGS[tag] : undefined;
  if (!long) return plain;
  if (long === 'Fn::GetAtt' && typeof plain === 'string') {
    const dot = plain.indexOf('.');
    plain = dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)];
  }
  return { [long]: plain };
}

/** What a path leads to. */
type Target =
  | { kind: 'pair'; pair: YamlPair; map: YAMLMap<unknown, unknown>; holder?: YamlPair }
  | { kind: 'element'; seq: YAMLSeq<unknown>; index: number; holder?: YamlPair }
  /** The key holds nothing (`Properties:`); `rest` is the path below it. */
  | { kind: 'empty'; pair: YamlPair; rest: ValuePath }
  | { kind: 'missing'; container: Collection; key: string | number; rest: ValuePath };

class YamlEdit {
  private readonly text: string;
  private readonly eol: string;
  private readonly unit: string;
  private readonly root: unknown;
  /** Whether the template writes intrinsics as short tags (`!Ref X`). */
  private readonly shortForm: boolean;
  /** Whether block sequences are indented below their key (`Key:\n  - a`) rather than level with it. */
  private readonly indentedSequences: boolean;
  private readonly singleQuotes: boolean;

  constructor(text: string) {
    this.text = text;
    this.eol = eolOf(text);
    const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false, logLevel: 'silent' });
    if (document.errors.length > 0) throw new FixError(`the YAML does not parse: ${document.errors[0].message.split('\n')[0]}`);
    this.root = document.contents;
    let short = 0;
    let long = 0;
    let compact = 0;
    let indented = 0;
    let single = 0;
    let double = 0;
    visit(document, {
      Scalar: (_key, node) => {
        if (node.type === 'QUOTE_SINGLE') single++;
        if (node.type === 'QUOTE_DOUBLE') double++;
      },
      Node: (_key, node) => {
        if (node.tag && SHORT_FORM_TAGS[node.tag]) short++;
      },
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && (pair.key.value === 'Ref' || String(pair.key.value).startsWith('Fn::'))) long++;
        if (isSeq(pair.value) && !pair.value.flow && pair.value.range && isScalar(pair.key) && pair.key.range) {
          const dash = this.column(pair.value.range[0]);
          const key = this.column(pair.key.range[0]);
          if (dash === key) compact++;
          else if (dash > key) indented++;
        }
      },
    });
    this.shortForm = short > 0 || long === 0;
    this.indentedSequences = indented >= compact;
    this.singleQuotes = single > double;
    this.unit = ' '.repeat(Math.max(1, indentUnitOf(text).replace(/\t/g, '  ').length));
  }

  private column(offset: number): number {
    return offset - lineStartAt(this.text, offset);
  }

  // ---- rendering ------------------------------------------------------------------------------------

  private scalar(value: unknown, flow: boolean): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean' || typeof value === 'number') return String(value);
    const text = String(value);
    if (plainSafe(text, flow)) return text;
    if (this.singleQuotes && !/[\u0000-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
    return JSON.stringify(text);
  }

  private key(key: string, flow: boolean): string {
    return this.scalar(key, flow);
  }

  /** A value written on one line (flow style), or undefined when it needs block lines. */
  private inline(value: unknown, flow: boolean): string | undefined {
    if (value === null || typeof value !== 'object') return this.scalar(value, flow);
    const intrinsic = this.shortForm ? intrinsicOf(value) : undefined;
    if (intrinsic) {
      const [tag, argument] = intrinsic;
      if (tag === '!GetAtt' && Array.isArray(argument) && argument.length === 2 && argument.every((part) => typeof part === 'string')) {
        return `${tag} ${this.scalar(argument.join('.'), flow)}`;
      }
      return `${tag} ${argument === null || typeof argument !== 'object' ? this.scalar(argument, flow) : this.flowValue(argument)}`;
    }
    if (Array.isArray(value) && value.length === 0) return '[]';
    if (isObject(value) && Object.keys(value).length === 0) return '{}';
    if (flow) return this.flowValue(value);
    return undefined;
  }

  private flowValue(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map((item) => this.inline(item, true)).join(', ')}]`;
    if (isObject(value) && !(this.shortForm && intrinsicOf(value))) {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{}';
      return `{ ${entries.map(([key, item]) => `${this.key(key, true)}: ${this.inline(item, true)}`).join(', ')} }`;
    }
    return this.inline(value, true)!;
  }

  /** What follows `key:` for a value whose key is indented by `indent`: ` inline` or block lines. */
  private afterKey(value: unknown, indent: string): string {
    const inline = this.inline(value, false);
    if (inline !== undefined) return ` ${inline}`;
    if (Array.isArray(value)) return this.eol + this.sequenceLines(value, this.indentedSequences ? indent + this.unit : indent);
    return this.eol + this.mapLines(value as Record<string, unknown>, indent + this.unit);
  }

  private mapLines(value: Record<string, unknown>, indent: string): string {
    return Object.entries(value)
      .map(([key, item]) => `${indent}${this.key(key, false)}:${this.afterKey(item, indent)}`)
      .join(this.eol);
  }

  private sequenceLines(items: unknown[], indent: string): string {
    return items.map((item) => `${indent}-${this.sequenceItem(item, indent + '  ')}`).join(this.eol);
  }

  /** What follows `-` for one sequence item whose content is indented by `indent`. */
  private sequenceItem(value: unknown, indent: string): string {
    const inline = this.inline(value, false);
    if (inline !== undefined) return ` ${inline}`;
    if (Array.isArray(value)) return ` ${this.flowValue(value)}`;
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.map(([key, item], index) => `${index === 0 ? ' ' : this.eol + indent}${this.key(key, false)}:${this.afterKey(item, indent)}`).join('');
  }

  // ---- geometry -------------------------------------------------------------------------------------

  /** Where a node's text starts, its tag and anchor included. */
  private nodeStart(node: Node): number {
    let start = node.range![0];
    for (;;) {
      const before = trimBack(this.text, start);
      let token = before;
      while (token > 0 && !/\s/.test(this.text[token - 1])) token--;
      if (token < before && (this.text[token] === '!' || this.text[token] === '&')) start = token;
      else return start;
    }
  }

  /** Where a node's text ends (trailing line breaks of block values excluded). */
  private nodeEnd(node: Node): number {
    return trimBack(this.text, node.range![1], node.range![0]);
  }

  private isEmpty(node: unknown): boolean {
    return node === null || node === undefined || (isScalar(node) && node.value === null && !(node as Node).tag);
  }

  /** Offset just after the `:` of a pair. */
  private colonEnd(pair: YamlPair): number {
    const keyNode = pair.key as Scalar;
    const colon = skipBlanks(this.text, keyNode.range![1]);
    if (this.text[colon] !== ':') throw new FixError('unexpected YAML layout around a key');
    return colon + 1;
  }

  /** The indentation (as spaces) of a block mapping's keys. */
  private keyIndent(pair: YamlPair): string {
    return ' '.repeat(this.column((pair.key as Scalar).range![0]));
  }

  // ---- locating -------------------------------------------------------------------------------------

  private resourcePair(resource: Resource): YamlPair {
    const resources = this.pairOf(this.root, 'Resources');
    const pair = resources ? this.pairOf(resources.value, resource.name) : undefined;
    if (!pair) throw new FixError(`${resource.name} is not in this template's Resources`);
    if (!isMap(pair.value)) throw new FixError(`${resource.name} is not a mapping`);
    return pair;
  }

  private pairOf(node: unknown, key: string): YamlPair | undefined {
    if (!isMap(node)) return undefined;
    for (let index = node.items.length - 1; index >= 0; index--) {
      const pair = node.items[index];
      if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
    }
    return undefined;
  }

  private locate(node: Collection, path: ValuePath, full: ValuePath, holder?: YamlPair): Target {
    const [step, ...rest] = path;
    if (isMap(node)) {
      if (typeof step !== 'string') throw new FixError(`${pathText(full)}: a mapping has no item ${step}`);
      const pair = this.pairOf(node, step);
      if (!pair) return { kind: 'missing', container: node, key: step, rest };
      if (rest.length === 0) return { kind: 'pair', pair, map: node, holder };
      return this.descend(pair, rest, full);
    }
    if (typeof step !== 'number') throw new FixError(`${pathText(full)}: a sequence has no key ${step}`);
    if (step < node.items.length) {
      if (rest.length === 0) return { kind: 'element', seq: node, index: step, holder };
      const item = node.items[step];
      if ((isMap(item) || isSeq(item)) && !(item as Node).tag) return this.locate(item, rest, full);
      throw new FixError(`${pathText(full)}: item ${step} is not a mapping or sequence`);
    }
    if (step === node.items.length) return { kind: 'missing', container: node, key: step, rest };
    throw new FixError(`${pathText(full)}: the sequence has only ${node.items.length} items`);
  }

  private descend(pair: YamlPair, rest: ValuePath, full: ValuePath): Target {
    const value = pair.value;
    if ((isMap(value) || isSeq(value)) && !(value as Node).tag) return this.locate(value, rest, full, pair);
    if (this.isEmpty(value)) return { kind: 'empty', pair, rest };
    throw new FixError(`${pathText(full)}: the value on the way is not a mapping or sequence (an intrinsic function or a scalar)`);
  }

  // ---- actions --------------------------------------------------------------------------------------

  splices(resource: Resource, action: FixAction): Splice[] {
    if (action.kind === 'add-variable') throw new FixError('add-variable declares a Terraform variable; CloudFormation has Parameters');
    if (action.kind === 'add-resource') return this.addResource(resource, action.name, action.type, action.body);
    if (action.path.length === 0) throw new FixError(`${action.kind} needs a path into the resource`);
    const entry = this.resourcePair(resource);
    const target = this.locate(entry.value as YAMLMap<unknown, unknown>, action.path, action.path, entry);
    if (action.kind === 'set') return this.set(target, toCloudFormation(action.value), action.path);
    if (action.kind === 'append') return this.append(target, toCloudFormation(action.value), action.path);
    return this.remove(target);
  }

  private set(target: Target, value: unknown, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'pair':
        return this.replaceValue(target.pair, value, Boolean(target.map.flow));
      case 'element':
        return this.replaceElement(target.seq, target.index, value);
      case 'empty':
        return this.replaceValue(target.pair, wrapData(target.rest, value as FixValue, full), false);
      case 'missing':
        return [this.insertMissing(target.container, target.key, wrapData(target.rest, value as FixValue, full))];
    }
  }

  private insertMissing(container: Collection, key: string | number, value: unknown): Splice {
    return isMap(container) ? this.insertPair(container, String(key), value) : this.appendItem(container as YAMLSeq<unknown>, value);
  }

  private replaceValue(pair: YamlPair, value: unknown, flow: boolean): Splice[] {
    const node = pair.value as Node | null;
    if (!this.isEmpty(node) && isDeepStrictEqual(plainOf(node), value)) return [];
    const colon = this.colonEnd(pair);
    if (flow) {
      const written = this.flowValue(value);
      if (this.isEmpty(node)) return [{ start: colon, end: colon, text: ` ${written}` }];
      return [{ start: this.nodeStart(node!), end: this.nodeEnd(node!), text: written }];
    }
    const written = this.afterKey(value, this.keyIndent(pair));
    if (this.isEmpty(node)) {
      // `Key:` or `Key: null`: what is written after the colon on its line is replaced.
      let end = node?.range ? node.range[1] : colon;
      if (end < colon || end > lineEndAt(this.text, colon)) end = colon;
      return [{ start: colon, end, text: written }];
    }
    const start = this.nodeStart(node!);
    const end = this.nodeEnd(node!);
    const sameLine = lineStartAt(this.text, start) === lineStartAt(this.text, colon);
    if (sameLine && written.startsWith(' ')) return [{ start, end, text: written.slice(1) }];
    return [{ start: colon, end, text: written }];
  }

  private replaceElement(seq: YAMLSeq<unknown>, index: number, value: unknown): Splice[] {
    const node = seq.items[index] as Node;
    if (isDeepStrictEqual(plainOf(node), value)) return [];
    const start = this.nodeStart(node);
    const end = this.nodeEnd(node);
    if (seq.flow) return [{ start, end, text: this.flowValue(value) }];
    const written = this.sequenceItem(value, ' '.repeat(this.column(start)));
    return [{ start, end, text: written.slice(1) }];
  }

  /** The offset at the end of the last line a pair (or item) occupies. */
  private lastLineEnd(node: Node | null, fallback: number): number {
    const end = node && !this.isEmpty(node) ? this.nodeEnd(node) : fallback;
    return lineEndAt(this.text, end);
  }

  private insertPair(map: YAMLMap<unknown, unknown>, key: string, value: unknown): Splice {
    const last = map.items[map.items.length - 1];
    if (map.flow) {
      if (!last) return { start: map.range![0], end: map.range![1], text: this.flowValue({ [key]: value }) };
      const end = last.value ? this.nodeEnd(last.value as Node) : (last.key as Scalar).range![1];
      return { start: end, end, text: `, ${this.key(key, true)}: ${this.inline(value, true)}` };
    }
    if (!last) throw new FixError('cannot insert into an empty block mapping');
    const indent = this.keyIndent(map.items[0]);
    const at = this.lastLineEnd(last.value as Node | null, this.colonEnd(last));
    return { start: at, end: at, text: `${this.eol}${indent}${this.key(key, false)}:${this.afterKey(value, indent)}` };
  }

  private appendItem(seq: YAMLSeq<unknown>, value: unknown): Splice {
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (seq.flow) {
      if (!last) return { start: seq.range![0], end: seq.range![1], text: this.flowValue([value]) };
      const end = this.nodeEnd(last);
      return { start: end, end, text: `, ${this.inline(value, true)}` };
    }
    if (!last) throw new FixError('cannot append to an empty block sequence');
    const indent = ' '.repeat(this.column(seq.range![0]));
    const at = this.lastLineEnd(last, seq.range![0]);
    return { start: at, end: at, text: `${this.eol}${indent}-${this.sequenceItem(value, indent + '  ')}` };
  }

  private append(target: Target, value: unknown, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'pair': {
        const list = target.pair.value;
        if (isSeq(list) && !(list as Node).tag) {
          if (list.items.some((item) => isDeepStrictEqual(plainOf(item), value))) return [];
          return [this.appendItem(list, value)];
        }
        if (this.isEmpty(list)) return this.replaceValue(target.pair, [value], Boolean(target.map.flow));
        throw new FixError(`${pathText(full)} is not a sequence`);
      }
      case 'element':
        throw new FixError(`${pathText(full)} is a sequence item, not a sequence`);
      case 'empty':
        return this.replaceValue(target.pair, wrapData(target.rest, [value as FixValue], full), false);
      case 'missing':
        return [this.insertMissing(target.container, target.key, wrapData(target.rest, [value as FixValue], full))];
    }
  }

  // ---- remove ---------------------------------------------------------------------------------------

  /** Deletes whole lines [from line of `start`, line of `end`], tidying a blank line left doubled. */
  private deleteLines(start: number, end: number): Splice {
    const text = this.text;
    let from = lineStartAt(text, start);
    let to = nextLineStart(text, end);
    const previousEnd = from > 0 ? from - (text[from - 2] === '\r' ? 2 : 1) : -1;
    const previousBlank = previousEnd >= 0 && isBlankLine(text, previousEnd);
    if (previousBlank && (to >= text.length || isBlankLine(text, to))) from = lineStartAt(text, previousEnd);
    if (to > text.length) to = text.length;
    return { start: from, end: to, text: '' };
  }

  /** Removes one of several comma-separated flow items. */
  private removeFlowItem(starts: number[], ends: number[], index: number, open: number, close: number): Splice {
    if (index > 0) return { start: ends[index - 1], end: ends[index], text: '' };
    if (index + 1 < starts.length) return { start: starts[index], end: starts[index + 1], text: '' };
    return { start: open + 1, end: close - 1, text: '' };
  }

  private remove(target: Target): Splice[] {
    if (target.kind === 'missing' || target.kind === 'empty') return [];
    if (target.kind === 'pair') {
      const { pair, map, holder } = target;
      const index = map.items.indexOf(pair);
      const keyStart = (pair.key as Scalar).range![0];
      const valueEnd = this.lastLineEnd(pair.value as Node | null, this.colonEnd(pair));
      if (map.flow) {
        const starts = map.items.map((item) => (item.key as Scalar).range![0]);
        const ends = map.items.map((item) => (item.value && !this.isEmpty(item.value) ? this.nodeEnd(item.value as Node) : this.colonEnd(item)));
        return [this.removeFlowItem(starts, ends, index, map.range![0], map.range![1])];
      }
      // The last key of a mapping: the mapping becomes `{}` rather than a null value.
      if (map.items.length === 1 && holder) return [{ start: this.colonEnd(holder), end: this.nodeEnd(map), text: ' {}' }];
      if (onlyBlanks(this.text, lineStartAt(this.text, keyStart), keyStart)) return [this.deleteLines(keyStart, valueEnd)];
      // The first key of a mapping inside a sequence item (`- Key: v`): the next key moves up after the dash.
      const next = map.items[index + 1];
      if (next) return [{ start: keyStart, end: (next.key as Scalar).range![0], text: '' }];
      throw new FixError('cannot remove this key without breaking the YAML layout');
    }
    const { seq, index, holder } = target;
    const node = seq.items[index] as Node;
    if (seq.flow) {
      const nodes = seq.items as Node[];
      return [this.removeFlowItem(nodes.map((item) => this.nodeStart(item)), nodes.map((item) => this.nodeEnd(item)), index, seq.range![0], seq.range![1])];
    }
    if (seq.items.length === 1 && holder) return [{ start: this.colonEnd(holder), end: this.nodeEnd(seq), text: ' []' }];
    let dash = this.nodeStart(node);
    while (dash > 0 && this.text[dash - 1] !== '-') dash--;
    return [this.deleteLines(dash - 1, this.lastLineEnd(node, dash))];
  }

  // ---- resources ------------------------------------------------------------------------------------

  private addResource(resource: Resource, name: string, type: string, body: { [key: string]: FixValue }): Splice[] {
    const resources = this.pairOf(this.root, 'Resources');
    if (!resources || !isMap(resources.value) || resources.value.flow) throw new FixError('the template has no block-style Resources mapping');
    if (this.pairOf(resources.value, name)) return [];
    const entry = this.resourcePair(resource);
    const plain = toCloudFormation(body) as Record<string, unknown>;
    const written = 'Type' in plain ? plain : { Type: type, ...plain };
    const pairs = resources.value.items;
    // Resources separated by blank lines get a blank line before the new one too.
    const blank = pairs.length < 2 || pairs.slice(1).some((pair, index) => /\n[ \t]*\r?\n/.test(this.text.slice(this.nodeEnd(pairs[index].value as Node), (pair.key as Scalar).range![0])));
    const indent = this.keyIndent(entry);
    const at = this.lastLineEnd(entry.value as Node, this.colonEnd(entry));
    return [{ start: at, end: at, text: `${this.eol}${blank ? this.eol : ''}${indent}${this.key(name, false)}:${this.afterKey(written, indent)}` }];
  }
}

/** Applies a fix's actions, in order, to a CloudFormation YAML text; returns the new text. */
export function writeYaml(text: string, resource: Resource, fix: Fix): string {
  let current = text;
  for (const action of fix.actions) {
    const splices = new YamlEdit(current).splices(resource, action);
    if (splices.length > 0) current = applySplices(current, splices);
  }
  return current;
}
