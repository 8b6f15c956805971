// A strict JSON reader that builds the positioned tree in one pass (CDK synth output runs to tens of
// megabytes). Nodes keep offsets and compute their ranges when first asked: most nodes of a large
// template (tags, metadata) are never reported on, so their positions are never built. It gives up on
// the first syntax error: the tolerant reader (json.ts, jsonc-parser) then recovers what it can and
// reports the errors.

import { LineIndex } from '../hcl/positions';
import type { Range } from '../range';
import type { DataError, DataNode, MapEntry, MapNode, ScalarNode, SeqNode } from '../tree';

/** A JSON number at `lastIndex` (sticky): one shared instance, not one per number. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Raised internally on the first syntax error (never escapes parseJsonStrict). */
class StrictJsonError extends Error {}

/** Turns offsets into ranges; the line table is built on the first request. */
class Lines {
  private index: LineIndex | undefined;
  constructor(private readonly text: string) {}
  range(start: number, end: number): Range {
    return (this.index ??= new LineIndex(this.text)).rangeOf(start, end);
  }
}

/** A string, number, boolean or null with a lazily computed range. */
class JsonScalar implements ScalarNode {
  readonly kind = 'scalar';
  private cached: Range | undefined;
  constructor(
    readonly value: string | number | boolean | null,
    private readonly start: number,
    private readonly end: number,
    private readonly lines: Lines,
  ) {}
  get range(): Range {
    return (this.cached ??= this.lines.range(this.start, this.end));
  }
}

/** An array with a lazily computed range. */
class JsonSeq implements SeqNode {
  readonly kind = 'seq';
  private cached: Range | undefined;
  constructor(
    readonly items: DataNode[],
    private readonly start: number,
    private readonly end: number,
    private readonly lines: Lines,
  ) {}
  get range(): Range {
    return (this.cached ??= this.lines.range(this.start, this.end));
  }
}

/** An object with a lazily computed range. */
class JsonMap implements MapNode {
  readonly kind = 'map';
  private cached: Range | undefined;
  constructor(
    readonly entries: MapEntry[],
    private readonly start: number,
    private readonly end: number,
    private readonly lines: Lines,
  ) {}
  get range(): Range {
    return (this.cached ??= this.lines.range(this.start, this.end));
  }
}

/** One `"key": value` with lazily computed key and entry ranges. */
class JsonEntry implements MapEntry {
  private cachedKey: Range | undefined;
  private cachedEntry: Range | undefined;
  constructor(
    readonly key: string,
    readonly value: DataNode,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly end: number,
    private readonly lines: Lines,
  ) {}
  get keyRange(): Range {
    return (this.cachedKey ??= this.lines.range(this.keyStart, this.keyEnd));
  }
  get range(): Range {
    return (this.cachedEntry ??= this.lines.range(this.keyStart, this.end));
  }
}

/** Parses valid JSON into a positioned tree; undefined when the text is not valid JSON or nests too deep. */
export function parseJsonStrict(text: string, maxDepth: number): { root: DataNode; errors: DataError[] } | undefined {
  let pos = 0;
  const length = text.length;
  const errors: DataError[] = [];
  const lines = new Lines(text);

  const fail = (): never => {
    throw new StrictJsonError();
  };
  const skipSpace = () => {
    for (; pos < length; pos++) {
      const code = text.charCodeAt(pos);
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return;
    }
  };
  const readString = (): string => {
    const start = ++pos;
    for (; pos < length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 34) return text.slice(start, pos++);
      // Escapes and control characters: let JSON.parse decode the exact string (rare in templates).
      if (code === 92 || code < 32) {
        let end = pos;
        for (; end < length; end++) {
          const inner = text.charCodeAt(end);
          if (inner === 92) end++;
          else if (inner === 34) break;
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
    const start = pos;
    const code = text.charCodeAt(pos);
    if (code === 123 /* { */) {
      pos++;
      const entries: MapEntry[] = [];
      let seen: Set<string> | undefined;
      skipSpace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        for (;;) {
          skipSpace();
          if (text.charCodeAt(pos) !== 34) fail();
          const keyStart = pos;
          const key = readString();
          const keyEnd = pos;
          // Why a set only past a few keys: most objects are small, where a scan is cheaper.
          if (entries.length > 8) {
            if (!seen) seen = new Set(entries.map((entry) => entry.key));
            if (seen.has(key)) errors.push({ message: `Duplicate key "${key}": the last one is used`, range: lines.range(keyStart, keyEnd), severity: 'warning' });
            seen.add(key);
          } else if (entries.some((entry) => entry.key === key)) {
            errors.push({ message: `Duplicate key "${key}": the last one is used`, range: lines.range(keyStart, keyEnd), severity: 'warning' });
          }
          skipSpace();
          if (text.charCodeAt(pos) !== 58 /* : */) fail();
          pos++;
          const value = readValue(depth + 1);
          entries.push(new JsonEntry(key, value, keyStart, keyEnd, pos, lines));
          skipSpace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) fail();
        }
      }
      return new JsonMap(entries, start, pos, lines);
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
      return new JsonSeq(items, start, pos, lines);
    }
    if (code === 34) {
      const value = readString();
      return new JsonScalar(value, start, pos, lines);
    }
    if (text.startsWith('true', pos)) return literal(true, 4);
    if (text.startsWith('false', pos)) return literal(false, 5);
    if (text.startsWith('null', pos)) return literal(null, 4);
    NUMBER.lastIndex = pos;
    if (!NUMBER.test(text) || NUMBER.lastIndex === start) fail();
    pos = NUMBER.lastIndex;
    return new JsonScalar(Number(text.slice(start, pos)), start, pos, lines);

    function literal(value: boolean | null, size: number): DataNode {
      pos += size;
      return new JsonScalar(value, start, pos, lines);
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
