// A strict JSON reader that builds the positioned tree (json-nodes.ts) in one pass (CDK synth output runs
// to tens of megabytes). Nodes keep offsets and compute their ranges when first asked: most nodes of a
// large template (tags, metadata) are never reported on, so their positions are never built. It gives up on
// the first syntax error: the tolerant reader (json.ts, jsonc-parser) then recovers what it can and
// reports the errors.

import { computeLineStarts } from '../hcl/positions';
import type { DataError, DataNode, MapEntry } from '../tree';
import { ContainerEnds } from './container-ends';
import { JsonEntry, JsonMap, JsonScalar, JsonSeq, Lines, type JsonNode, type LazyReader } from './json-nodes';

/** A JSON number at `lastIndex` (sticky): one shared instance, not one per number. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Up to this many keys, a skipped object's keys are compared as spans of the text (see checkSkippedKey). */
const SPAN_COMPARE_KEYS = 16;

/** True when the `length` characters of `text` at `a` and at `b` are the same. */
function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let index = 0; index < length; index++) if (text.charCodeAt(a + index) !== text.charCodeAt(b + index)) return false;
  return true;
}

/** Raised internally on the first syntax error (never escapes parseJsonStrict). */
class StrictJsonError extends Error {}

/**
 * The reader. Containers at `lazyDepth` or deeper are validated by a skip that builds nothing (duplicate
 * keys are still reported) and read when first used: a large template's tags, metadata and policies of
 * resources no rule reads are never turned into nodes.
 */
class Reader implements LazyReader {
  pos = 0;
  private reportDuplicates = true;
  private readonly ends = new ContainerEnds();
  // Why containers are collected on shared stacks and copied out: an array grown by push keeps room for
  // 17 elements or more, most of it unused by the small objects templates are made of; a copy is exact.
  // The stacks never shrink (cutting an array's length costs more than the copy); `*Top` is their height.
  private readonly entryStack: MapEntry[] = [];
  private entryTop = 0;
  private readonly itemStack: DataNode[] = [];
  private itemTop = 0;
  // The key spans ([start, end) pairs, quotes excluded) of the objects being skipped, innermost last.
  private spans = new Int32Array(256);
  private spanTop = 0;
  // Why the reader collects line starts: JSON has line breaks only in white space, which the first pass
  // reads anyway, so the separate scan of the whole text a line table needs is saved. Undefined when the
  // first pass is over (re-reading skipped containers must not add them again).
  private lineStarts: number[] | undefined = [0];
  readonly errors: DataError[] = [];
  readonly lines: Lines;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly lazyDepth: number,
  ) {
    this.lines = new Lines(text);
  }

  private fail(): never {
    throw new StrictJsonError();
  }

  private skipSpace(): void {
    const text = this.text;
    const starts = this.lineStarts;
    let pos = this.pos;
    for (; pos < text.length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 32 || code === 9) continue;
      // "\r\n" is one line break, counted at its "\n"; a lone "\r" is one too (as LineIndex counts them).
      if (code === 10) starts?.push(pos + 1);
      else if (code === 13) {
        if (starts && text.charCodeAt(pos + 1) !== 10) starts.push(pos + 1);
      } else break;
    }
    this.pos = pos;
  }

  /** Ends the first pass: hands the line starts found (completed with the trailing text's) to `lines`. */
  finishFirstPass(): void {
    const starts = this.lineStarts;
    this.lineStarts = undefined;
    if (!starts) return;
    for (const start of computeLineStarts(this.text.slice(this.pos))) if (start > 0) starts.push(this.pos + start);
    this.lines.adopt(starts);
  }

  /** Reads a string at `pos` (on its opening quote); returns it decoded. */
  readString(): string {
    const text = this.text;
    const start = ++this.pos;
    for (; this.pos < text.length; this.pos++) {
      const code = text.charCodeAt(this.pos);
      if (code === 34) return text.slice(start, this.pos++);
      // Escapes and control characters: let JSON.parse decode (and validate) the exact string.
      if (code === 92 || code < 32) {
        let end = this.pos;
        for (; end < text.length; end++) {
          const inner = text.charCodeAt(end);
          if (inner === 92) end++;
          else if (inner === 34) break;
        }
        if (end >= text.length) this.fail();
        const decoded = JSON.parse(text.slice(start - 1, end + 1)) as string;
        this.pos = end + 1;
        return decoded;
      }
    }
    return this.fail();
  }

  private checkDuplicate(keys: string[], seen: Set<string> | undefined, key: string, keyStart: number, keyEnd: number): Set<string> | undefined {
    // Why a set only past a few keys: most objects are small, where a scan is cheaper.
    let duplicate: boolean;
    if (keys.length > 8) {
      seen ??= new Set(keys);
      duplicate = seen.has(key);
      seen.add(key);
    } else duplicate = keys.includes(key);
    if (duplicate) this.duplicate(key, keyStart, keyEnd);
    keys.push(key);
    return seen;
  }

  /** Reads the value at `pos`: nodes for containers above lazyDepth, lazy nodes from it on. */
  readValue(depth: number): JsonNode {
    if (depth > this.maxDepth) this.fail();
    this.skipSpace();
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if ((code === 123 || code === 91) && depth >= this.lazyDepth) {
      const end = this.ends.endOf(start);
      if (end < 0) this.skipValue(depth);
      else this.pos = end;
      // Skipped containers were validated (and their duplicate keys reported): read them on first use.
      return code === 123
        ? new JsonMap(undefined, start, this.pos, this.lines, this, depth)
        : new JsonSeq(undefined, start, this.pos, this.lines, this, depth);
    }
    if (code === 123) return new JsonMap(this.readEntries(depth), start, this.pos, this.lines);
    if (code === 91) return new JsonSeq(this.readItems(depth), start, this.pos, this.lines);
    return this.readScalar();
  }

  private readEntries(depth: number): MapEntry[] {
    const text = this.text;
    this.pos++;
    const entries = this.entryStack;
    const base = this.entryTop;
    // The keys so far, for duplicates (not tracked when re-reading a skipped object: reported already).
    const keys: string[] | undefined = this.reportDuplicates ? [] : undefined;
    let seen: Set<string> | undefined;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return [];
    }
    for (;;) {
      this.skipSpace();
      if (text.charCodeAt(this.pos) !== 34) this.fail();
      const keyStart = this.pos;
      const key = this.readString();
      const keyEnd = this.pos;
      if (keys) seen = this.checkDuplicate(keys, seen, key, keyStart, keyEnd);
      this.skipSpace();
      if (text.charCodeAt(this.pos) !== 58 /* : */) this.fail();
      this.pos++;
      const value = this.readValue(depth + 1);
      entries[this.entryTop++] = new JsonEntry(key, value, keyStart, keyEnd);
      this.skipSpace();
      const next = text.charCodeAt(this.pos++);
      if (next === 125) {
        const out = entries.slice(base, this.entryTop);
        this.entryTop = base;
        return out;
      }
      if (next !== 44) this.fail();
    }
  }

  private readItems(depth: number): DataNode[] {
    const text = this.text;
    this.pos++;
    const items = this.itemStack;
    const base = this.itemTop;
    this.skipSpace();
    if (text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return [];
    }
    for (;;) {
      // Read before the slot is taken: the value's own items go on the stack above it.
      const item = this.readValue(depth + 1);
      items[this.itemTop++] = item;
      this.skipSpace();
      const next = text.charCodeAt(this.pos++);
      if (next === 93) {
        const out = items.slice(base, this.itemTop);
        this.itemTop = base;
        return out;
      }
      if (next !== 44) this.fail();
    }
  }

  private readScalar(): JsonScalar {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (code === 34) {
      const value = this.readString();
      return new JsonScalar(value, start, this.pos, this.lines);
    }
    this.skipLiteral();
    const value = code === 116 ? true : code === 102 ? false : code === 110 ? null : Number(text.slice(start, this.pos));
    return new JsonScalar(value, start, this.pos, this.lines);
  }

  /** Validates `true`, `false`, `null` or a number at `pos` and moves past it. */
  private skipLiteral(): void {
    const text = this.text;
    const start = this.pos;
    if (text.startsWith('true', start)) this.pos += 4;
    else if (text.startsWith('false', start)) this.pos += 5;
    else if (text.startsWith('null', start)) this.pos += 4;
    else {
      NUMBER.lastIndex = start;
      if (!NUMBER.test(text) || NUMBER.lastIndex === start) this.fail();
      this.pos = NUMBER.lastIndex;
    }
  }

  /** Validates the string at `pos` (on its opening quote) and moves past it, without building it; true when it has escapes. */
  private skipString(): boolean {
    const text = this.text;
    let pos = this.pos + 1;
    for (; pos < text.length; pos++) {
      const code = text.charCodeAt(pos);
      if (code === 34) {
        this.pos = pos + 1;
        return false;
      }
      // Escapes and control characters are rare: readString validates them.
      if (code === 92 || code < 32) {
        this.readString();
        return true;
      }
    }
    return this.fail();
  }

  /**
   * Reports the key just skipped (the string at [keyStart, keyEnd), quotes included) if an earlier key of
   * the same object, whose spans are on the span stack from `base`, is equal. Why spans and not strings:
   * the first pass meets every key of a large template, and building each one (and a list of them per
   * object) was most of what it allocated. Past a few keys, or once a key has escapes (whose text is not
   * its value), the object's keys are compared as strings instead: `strings` is that set, once made.
   */
  private checkSkippedKey(base: number, keyStart: number, keyEnd: number, escaped: boolean, strings: Set<string> | undefined): Set<string> | undefined {
    const text = this.text;
    const start = keyStart + 1;
    const end = keyEnd - 1;
    if (strings === undefined && !escaped && this.spanTop - base < 2 * SPAN_COMPARE_KEYS) {
      const length = end - start;
      const spans = this.spans;
      for (let index = base; index < this.spanTop; index += 2) {
        if (spans[index + 1] - spans[index] === length && sameText(text, spans[index], start, length)) {
          this.duplicate(text.slice(start, end), keyStart, keyEnd);
          break;
        }
      }
      this.pushSpan(start, end);
      return undefined;
    }
    if (strings === undefined) {
      strings = new Set();
      for (let index = base; index < this.spanTop; index += 2) strings.add(this.keyText(this.spans[index], this.spans[index + 1]));
    }
    const key = this.keyText(start, end);
    if (strings.has(key)) this.duplicate(key, keyStart, keyEnd);
    strings.add(key);
    this.pushSpan(start, end);
    return strings;
  }

  /** The value of the key whose text (without quotes) is [start, end). */
  private keyText(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private pushSpan(start: number, end: number): void {
    if (this.spanTop + 2 > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans[this.spanTop++] = start;
    this.spans[this.spanTop++] = end;
  }

  private duplicate(key: string, keyStart: number, keyEnd: number): void {
    if (this.reportDuplicates) {
      this.errors.push({ message: `Duplicate key "${key}": the last one is used`, range: this.lines.range(keyStart, keyEnd), severity: 'warning' });
    }
  }

  /** Validates the value at `pos` and moves past it, building nothing (duplicate keys still reported). */
  private skipValue(depth: number): void {
    if (depth > this.maxDepth) this.fail();
    this.skipSpace();
    const text = this.text;
    const code = text.charCodeAt(this.pos);
    const start = this.pos;
    if (code === 123) {
      this.pos++;
      this.skipSpace();
      if (text.charCodeAt(this.pos) === 125) {
        this.pos++;
        return;
      }
      const slot = this.ends.open(start);
      const base = this.spanTop;
      let strings: Set<string> | undefined;
      for (;;) {
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 34) this.fail();
        const keyStart = this.pos;
        const escaped = this.skipString();
        strings = this.checkSkippedKey(base, keyStart, this.pos, escaped, strings);
        this.skipSpace();
        if (text.charCodeAt(this.pos) !== 58) this.fail();
        this.pos++;
        this.skipValue(depth + 1);
        this.skipSpace();
        const next = text.charCodeAt(this.pos++);
        if (next === 125) {
          this.ends.close(slot, this.pos);
          this.spanTop = base;
          return;
        }
        if (next !== 44) this.fail();
      }
    }
    if (code === 91) {
      this.pos++;
      this.skipSpace();
      if (text.charCodeAt(this.pos) === 93) {
        this.pos++;
        return;
      }
      const slot = this.ends.open(start);
      for (;;) {
        this.skipValue(depth + 1);
        this.skipSpace();
        const next = text.charCodeAt(this.pos++);
        if (next === 93) {
          this.ends.close(slot, this.pos);
          return;
        }
        if (next !== 44) this.fail();
      }
    }
    if (code === 34) this.skipString();
    else this.skipLiteral();
  }

  /** Reads the entries of an object that was skipped (already validated and checked). */
  materialiseEntries(start: number, depth: number): MapEntry[] {
    const saved = this.pos;
    const report = this.reportDuplicates;
    this.pos = start;
    // Duplicate keys of this container were reported when it was skipped.
    this.reportDuplicates = false;
    try {
      return this.readEntries(depth);
    } finally {
      this.pos = saved;
      this.reportDuplicates = report;
    }
  }

  /**
   * The key of the skipped object at `start` when it has exactly one entry, else undefined: reads its first
   * key and skips its value (already validated, duplicates already reported), building nothing. Why: the
   * evaluator asks of every object-valued property whether it is a `Ref` or an `Fn::If`, and reading the
   * entries to answer read properties no rule ever looks at.
   */
  soleKeyAt(start: number): string | undefined {
    const text = this.text;
    const saved = this.pos;
    const report = this.reportDuplicates;
    this.pos = start + 1;
    this.reportDuplicates = false;
    try {
      this.skipSpace();
      if (text.charCodeAt(this.pos) !== 34) return undefined;
      const key = this.readString();
      this.skipSpace();
      this.pos++; // the colon
      this.skipSpace();
      const code = text.charCodeAt(this.pos);
      if (code === 123 || code === 91) {
        const end = this.ends.endOf(this.pos);
        if (end < 0) this.skipValue(0);
        else this.pos = end;
      } else if (code === 34) this.skipString();
      else this.skipLiteral();
      this.skipSpace();
      return text.charCodeAt(this.pos) === 125 ? key : undefined;
    } finally {
      this.pos = saved;
      this.reportDuplicates = report;
    }
  }

  /** Reads the items of an array that was skipped (already validated). */
  materialiseItems(start: number, depth: number): DataNode[] {
    const saved = this.pos;
    this.pos = start;
    try {
      return this.readItems(depth);
    } finally {
      this.pos = saved;
    }
  }
}

/** From this size on, containers below the resource level are read lazily (synthesised templates). */
export const LAZY_JSON_BYTES = 1_000_000;

/**
 * Parses valid JSON into a positioned tree; undefined when the text is not valid JSON or nests too deep.
 * `lazyDepth` (default: 3 for texts over LAZY_JSON_BYTES, never otherwise) is the depth from which
 * containers are read on first use.
 */
export function parseJsonStrict(
  text: string,
  maxDepth: number,
  lazyDepth = text.length > LAZY_JSON_BYTES ? 3 : Number.POSITIVE_INFINITY,
): { root: DataNode; errors: DataError[] } | undefined {
  const reader = new Reader(text, maxDepth, lazyDepth);
  try {
    const root = reader.readValue(0);
    // Trailing white space only.
    if (!/^[ \t\n\r]*$/.test(text.slice(reader.pos))) return undefined;
    reader.finishFirstPass();
    return { root, errors: reader.errors };
  } catch (error) {
    if (error instanceof StrictJsonError || error instanceof RangeError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
