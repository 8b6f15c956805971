// Finds heredoc closing-marker lines. Built lazily, once per file, so that many heredocs (or many unterminated
// ones) cost one pass over the text instead of one scan to the end of the file each.

import * as chars from './chars.js';
import type { LineIndex } from './positions.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const isSpace = chars.isSpace;
const scanIdent = chars.scanIdent;

/** Where a heredoc's closing marker was found: its line start and the marker's offsets. */
export interface HeredocClose {
  lineStart: number;
  markerStart: number;
  markerEnd: number;
}

/** Lines whose whole (whitespace-trimmed) content is one identifier, by that identifier. */
export class HeredocIndex {
  private byMarker: Map<string, number[]> | null = null;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /** The first closing line for `marker` starting at or after `from` and before `limit`, or null. */
  findClose(marker: string, from: number, limit: number): HeredocClose | null {
    const starts = this.index().get(marker);
    if (starts === undefined) return null;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= starts.length || starts[lo] >= limit) return null;
    const lineStart = starts[lo];
    let markerStart = lineStart;
    while (isSpace(this.text.charCodeAt(markerStart))) markerStart++;
    return { lineStart, markerStart, markerEnd: markerStart + marker.length };
  }

  private index(): Map<string, number[]> {
    if (this.byMarker !== null) return this.byMarker;
    const map = new Map<string, number[]>();
    const text = this.text;
    const count = this.lines.lineCount;
    for (let line = 0; line < count; line++) {
      const lineStart = this.lines.lineStart(line);
      const lineEnd = line + 1 < count ? this.lines.lineStart(line + 1) : text.length;
      // Why TrimSpace on both sides: HCL compares the whitespace-trimmed line with the marker.
      let a = lineStart;
      let b = lineEnd;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      if (a === b || scanIdent(text, a, b) !== b) continue;
      const key = text.slice(a, b);
      const list = map.get(key);
      if (list === undefined) map.set(key, [lineStart]);
      else list.push(lineStart);
    }
    this.byMarker = map;
    return map;
  }
}
