// CloudFormation YAML with positions: the yaml package's document tree, with every short-form
// intrinsic tag (`!Ref`, `!GetAtt A.B`, `!If [...]`...) turned into its long form, aliases expanded
// under a bound, and YAML errors (tabs, duplicate keys, bad syntax) reported with ranges.

import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { LineIndex } from '../hcl/positions';
import type { DataError, DataNode, DataParseResult, MapEntry } from '../tree';

/** Short tags and the long-form key each one stands for. */
export const SHORT_FORM_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** At most this many nodes may be produced by expanding aliases (an "alias bomb" stops here). */
export const MAX_ALIAS_EXPANSION = 100_000;

/** At most this nesting depth is converted; deeper content is reported and dropped. */
export const MAX_DEPTH = 256;

class Converter {
  private expanded = 0;
  private reportedDepth = false;
  private reportedAliases = false;
  constructor(
    private readonly lines: LineIndex,
    private readonly errors: DataError[],
  ) {}

  private range(node: { range?: [number, number, number] | null } | null | undefined, fallback = 0) {
    const [start, end] = node?.range ?? [fallback, fallback];
    return this.lines.rangeOf(start, end);
  }

  convert(node: YamlNode | null | undefined, depth: number, viaAlias: boolean, fallback: number): DataNode {
    if (node === null || node === undefined) return { kind: 'scalar', value: null, range: this.lines.rangeOf(fallback, fallback) };
    if (depth > MAX_DEPTH) {
      if (!this.reportedDepth) this.errors.push({ message: `Nesting deeper than ${MAX_DEPTH} levels is not read`, range: this.range(node), severity: 'error' });
      this.reportedDepth = true;
      return { kind: 'scalar', value: null, range: this.range(node) };
    }
    if (viaAlias && ++this.expanded > MAX_ALIAS_EXPANSION) {
      if (!this.reportedAliases) {
        this.errors.push({ message: `Aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; the rest is not read`, range: this.range(node), severity: 'error' });
      }
      this.reportedAliases = true;
      return { kind: 'scalar', value: null, range: this.range(node) };
    }
    const range = this.range(node);
    let converted: DataNode;
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      // The alias is placed where it is written, so findings land on the alias, not on the anchor.
      converted = target ? { ...this.convert(target, depth, true, range.start.offset), range } : { kind: 'scalar', value: null, range };
    } else if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        const keyRange = this.range(keyNode as never, range.start.offset);
        const value = this.convert(pair.value as YamlNode | null, depth + 1, viaAlias, keyRange.end.offset);
        entries.push({ key, keyRange, value, range: { start: keyRange.start, end: value.range.end } });
      }
      converted = { kind: 'map', entries, range };
    } else if (isSeq(node)) {
      converted = { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, depth + 1, viaAlias, range.start.offset)), range };
    } else if (isScalar(node)) {
      const value = node.value;
      converted = {
        kind: 'scalar',
        value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value),
        range,
      };
    } else {
      converted = { kind: 'scalar', value: null, range };
    }
    const tag = (node as { tag?: string }).tag;
    const longForm = tag ? SHORT_FORM_TAGS[tag] : undefined;
    if (longForm === undefined) return converted;
    // `!GetAtt Resource.Attribute` is the scalar spelling of the two-item list form.
    if (longForm === 'Fn::GetAtt' && converted.kind === 'scalar' && typeof converted.value === 'string') {
      const dot = converted.value.indexOf('.');
      const parts = dot < 0 ? [converted.value] : [converted.value.slice(0, dot), converted.value.slice(dot + 1)];
      converted = { kind: 'seq', items: parts.map((part) => ({ kind: 'scalar', value: part, range })), range };
    }
    return { kind: 'map', entries: [{ key: longForm, keyRange: range, value: converted, range }], range };
  }

  anchors = new Map<unknown, YamlNode>();
}

/** Parses YAML text into a positioned tree; never throws. */
export function parseYaml(text: string): DataParseResult {
  const lines = new LineIndex(text);
  const errors: DataError[] = [];
  try {
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: false, logLevel: 'silent' });
    for (const error of document.errors) {
      const [start, end] = error.pos;
      // Duplicate keys: CloudFormation rejects them; we report and keep reading (the last one wins).
      errors.push({ message: firstLine(error.message), range: lines.rangeOf(start, Math.max(end, start)), severity: error.code === 'DUPLICATE_KEY' ? 'warning' : 'error' });
    }
    const converter = new Converter(lines, errors);
    // Aliases point at node objects: the Alias node's `source` is the anchor name, resolved per document.
    const anchors = new Map<unknown, YamlNode>();
    const visit = (node: unknown, depth: number) => {
      if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, node as YamlNode);
      if (isMap(node) || isSeq(node)) {
        for (const item of node.items as unknown[]) {
          if (isMap(node)) visit((item as { value: unknown }).value, depth + 1);
          else visit(item, depth + 1);
        }
      }
    };
    visit(document.contents, 0);
    converter.anchors = anchors;
    const root = document.contents ? converter.convert(document.contents as YamlNode, 0, false, 0) : undefined;
    return { root, errors };
  } catch (error) {
    errors.push({ message: `YAML could not be read: ${(error as Error).message}`, range: lines.rangeOf(0, 0), severity: 'error' });
    return { root: undefined, errors };
  }
}

function firstLine(message: string): string {
  // The yaml package reports runaway recursion as a stack overflow; say what the user can act on.
  if (message.includes('Maximum call stack size exceeded')) return `Nesting too deep to read (more than ${MAX_DEPTH} levels)`;
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
