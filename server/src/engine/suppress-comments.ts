// Suppression comments: finds the real comments of an HCL or YAML file (never text inside strings,
// heredocs or block scalars) and reads the suppressions written in them: our own
// `hipaa-iac:ignore <rule>[,<rule>] reason="..." owner="..." expires=YYYY-MM-DD`, and for migration
// Checkov's `checkov:skip=<ID>:<reason>`, tfsec's `tfsec:ignore:<id>[:exp:YYYY-MM-DD]` and Trivy's
// `trivy:ignore:<id>[:exp:YYYY-MM-DD]`. Only runs on files whose text holds one of those markers.

import type { Position, Range } from '../parse/range';
import type { RawDirective } from './suppress';

/** One `#` or `//` comment: the rest of its line after the comment characters. */
export interface LineComment {
  line: number;
  /** Column of the `#` or `/` that starts the comment. */
  column: number;
  /** Column just past the comment's last character (a trailing `\r` excluded). */
  endColumn: number;
  /** Column where the comment's text starts (after `#` or `//`). */
  textColumn: number;
  /** The comment's text after `#` or `//`. */
  text: string;
  /** True when only whitespace precedes it on its line. */
  alone: boolean;
}

/** The comments of one file, and which lines hold nothing but comments. */
export interface CommentScan {
  comments: LineComment[];
  /** Lines with comments (line or block) and whitespace only: a suppression group is a run of these. */
  commentLines: Set<number>;
  /** Offset of the start of each line. */
  lineStarts: number[];
}

/** The offsets at which lines start (`\n` ends a line; a `\r` before it belongs to the line). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The position of a line and column, with its offset. */
export function positionOf(lineStarts: readonly number[], line: number, character: number): Position {
  return { line, character, offset: lineStarts[line] + character };
}

/** The position of an offset. */
export function positionAtOffset(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - lineStarts[low], offset };
}

function lineEndOf(text: string, lineStarts: readonly number[], line: number): number {
  let end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length;
  if (end > lineStarts[line] && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

type Frame = { kind: 'string' } | { kind: 'heredoc'; marker: string } | { kind: 'interpolation'; depth: number };

const HEREDOC_START = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

/** Scans HCL text: `#` and `//` comments outside strings and heredocs; `/* *\/` comments only count as comment lines. */
export function scanHclComments(text: string): CommentScan {
  const lineStarts = lineStartsOf(text);
  const hasCode = new Uint8Array(lineStarts.length);
  const hasComment = new Uint8Array(lineStarts.length);
  const comments: LineComment[] = [];
  const stack: Frame[] = [];
  const length = text.length;
  let line = 0;
  let index = 0;
  const lineComment = (start: number, textStart: number) => {
    const end = lineEndOf(text, lineStarts, line);
    const base = lineStarts[line];
    comments.push({
      line,
      column: start - base,
      endColumn: end - base,
      textColumn: textStart - base,
      text: text.slice(textStart, end),
      alone: hasCode[line] === 0,
    });
    hasComment[line] = 1;
    index = end;
  };
  // Inside a template (quoted string or heredoc): `${` and `%{` open an interpolation, `$${` / `%%{` are escapes.
  const templateChar = (code: number): boolean => {
    if ((code === 36 || code === 37) && text.charCodeAt(index + 1) === code && text.charCodeAt(index + 2) === 123) {
      index += 3;
      return true;
    }
    if ((code === 36 || code === 37) && text.charCodeAt(index + 1) === 123) {
      stack.push({ kind: 'interpolation', depth: 1 });
      index += 2;
      return true;
    }
    return false;
  };
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      line++;
      index++;
      // A quoted string cannot span lines: an unterminated one ends here, as the parser recovers.
      if (stack[stack.length - 1]?.kind === 'string') stack.pop();
      const top = stack[stack.length - 1];
      if (top?.kind === 'heredoc') {
        const end = lineEndOf(text, lineStarts, line);
        if (text.slice(index, end).trim() === top.marker) {
          hasCode[line] = 1;
          stack.pop();
          index = end;
        }
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (top?.kind === 'string') {
      if (code === 13) {
        index++;
        continue;
      }
      hasCode[line] = 1;
      if (code === 92) index += text.charCodeAt(index + 1) === 10 ? 1 : 2;
      else if (code === 34) {
        stack.pop();
        index++;
      } else if (!templateChar(code)) index++;
      continue;
    }
    if (top?.kind === 'heredoc') {
      if (code !== 32 && code !== 9 && code !== 13) hasCode[line] = 1;
      if (!templateChar(code)) index++;
      continue;
    }
    // Code (top level or inside an interpolation).
    if (code === 32 || code === 9 || code === 13) {
      index++;
      continue;
    }
    if (code === 35) {
      lineComment(index, index + 1);
      continue;
    }
    if (code === 47 && text.charCodeAt(index + 1) === 47) {
      lineComment(index, index + 2);
      continue;
    }
    if (code === 47 && text.charCodeAt(index + 1) === 42) {
      const close = text.indexOf('*/', index + 2);
      const end = close < 0 ? length : close + 2;
      hasComment[line] = 1;
      for (let at = text.indexOf('\n', index); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) hasComment[++line] = 1;
      index = end;
      continue;
    }
    hasCode[line] = 1;
    if (code === 34) {
      stack.push({ kind: 'string' });
      index++;
      continue;
    }
    if (code === 60 && text.charCodeAt(index + 1) === 60) {
      HEREDOC_START.lastIndex = index;
      const match = HEREDOC_START.exec(text);
      if (match) {
        stack.push({ kind: 'heredoc', marker: match[1] });
        // Stop before the newline: the newline handler checks the next line for the closing marker.
        index = HEREDOC_START.lastIndex - 1;
        continue;
      }
    }
    if (top?.kind === 'interpolation') {
      if (code === 123) top.depth++;
      else if (code === 125 && --top.depth === 0) stack.pop();
    }
    index++;
  }
  return { comments, commentLines: commentOnlyLines(hasCode, hasComment), lineStarts };
}

function commentOnlyLines(hasCode: Uint8Array, hasComment: Uint8Array): Set<number> {
  const lines = new Set<number>();
  for (let line = 0; line < hasComment.length; line++) if (hasComment[line] === 1 && hasCode[line] === 0) lines.add(line);
  return lines;
}

// `key: |`, `key: !Sub >-`, `- |`, `- key: |2`: the line opens a block scalar (indicator last on the line).
const BLOCK_SCALAR_AFTER_KEY = /^(\s*)((?:-\s+)*)[^\s#].*?:\s+(?:![^\s]*\s+)?[|>][1-9+-]{0,2}$/;
const BLOCK_SCALAR_ITEM = /^(\s*)((?:-\s+)*)(?:![^\s]*\s+)?[|>][1-9+-]{0,2}$/;

/** Scans YAML text: `#` comments outside quoted and block scalars. */
export function scanYamlComments(text: string): CommentScan {
  const lineStarts = lineStartsOf(text);
  const hasCode = new Uint8Array(lineStarts.length);
  const hasComment = new Uint8Array(lineStarts.length);
  const comments: LineComment[] = [];
  let quote: string | undefined;
  // Set while inside a block scalar: content lines are indented more than this column.
  let blockIndent: number | undefined;
  for (let line = 0; line < lineStarts.length; line++) {
    const start = lineStarts[line];
    const source = text.slice(start, lineEndOf(text, lineStarts, line));
    if (blockIndent !== undefined) {
      if (source.trim() === '') continue;
      const indent = source.length - source.trimStart().length;
      if (indent > blockIndent) {
        hasCode[line] = 1;
        continue;
      }
      blockIndent = undefined;
    }
    let codeEnd = source.length;
    for (let column = 0; column < source.length; column++) {
      const char = source[column];
      if (quote !== undefined) {
        hasCode[line] = 1;
        if (quote === '"' && char === '\\') column++;
        else if (quote === "'" && char === "'" && source[column + 1] === "'") column++;
        else if (char === quote) quote = undefined;
        continue;
      }
      if (char === '#' && (column === 0 || source[column - 1] === ' ' || source[column - 1] === '\t')) {
        comments.push({ line, column, endColumn: source.length, textColumn: column + 1, text: source.slice(column + 1), alone: hasCode[line] === 0 });
        hasComment[line] = 1;
        codeEnd = column;
        break;
      }
      if (char === ' ' || char === '\t') continue;
      hasCode[line] = 1;
      if ((char === '"' || char === "'") && opensQuote(source, column)) quote = char;
    }
    if (quote === undefined) {
      const code = source.slice(0, codeEnd).trimEnd();
      const afterKey = BLOCK_SCALAR_AFTER_KEY.exec(code);
      if (afterKey) blockIndent = afterKey[1].length + afterKey[2].length;
      else {
        const item = BLOCK_SCALAR_ITEM.exec(code);
        if (item) blockIndent = item[2] ? item[1].length + item[2].lastIndexOf('-') : item[1].length - 1;
      }
    }
  }
  return { comments, commentLines: commentOnlyLines(hasCode, hasComment), lineStarts };
}

// A quote starts a quoted scalar only where a scalar starts: at the start of the line, after `key: `, `- `,
// `? `, a flow indicator, a tag or an anchor. (`it's` in a plain scalar is not a quote.)
function opensQuote(source: string, column: number): boolean {
  const before = source.slice(0, column).trimEnd();
  if (before === '') return true;
  const last = before[before.length - 1];
  if (':-?[{,'.includes(last)) return true;
  const token = before.slice(before.search(/\S+$/));
  return token.startsWith('!') || token.startsWith('&');
}

/** Scans a file's comments with the syntax its format uses. */
export function scanComments(text: string, syntax: 'hcl' | 'yaml'): CommentScan {
  return syntax === 'hcl' ? scanHclComments(text) : scanYamlComments(text);
}

const OWN_MARKER = /^\s*hipaa-iac:ignore(?=\s|$)/;
// A comment that starts like ours but does not follow the grammar (`hipaa-iac:ignore:rule`, `hipaa-iac:skip`).
const OWN_LOOKALIKE = /^\s*hipaa-iac:/;
const KEY_VALUE = /([A-Za-z_][\w-]*)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))/y;
const CHECKOV = /checkov:skip=[ \t]*([A-Za-z0-9_]+)(?:[ \t]*:(.*))?/g;
const TFSEC_TRIVY = /\b(tfsec|trivy):ignore:([A-Za-z0-9_*.-]+)((?::[A-Za-z]+:[^\s:]+)*)(\[[^\]]*\])?/g;

/** The suppressions written in one comment of `file`. */
export function commentDirectives(comment: LineComment, scan: CommentScan, source: string): RawDirective[] {
  const { line, text } = comment;
  const at = (offsetInText: number) => positionOf(scan.lineStarts, line, comment.textColumn + offsetInText);
  const anchor = { kind: 'line' as const, line, alone: comment.alone };
  const directives: RawDirective[] = [];
  const own = OWN_MARKER.exec(text);
  if (own) {
    const range = wholeComment(comment, scan);
    directives.push({ ...parseOwn(text, own[0].length, at), syntax: 'comment', range, anchor, removal: commentRemoval(comment, scan, source) });
    return directives;
  }
  const lookalike = OWN_LOOKALIKE.exec(text);
  if (lookalike) {
    const range = wholeComment(comment, scan);
    return [{ syntax: 'comment', ids: [], malformed: true, range, anchor, removal: commentRemoval(comment, scan, source) }];
  }
  for (const match of text.matchAll(CHECKOV)) {
    const start = match.index ?? 0;
    const reason = unquote(match[2]?.trim() ?? '');
    directives.push({
      syntax: 'checkov',
      ids: [{ id: match[1], range: { start: at(start + match[0].indexOf(match[1])), end: at(start + match[0].indexOf(match[1]) + match[1].length) } }],
      reason: reason || undefined,
      range: { start: at(start), end: at(start + match[0].trimEnd().length) },
      anchor,
    });
  }
  for (const match of text.matchAll(TFSEC_TRIVY)) {
    const start = match.index ?? 0;
    const options = match[3] ? match[3].slice(1).split(':') : [];
    let expires: string | undefined;
    let unsupported: string | undefined;
    for (let index = 0; index + 1 < options.length; index += 2) {
      if (options[index] === 'exp') expires = options[index + 1];
      else unsupported = `:${options[index]}:`;
    }
    if (match[4]) unsupported = 'attribute filters';
    const idStart = start + match[1].length + ':ignore:'.length;
    directives.push({
      syntax: match[1] as 'tfsec' | 'trivy',
      ids: [{ id: match[2], range: { start: at(idStart), end: at(idStart + match[2].length) } }],
      expires,
      unsupported,
      range: { start: at(start), end: at(start + match[0].length) },
      anchor,
    });
  }
  return directives;
}

function wholeComment(comment: LineComment, scan: CommentScan): Range {
  return { start: positionOf(scan.lineStarts, comment.line, comment.column), end: positionOf(scan.lineStarts, comment.line, comment.endColumn) };
}

function unquote(text: string): string {
  const match = /^"(.*)"$|^'(.*)'$/.exec(text);
  return match ? (match[1] ?? match[2]) : text;
}

/** Reads `<id>[,<id>...] key="value"...` after the `hipaa-iac:ignore` marker. */
function parseOwn(text: string, from: number, at: (offset: number) => Position): Pick<RawDirective, 'ids' | 'reason' | 'owner' | 'expires' | 'unknownKeys'> {
  const ids: RawDirective['ids'] = [];
  let index = from;
  const skipSpace = () => {
    while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
  };
  for (;;) {
    skipSpace();
    const match = /^[^\s,="']+/.exec(text.slice(index));
    if (!match || text[index + match[0].length] === '=' || /^[ \t]*=/.test(text.slice(index + match[0].length))) break;
    ids.push({ id: match[0], range: { start: at(index), end: at(index + match[0].length) }, removal: undefined });
    index += match[0].length;
    skipSpace();
    if (text[index] !== ',') break;
    index++;
  }
  const values: Record<string, string> = {};
  const unknownKeys: string[] = [];
  for (;;) {
    skipSpace();
    KEY_VALUE.lastIndex = index;
    const match = KEY_VALUE.exec(text);
    if (!match) break;
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? match[4]);
    const key = match[1].toLowerCase();
    if (key === 'reason' || key === 'owner' || key === 'expires') values[key] = value.trim();
    else unknownKeys.push(match[1]);
    index = KEY_VALUE.lastIndex;
  }
  // With several ids, the quick fix for one unknown id removes just it and its comma.
  if (ids.length > 1) {
    for (const [position, id] of ids.entries()) {
      const next = ids[position + 1];
      const previous = ids[position - 1];
      id.removal = next ? { start: id.range.start, end: next.range.start } : { start: previous.range.end, end: id.range.end };
    }
  }
  return {
    ids,
    reason: values.reason || undefined,
    owner: values.owner || undefined,
    expires: values.expires || undefined,
    unknownKeys: unknownKeys.length > 0 ? unknownKeys : undefined,
  };
}

/** What removing a whole comment deletes: its line when it stands alone, else the comment and the space before it. */
function commentRemoval(comment: LineComment, scan: CommentScan, source: string): Range {
  const { line } = comment;
  if (comment.alone) {
    const end = line + 1 < scan.lineStarts.length ? positionOf(scan.lineStarts, line + 1, 0) : positionOf(scan.lineStarts, line, comment.endColumn);
    return { start: positionOf(scan.lineStarts, line, 0), end };
  }
  let column = comment.column;
  const base = scan.lineStarts[line];
  while (column > 0 && (source[base + column - 1] === ' ' || source[base + column - 1] === '\t')) column--;
  return { start: positionOf(scan.lineStarts, line, column), end: positionOf(scan.lineStarts, line, comment.endColumn) };
}
