// Text edits and the small text utilities every format writer shares: applying edits, line geometry,
// the file's line ending and indentation, and the line diff that turns a rewritten text into edits.

import { LineIndex } from '../parse/hcl/positions';
import type { Range } from '../parse/range';

/** One replacement in a text: `range` (0-based line/character and offset, as the parsers give) becomes `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** The source formats fixes are written in. */
export type FixFormat = 'hcl' | 'yaml' | 'json';

/** What a writer may need to know beyond the file it edits. */
export interface FixContext {
  /** Variables declared anywhere in the Terraform module (other files included): add-variable skips them. */
  moduleVariables?: ReadonlySet<string>;
  /** Resource addresses (`type.name`) declared anywhere in the module: add-resource skips them. */
  moduleResources?: ReadonlySet<string>;
}

/** A fix that cannot be written into this text (a path through an expression, a dynamic block...). */
export class FixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixError';
  }
}

/** An offset-based replacement, used internally by the writers before positions are computed. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies edits to a text. Edits are located by their offsets, must not overlap, and insertions at the
 * same offset are applied in the order given (the first one's text comes first).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return applySplices(
    text,
    edits.map((edit) => ({ start: edit.range.start.offset, end: edit.range.end.offset, text: edit.newText })),
  );
}

/** Applies offset-based replacements (same rules as applyEdits). */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = splices.map((splice, index) => ({ splice, index })).sort((a, b) => a.splice.start - b.splice.start || a.index - b.index);
  let out = '';
  let position = 0;
  for (const { splice } of sorted) {
    if (splice.start < position) throw new Error(`overlapping edits at offset ${splice.start}`);
    if (splice.end < splice.start || splice.end > text.length) throw new Error(`edit [${splice.start}, ${splice.end}) is outside the text`);
    out += text.slice(position, splice.start) + splice.text;
    position = splice.end;
  }
  return out + text.slice(position);
}

/** The line ending the text uses most ("\r\n" or "\n"; "\n" for a text without any). */
export function eolOf(text: string): string {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== '\n' && text[index - 1] !== '\r') index--;
  return index;
}

/** Offset of the line break ending the line holding `offset` (text.length on the last line). */
export function lineEndAt(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
  return index;
}

/** Offset just past the line break ending the line holding `offset` (text.length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (text[end] === '\r' && text[end + 1] === '\n') return end + 2;
  return end < text.length ? end + 1 : end;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  let index = start;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return text.slice(start, index);
}

/** True when only spaces and tabs lie between `from` and `to`. */
export function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (text[index] !== ' ' && text[index] !== '\t') return false;
  return true;
}

/** True when the line holding `offset` is empty or whitespace. */
export function isBlankLine(text: string, offset: number): boolean {
  return onlyBlanks(text, lineStartAt(text, offset), lineEndAt(text, offset));
}

/** Skips spaces and tabs forward from `offset`. */
export function skipBlanks(text: string, offset: number): number {
  let index = offset;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}

/** Moves back from `offset` over whitespace (line breaks included). */
export function trimBack(text: string, offset: number, floor = 0): number {
  let index = offset;
  while (index > floor && /\s/.test(text[index - 1])) index--;
  return index;
}

/**
 * The indentation step of a text: a tab when most indented lines start with a tab, otherwise the most
 * common increase of leading spaces from one line to the next (2 when nothing says otherwise).
 */
export function indentUnitOf(text: string, fallback = '  '): string {
  const lines = text.split(/\r?\n|\r/);
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const leading = /^[ \t]*/.exec(line)![0];
    if (leading.startsWith('\t')) tabs++;
    else if (leading.length > 0) spaces++;
    const width = leading.startsWith('\t') ? -1 : leading.length;
    if (width > previous && previous >= 0) steps.set(width - previous, (steps.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaces) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return best > 0 && best <= 8 ? ' '.repeat(best) : fallback;
}

/** Splits a text into lines, each keeping its line break. */
function splitKeepingBreaks(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) {
      if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
      lines.push(text.slice(start, index + 1));
      start = index + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

const WORD = /[A-Za-z0-9_]/;

/** Hunks of a line diff: [old start line, old end line, new start line, new end line), lines exclusive. */
function lineHunks(a: string[], b: string[]): [number, number, number, number][] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const n = a.length - prefix - suffix;
  const m = b.length - prefix - suffix;
  if (n === 0 && m === 0) return [];
  // Why a bound: a quick fix touches a handful of lines; a huge middle gets one hunk rather than an O(n*m) table.
  if (n === 0 || m === 0 || n * m > 250_000) return [[prefix, prefix + n, prefix, prefix + m]];
  // Longest common subsequence over the middle lines, then walk it into hunks.
  const table: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) table.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[prefix + i] === b[prefix + j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const hunks: [number, number, number, number][] = [];
  let i = 0;
  let j = 0;
  let open: [number, number] | undefined;
  const close = () => {
    if (open) hunks.push([prefix + open[0], prefix + i, prefix + open[1], prefix + j]);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[prefix + i] === b[prefix + j]) {
      close();
      i++;
      j++;
    } else {
      open ??= [i, j];
      if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) j++;
      else i++;
    }
  }
  close();
  return hunks;
}

/**
 * The edits turning `before` into `after`: one per changed run of lines, narrowed to the characters
 * that differ (never splitting a word), so that replacing a value edits only the value.
 */
export function diffEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const a = splitKeepingBreaks(before);
  const b = splitKeepingBreaks(after);
  const offsets = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1] + line.length);
  const index = new LineIndex(before);
  const edits: TextEdit[] = [];
  for (const [oldStart, oldEnd, newStart, newEnd] of lineHunks(a, b)) {
    const oldText = a.slice(oldStart, oldEnd).join('');
    const newText = b.slice(newStart, newEnd).join('');
    let start = 0;
    const limit = Math.min(oldText.length, newText.length);
    while (start < limit && oldText[start] === newText[start]) start++;
    while (start > 0 && WORD.test(oldText[start - 1]) && (WORD.test(oldText[start] ?? '') || WORD.test(newText[start] ?? ''))) start--;
    let end = 0;
    while (end < limit - start && oldText[oldText.length - 1 - end] === newText[newText.length - 1 - end]) end++;
    while (
      end > 0 &&
      WORD.test(oldText[oldText.length - end]) &&
      (WORD.test(oldText[oldText.length - end - 1] ?? '') || WORD.test(newText[newText.length - end - 1] ?? ''))
    ) {
      end--;
    }
    const from = offsets[oldStart] + start;
    const to = offsets[oldStart] + oldText.length - end;
    edits.push({ range: index.rangeOf(from, to), newText: newText.slice(start, newText.length - end) });
  }
  return edits;
}
