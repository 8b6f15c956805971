// Facts about lines used to recover from unclosed constructs in half-typed files: which lines look like the
// header of a top-level Terraform block, and how many brackets the rest of the file closes.

import * as chars from './chars.js';
import type { HeredocIndex } from './heredoc-index.js';
import type { LineIndex } from './positions.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const scanIdent = chars.scanIdent;

/** Block types that only appear at the top level of a Terraform file. */
export const TOP_LEVEL_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'resource',
  'data',
  'module',
  'variable',
  'output',
  'locals',
  'provider',
  'terraform',
  'moved',
  'import',
  'check',
  'removed',
]);

/** True when the text at `pos` reads `<top-level block type> label* {` on one line. */
export function isTopLevelHeaderAt(text: string, pos: number): boolean {
  let i = pos;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) break;
    i++;
  }
  if (i === pos || i - pos > 9 || !TOP_LEVEL_BLOCK_TYPES.has(text.slice(pos, i))) return false;
  const n = text.length;
  for (;;) {
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= n) return false;
    const c = text.charCodeAt(i);
    if (c === 123) return true;
    if (c === 34) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 34) break;
        if (d === 10 || d === 13) return false;
        i += d === 92 && i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13 ? 2 : 1;
      }
      if (i >= n) return false;
      i++;
      continue;
    }
    const end = scanIdent(text, i, n);
    if (end === i) return false;
    i = end;
  }
}

/** Lazily built line facts for recovery decisions. */
export class RecoveryIndex {
  private headers: number[] | null = null;
  private balanceBefore: Int32Array | null = null;
  private total = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly heredocs: HeredocIndex,
    private readonly origin: number,
  ) {}

  /** Offset of the first top-level header line starting at or after `from` and before `limit`, or -1. */
  nextHeaderLine(from: number, limit: number): number {
    const headers = this.headerLines();
    let lo = 0;
    let hi = headers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (headers[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < headers.length && headers[lo] < limit ? headers[lo] : -1;
  }

  /**
   * Net bracket balance (openers minus closers) from the start of the line containing `offset` to the end of
   * the file. A value <= -d means the rest of the file could still close d open constructs.
   */
  remainingBalance(offset: number): number {
    const before = this.balances();
    return this.total - before[this.lines.lineOf(offset)];
  }

  private headerLines(): number[] {
    if (this.headers !== null) return this.headers;
    const out: number[] = [];
    const count = this.lines.lineCount;
    for (let line = 0; line < count; line++) {
      const start = line === 0 ? this.origin : this.lines.lineStart(line);
      const c = this.text.charCodeAt(start);
      if (c >= 97 && c <= 122 && isTopLevelHeaderAt(this.text, start)) out.push(start);
    }
    this.headers = out;
    return out;
  }

  // Why a separate light scan: it must know the whole file's bracket balance before the parser gets there.
  // It skips comments, strings (to the end of their line) and heredoc bodies, and counts { [ ( against } ] ).
  private balances(): Int32Array {
    if (this.balanceBefore !== null) return this.balanceBefore;
    const text = this.text;
    const n = text.length;
    const lines = this.lines;
    const before = new Int32Array(lines.lineCount);
    let bal = 0;
    let line = 0;
    let noCommentCloseFrom = n + 1;
    const reach = (offset: number): void => {
      const target = lines.lineOf(offset);
      while (line < target) before[++line] = bal;
    };
    let i = this.origin;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (c) {
        case 10:
        case 13:
          i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
          reach(i);
          break;
        case 123:
        case 91:
        case 40:
          bal++;
          i++;
          break;
        case 125:
        case 93:
        case 41:
          bal--;
          i++;
          break;
        case 35:
          i = lineEndFrom(text, i);
          break;
        case 47: {
          const d = text.charCodeAt(i + 1);
          if (d === 47) i = lineEndFrom(text, i);
          else if (d === 42) {
            const close = i + 2 >= noCommentCloseFrom ? -1 : text.indexOf('*/', i + 2);
            if (close < 0) {
              noCommentCloseFrom = Math.min(noCommentCloseFrom, i + 2);
              i = lineEndFrom(text, i);
            } else {
              i = close + 2;
              reach(i);
            }
          } else i++;
          break;
        }
        case 34:
          i = quotedEnd(text, i + 1);
          break;
        case 60:
          if (text.charCodeAt(i + 1) === 60) {
            i = this.heredocEnd(i);
            reach(i);
          } else i++;
          break;
        default:
          i++;
      }
    }
    reach(n);
    this.total = bal;
    this.balanceBefore = before;
    return before;
  }

  /** End of a heredoc opened at `pos` (after its closing marker), or pos + 2 when `<<` opens none. */
  private heredocEnd(pos: number): number {
    const text = this.text;
    let i = pos + 2;
    if (text.charCodeAt(i) === 45) i++;
    const identEnd = scanIdent(text, i, text.length);
    if (identEnd === i) return pos + 2;
    let nl = identEnd;
    if (text.charCodeAt(nl) === 13) nl++;
    if (text.charCodeAt(nl) !== 10) return pos + 2;
    const close = this.heredocs.findClose(text.slice(i, identEnd), nl + 1, text.length);
    if (close !== null) return close.markerEnd;
    const header = this.nextHeaderLine(nl + 1, text.length);
    return header < 0 ? text.length : header;
  }
}

function lineEndFrom(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return n;
}

/** End of a quoted string whose content starts at `i`: after the closing quote, or at the line end. */
function quotedEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 10 || c === 13) return i;
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 10 || d === 13) return i + 1;
      i += 2;
    } else i++;
  }
  return n;
}
