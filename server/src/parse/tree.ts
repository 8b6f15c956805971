// A positioned JSON-like tree: what the YAML and JSON parsers produce for CloudFormation templates
// and Terraform JSON, so that one evaluator serves both syntaxes.

import type { Range } from './range';

/** A mapping (YAML map, JSON object). Short-form YAML intrinsics become one-entry maps (`Fn::GetAtt`). */
export interface MapNode {
  kind: 'map';
  entries: MapEntry[];
  range: Range;
  /**
   * The key of a map with exactly one entry, else undefined, without reading the entries when they are
   * read lazily (large JSON); see soleKeyOf.
   */
  soleKey?(): string | undefined;
}

/** One `key: value` of a mapping, with the range of the key and of the whole entry. */
export interface MapEntry {
  key: string;
  keyRange: Range;
  value: DataNode;
  range: Range;
}

/** A sequence (YAML sequence, JSON array). */
export interface SeqNode {
  kind: 'seq';
  items: DataNode[];
  range: Range;
}

/** A string, number, boolean or null. */
export interface ScalarNode {
  kind: 'scalar';
  value: string | number | boolean | null;
  range: Range;
}

/** Any node of the tree. */
export type DataNode = MapNode | SeqNode | ScalarNode;

/** A syntax problem found while reading a YAML or JSON file. */
export interface DataError {
  message: string;
  range: Range;
  /** 'error' stops nothing but marks the file broken; 'warning' is informational (e.g. duplicate key). */
  severity: 'error' | 'warning';
}

/** What a YAML or JSON parse produces: the tree (when any could be recovered) and its problems. */
export interface DataParseResult {
  root: DataNode | undefined;
  errors: DataError[];
}

/** The key of a map node with exactly one entry (an intrinsic function's name, say), else undefined. */
export function soleKeyOf(node: MapNode): string | undefined {
  if (node.soleKey) return node.soleKey();
  return node.entries.length === 1 ? node.entries[0].key : undefined;
}

/** The value of `key` in a map node (the last entry wins, as CloudFormation reads duplicates). */
export function mapGet(node: DataNode | undefined, key: string): DataNode | undefined {
  if (node?.kind !== 'map') return undefined;
  for (let index = node.entries.length - 1; index >= 0; index--) if (node.entries[index].key === key) return node.entries[index].value;
  return undefined;
}

/** The entry of `key` in a map node. */
export function mapEntry(node: DataNode | undefined, key: string): MapEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  for (let index = node.entries.length - 1; index >= 0; index--) if (node.entries[index].key === key) return node.entries[index];
  return undefined;
}
