// Offset <-> Position conversion over a precomputed line-start table.
// Lines break at "\n", "\r\n" and a lone "\r" (as LSP clients count them); columns are UTF-16 units.

import type { Position, Range } from './ast.js';

const POSITION_CACHE_SIZE = 256;

/** The line-start table of one text, answering offset -> Position queries in O(log lines) or better. */
export class LineIndex {
  /** Offset of the first character of each line; `starts[0]` is always 0. */
  private readonly starts: number[];
  private readonly length: number;
  // Why a cursor: the parser asks for positions in almost increasing order, so the line of the
  // previous answer (or the one after it) is nearly always right and the binary search is skipped.
  private cursor = 0;
  // Why a cache: parents start and end where their first and last children do, so most positions are asked
  // for more than once; returning the same object for the same offset halves what the tree allocates.
  // Positions are therefore shared between nodes and must be treated as immutable.
  private readonly recent: (Position | null)[] = new Array<Position | null>(POSITION_CACHE_SIZE).fill(null);

  /** `starts`: the text's line starts when the caller has already found them (as computeLineStarts would). */
  constructor(
    private readonly text: string,
    starts?: number[],
  ) {
    this.length = text.length;
    this.starts = starts ?? computeLineStarts(text);
  }

  /** Number of lines (a text ending with a line break has an empty last line). */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where `line` begins (clamped to the existing lines). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.starts[this.starts.length - 1];
    return this.starts[line];
  }

  /** The 0-based line containing `offset` (clamped to the text). */
  lineOf(offset: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    let line = this.cursor;
    if (offset >= starts[line] && (line === last || offset < starts[line + 1])) return line;
    if (line < last && offset >= starts[line + 1] && (line + 1 === last || offset < starts[line + 2])) {
      line++;
    } else {
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      line = lo;
    }
    this.cursor = line;
    return line;
  }

  /** The Position of `offset` (clamped to [0, text.length]); equal offsets may yield the same (shared) object. */
  positionAt(offset: number): Position {
    if (offset < 0) offset = 0;
    else if (offset > this.length) offset = this.length;
    const slot = offset & (POSITION_CACHE_SIZE - 1);
    const hit = this.recent[slot];
    if (hit !== null && hit.offset === offset) return hit;
    const line = this.lineOf(offset);
    const pos: Position = { line, character: offset - this.starts[line], offset };
    this.recent[slot] = pos;
    return pos;
  }

  /** The Range [start, end) for two offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The offset of a line/character pair; a character past the line's end means its end (before the break). */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.length;
    const start = this.starts[line];
    const end = line + 1 < this.starts.length ? this.contentEnd(line) : this.length;
    return Math.min(start + Math.max(0, character), end);
  }

  /** Offset of the line break ending `line` (which must not be the last line). */
  private contentEnd(line: number): number {
    const next = this.starts[line + 1];
    const crlf = next >= 2 && this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13;
    return next - (crlf ? 2 : 1);
  }
}

/** Offsets at which each line starts. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Why two loops: without "\r" the native indexOf scan is several times faster than charCodeAt.
  if (text.indexOf('\r') < 0) {
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    return starts;
  }
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
