// A strict JSON reader that builds the positioned tree in one pass, tracking lines as it goes (CDK synth
// output runs to tens of megabytes). It gives up on the first syntax error: the tolerant reader
// (json.ts, jsonc-parser) then recovers what it can and reports the errors.

import type { Position, Range } from '../range';
import type { DataError, DataNode, MapEntry } from '../tree';

/** A JSON number at `lastIndex` (sticky): one shared instance, not one per number. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Raised internally on the first syntax error (never escapes parseJsonStrict). */
class StrictJsonError extends Error {}

/** Parses valid JSON into a positioned tree; undefined when the text is not valid JSON or nests too deep. */
export function parseJsonStrict(text: string, maxDepth: number): { root: DataNode; errors: DataError[] } | undefined {
  let pos = 0;
  let line = 0;
  let lineStart = 0;
  const length = text.length;
  const errors: DataError[] = [];

  const position = (offset: number): Position => ({ line, character: offset - lineStart, offset });
  const fail = (): never => {
    throw new StrictJsonError();
  };
  const skipSpace = () => {
    for (; pos < length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 10) {
        line++;
        lineStart = pos + 1;
      } else if (code === 13) {
        // A lone CR or the CR of CRLF: a CRLF counts once (the LF is the break).
        if (text.charCodeAt(pos + 1) !== 10) {
          line++;
          lineStart = pos + 1;
        }
      } else if (code !== 32 && code !== 9) return;
    }
  };
  const readString = (): string => {
    const start = ++pos;
    for (; pos < length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 34) {
        const raw = text.slice(start, pos++);
        return raw;
      }
      // Escapes and control characters: let JSON.parse decode the exact string (rare in templates).
      if (code === 92 || code < 32) {
        let end = pos;
        for (; end < length; end++) {
          const inner = text.charCodeAt(end);
          if (inner === 92) end++;
          else if (inner === 34) break;
          else if (inner === 10 || inner === 13) fail();
        }
        if (end >= length) fail();
        const decoded = JSON.parse(text.slice(start - 1, end + 1)) as string;
        pos = end + 1;
        return decoded;
      }
    }
    return fail();
  };
  const readValue = (depth: number): DataNode => {
    if (depth > maxDepth) fail();
    skipSpace();
    const startOffset = pos;
    const start = position(pos);
    const code = text.charCodeAt(pos);
    if (code === 123 /* { */) {
      pos++;
      const entries: MapEntry[] = [];
      const seen = new Set<string>();
      skipSpace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        for (;;) {
          skipSpace();
          if (text.charCodeAt(pos) !== 34) fail();
          const keyStart = position(pos);
          const key = readString();
          const keyRange: Range = { start: keyStart, end: position(pos) };
          if (seen.has(key)) errors.push({ message: `Duplicate key "${key}": the last one is used`, range: keyRange, severity: 'warning' });
          seen.add(key);
          skipSpace();
          if (text.charCodeAt(pos) !== 58 /* : */) fail();
          pos++;
          const value = readValue(depth + 1);
          entries.push({ key, keyRange, value, range: { start: keyStart, end: value.range.end } });
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) fail();
        }
      }
      return { kind: 'map', entries, range: { start, end: position(pos) } };
    }
    if (code === 91 /* [ */) {
      pos++;
      const items: DataNode[] = [];
      skipSpace();
      if (text.charCodeAt(pos) === 93) pos++;
      else {
        for (;;) {
          items.push(readValue(depth + 1));
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 93) break;
          if (next !== 44) fail();
        }
      }
      return { kind: 'seq', items, range: { start, end: position(pos) } };
    }
    if (code === 34) {
      const value = readString();
      return { kind: 'scalar', value, range: { start, end: position(pos) } };
    }
    if (text.startsWith('true', pos)) return literal(true, 4);
    if (text.startsWith('false', pos)) return literal(false, 5);
    if (text.startsWith('null', pos)) return literal(null, 4);
    NUMBER.lastIndex = pos;
    if (!NUMBER.test(text) || NUMBER.lastIndex === startOffset) fail();
    pos = NUMBER.lastIndex;
    return { kind: 'scalar', value: Number(text.slice(startOffset, pos)), range: { start, end: position(pos) } };

    function literal(value: boolean | null, size: number): DataNode {
      pos += size;
      return { kind: 'scalar', value, range: { start, end: position(pos) } };
    }
  };

  try {
    const root = readValue(0);
    skipSpace();
    if (pos !== length) return undefined;
    return { root, errors };
  } catch (error) {
    if (error instanceof StrictJsonError || error instanceof RangeError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
