// terraform fmt's alignment, applied where a fix wrote: within a run of consecutive `key = value` lines of
// one body or object constructor, the `=` signs line up one space after the longest key, and trailing
// comments of consecutive lines line up one space after the longest line. Lines elsewhere are untouched.

import type { Body, Expression, ObjectExpr } from '../parse/hcl/ast';
import { parseHcl } from '../parse/hcl/parser';
import type { Position } from '../parse/range';
import { applySplices, lineEndAt, onlyBlanks, skipBlanks, type Splice } from './text';

/** One line holding `key = value` where fmt would align the `=`. */
interface AssignLine {
  line: number;
  lineStart: number;
  keyEnd: number;
  equals: number;
  /** Offset of a trailing comment, -1 when none. */
  comment: number;
}

/**
 * Net bracket depth opened by the text of one line (strings, comments and heredoc bodies skipped), as
 * fmt decides whether `key = value` is a whole expression on its line (only those are aligned).
 */
function netBrackets(text: string, from: number, to: number): number {
  let depth = 0;
  for (let index = from; index < to; index++) {
    const char = text[index];
    if (char === '#' || (char === '/' && (text[index + 1] === '/' || text[index + 1] === '*'))) break;
    if (char === '<' && text[index + 1] === '<') break;
    if (char === '"') {
      index++;
      while (index < to && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
  }
  return depth;
}

function assignLine(text: string, keyStart: Position, keyEnd: number, expr: Expression): AssignLine | undefined {
  const lineStart = keyStart.offset - keyStart.character;
  if (!onlyBlanks(text, lineStart, keyStart.offset)) return undefined;
  const equals = skipBlanks(text, keyEnd);
  if (text[equals] !== '=' || text[equals + 1] === '=' || text[equals + 1] === '>') return undefined;
  const singleLine = expr.range.start.line === expr.range.end.line;
  const heredoc = expr.type === 'Template' && expr.heredoc !== undefined;
  if (!singleLine && !heredoc && netBrackets(text, equals + 1, lineEndAt(text, equals)) !== 0) return undefined;
  let comment = -1;
  if (singleLine) {
    let after = skipBlanks(text, expr.range.end.offset);
    if (text[after] === ',') after = skipBlanks(text, after + 1);
    if (text[after] === '#' || text.startsWith('//', after) || text.startsWith('/*', after)) comment = after;
  }
  return { line: keyStart.line, lineStart, keyEnd, equals, comment };
}

const RANGE_KEYS = new Set(['range', 'nameRange', 'typeRange', 'keyRange']);

/** Every object constructor inside an expression (any depth). */
function objectsIn(node: unknown, out: ObjectExpr[]): void {
  if (Array.isArray(node)) {
    for (const item of node) objectsIn(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'Object') out.push(node as ObjectExpr);
  for (const [key, value] of Object.entries(record)) if (!RANGE_KEYS.has(key) && typeof value === 'object') objectsIn(value, out);
}

/** The aligned lines of every body and object constructor of a file, one list per container. */
function containers(text: string, body: Body, out: AssignLine[][]): void {
  const lines: AssignLine[] = [];
  for (const item of body.items) {
    if (item.type === 'Block') {
      containers(text, item.body, out);
      continue;
    }
    const line = assignLine(text, item.nameRange.start, item.nameRange.end.offset, item.expr);
    if (line) lines.push(line);
    const objects: ObjectExpr[] = [];
    objectsIn(item.expr, objects);
    for (const object of objects) {
      const objectLines: AssignLine[] = [];
      for (const entry of object.items) {
        const line = assignLine(text, entry.key.range.start, entry.key.range.end.offset, entry.value);
        if (line) objectLines.push(line);
      }
      out.push(objectLines);
    }
  }
  out.push(lines);
}

/** Runs of lines on consecutive line numbers. */
function runs<T extends { line: number }>(lines: T[]): T[][] {
  const out: T[][] = [];
  for (const line of [...lines].sort((a, b) => a.line - b.line)) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1].line === line.line - 1) last.push(line);
    else out.push([line]);
  }
  return out;
}

function alignRun(text: string, run: AssignLine[], splices: Splice[]): void {
  const target = Math.max(...run.map((line) => line.keyEnd - line.lineStart)) + 1;
  // How far each line's `=` moves, so that the comment columns can be computed before anything is applied.
  const shifts = new Map<AssignLine, number>();
  for (const line of run) {
    const gap = target - (line.keyEnd - line.lineStart);
    shifts.set(line, gap - (line.equals - line.keyEnd));
    if (text.slice(line.keyEnd, line.equals) !== ' '.repeat(gap)) splices.push({ start: line.keyEnd, end: line.equals, text: ' '.repeat(gap) });
  }
  for (const group of runs(run.filter((line) => line.comment >= 0))) {
    const contentEnds = group.map((line) => {
      let end = line.comment;
      while (end > line.equals && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      return end;
    });
    const widths = group.map((line, index) => contentEnds[index] - line.lineStart + shifts.get(line)!);
    const column = Math.max(...widths) + 1;
    group.forEach((line, index) => {
      const gap = ' '.repeat(column - widths[index]);
      if (text.slice(contentEnds[index], line.comment) !== gap) splices.push({ start: contentEnds[index], end: line.comment, text: gap });
    });
  }
}

/**
 * Aligns, in fmt style, every run of `key = value` lines that has a line in [first, last] (0-based lines
 * of `text`); returns the text with the alignment applied.
 */
export function alignHcl(text: string, first: number, last: number): string {
  const parsed = parseHcl(text);
  const all: AssignLine[][] = [];
  containers(text, parsed.body, all);
  const splices: Splice[] = [];
  for (const lines of all) {
    for (const run of runs(lines)) {
      if (run[run.length - 1].line < first || run[0].line > last) continue;
      alignRun(text, run, splices);
    }
  }
  return splices.length === 0 ? text : applySplices(text, splices);
}
