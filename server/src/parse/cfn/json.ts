// JSON with positions (CloudFormation and CDK templates, Terraform JSON), via jsonc-parser.
// Reports syntax errors and duplicate keys with ranges; refuses pathological nesting up front.

import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError as JsonParseError } from 'jsonc-parser';
import { LineIndex } from '../hcl/positions';
import { parseJsonStrict } from './json-fast';
import type { DataError, DataNode, DataParseResult, MapEntry } from '../tree';

/** Deeper nesting than this is refused before parsing (a recursive parser would overflow the stack). */
export const MAX_JSON_DEPTH = 512;

/** The deepest bracket nesting of a JSON text, skipping strings; stops counting past `limit`. */
function nestingDepth(text: string, limit: number): { depth: number; offset: number } {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > limit) return { depth, offset: index };
    } else if (code === 125 || code === 93) depth--;
  }
  return { depth, offset: -1 };
}

function convert(node: JsonNode, lines: LineIndex, errors: DataError[]): DataNode {
  const range = lines.rangeOf(node.offset, node.offset + node.length);
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keyRange = lines.rangeOf(keyNode.offset, keyNode.offset + keyNode.length);
        if (seen.has(key)) errors.push({ message: `Duplicate key "${key}": the last one is used`, range: keyRange, severity: 'warning' });
        seen.add(key);
        const value: DataNode = valueNode ? convert(valueNode, lines, errors) : { kind: 'scalar', value: null, range: keyRange };
        entries.push({ key, keyRange, value, range: lines.rangeOf(property.offset, property.offset + property.length) });
      }
      return { kind: 'map', entries, range };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((child) => convert(child, lines, errors)), range };
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', value: node.value as string | number | boolean, range };
    default:
      return { kind: 'scalar', value: null, range };
  }
}

/** Parses JSON text into a positioned tree, recovering what it can from invalid JSON; never throws. */
export function parseJson(text: string): DataParseResult {
  // Valid JSON (nearly always: synthesised templates) takes the fast one-pass reader.
  return parseJsonStrict(text, MAX_JSON_DEPTH) ?? parseJsonTolerant(text);
}

/** The tolerant reader (jsonc-parser): recovers what it can from invalid JSON and reports every error. */
export function parseJsonTolerant(text: string): DataParseResult {
  const lines = new LineIndex(text);
  const errors: DataError[] = [];
  const nesting = nestingDepth(text, MAX_JSON_DEPTH);
  if (nesting.offset >= 0) {
    errors.push({ message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not read`, range: lines.rangeOf(nesting.offset, nesting.offset + 1), severity: 'error' });
    return { root: undefined, errors };
  }
  const parseErrors: JsonParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  for (const error of parseErrors) {
    errors.push({ message: `Invalid JSON: ${printParseErrorCode(error.error)}`, range: lines.rangeOf(error.offset, error.offset + error.length), severity: 'error' });
  }
  return { root: tree ? convert(tree, lines, errors) : undefined, errors };
}
