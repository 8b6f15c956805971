// The parser's shared machinery: token stream with HCL's newline sensitivity, error reporting, ranges,
// nesting limits and the recovery primitives (skipping, unclosed-construct detection).

import type { InvalidExpr, ParseError, Position, Range } from './ast.js';
import { HeredocIndex } from './heredoc-index.js';
import * as lexer from './lexer.js';
import { Lexer, type TokenKind } from './lexer.js';
import { LineIndex } from './positions.js';
import * as recovery from './recovery.js';
import { RecoveryIndex } from './recovery.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const describeToken = lexer.describeToken;
const isTopLevelHeaderAt = recovery.isTopLevelHeaderAt;

/** Maximum nesting of blocks, brackets, templates and unary operators before parsing gives up on a construct. */
export const MAX_NESTING = 256;
/** Maximum depth of the produced tree (nesting plus operator/traversal chains), so tree walkers cannot overflow. */
export const MAX_TREE_DEPTH = 2000;
/** Errors beyond this many are dropped (a garbage file must not cost unbounded memory). */
export const MAX_ERRORS = 1000;

/** skipRecover: stop at a newline outside brackets. */
export const STOP_NEWLINE = 1;
/** skipRecover: stop at a comma outside brackets. */
export const STOP_COMMA = 2;
/** skipRecover: stop at a line that starts with `name =` (an attribute after a missing closer). */
export const STOP_ATTR_LINE = 4;
/** skipRecover: skip unmatched `]` and `)` instead of stopping there (in a body only `}` closes anything). */
export const SKIP_STRAY_CLOSERS = 8;

/** Token stream, positions, errors and recovery helpers shared by the expression and body parsers. */
export abstract class ParserBase {
  readonly lx: Lexer;
  readonly lines: LineIndex;
  readonly heredocs: HeredocIndex;
  readonly recovery: RecoveryIndex;
  readonly errors: ParseError[] = [];
  /** Offset where scanning starts: 1 after a byte-order mark, else 0. */
  readonly origin: number;
  /** Whether newlines are currently insignificant (inside ( ), [ ], for-expressions and template sequences). */
  nlIgnore = false;
  /** Current recursion nesting (capped by MAX_NESTING). */
  depth = 0;
  /** Current depth of the tree being built (capped by MAX_TREE_DEPTH). */
  treeDepth = 0;
  /** Number of currently open brackets/braces, used by the unclosed-block heuristic. */
  open = 0;
  /** While > 0 errors are not recorded (text being skipped after an error). */
  suppress = 0;
  /** Heredocs whose body is being parsed (innermost last): marker, and where the body must end at the latest. */
  readonly heredocFrames: { marker: string; hardLimit: number }[] = [];
  /** End offset of the last consumed token other than a newline. */
  lastEnd: number;
  /** Error sink for the scanners. */
  readonly reportError = (message: string, start: number, end: number): void => this.error(message, start, end);

  private readonly errorStarts = new Set<number>();
  private pendingRewind = false;

  constructor(readonly text: string) {
    this.origin = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.lines = new LineIndex(text);
    this.lx = new Lexer(text, this.reportError, this.origin);
    this.heredocs = new HeredocIndex(text, this.lines);
    this.recovery = new RecoveryIndex(text, this.lines, this.heredocs, this.origin);
    this.lastEnd = this.origin;
    this.lx.next();
  }

  /** Skips (parses and discards) the string or heredoc at the current token. */
  abstract skipTemplate(): void;

  /**
   * Skips the string or heredoc at the current token without parsing it: a string to its closing quote or line
   * end, a heredoc past its closing marker (or to the end of the scan). Interpolations are not looked into.
   */
  skipTemplateText(): void {
    const lx = this.lx;
    const text = this.text;
    if (lx.kind === T.Heredoc) {
      const marker = text.slice(lx.markerStart, lx.markerEnd);
      const close = this.heredocs.findClose(marker, lx.bodyStart, lx.limit);
      this.resumeAt(close !== null ? close.markerEnd : lx.limit);
      return;
    }
    let i = lx.end;
    while (i < lx.limit) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        break;
      }
      if (c === 10 || c === 13) break;
      i += c === 92 && i + 1 < lx.limit && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13 ? 2 : 1;
    }
    this.resumeAt(Math.min(i, lx.limit));
  }

  /** The current token kind, first skipping newlines when they are insignificant. */
  peek(): TokenKind {
    if (this.nlIgnore) while (this.lx.kind === T.Newline) this.lx.next();
    return this.lx.kind;
  }

  /** The current token kind as is (newlines included). */
  cur(): TokenKind {
    return this.lx.kind;
  }

  /** Consumes the current token. */
  advance(): void {
    if (this.lx.kind !== T.Newline) this.lastEnd = this.lx.end;
    this.lx.next();
  }

  /** Continues lexing at `pos` (after a template, or to undo lookahead). */
  resumeAt(pos: number): void {
    this.lastEnd = pos;
    this.lx.reset(pos);
    this.lx.next();
  }

  /**
   * Marks a construct abandoned as unclosed: the newlines skipped while looking ahead inside its brackets must be
   * seen again by the newline-sensitive context outside. Why lazily (see restoreNl): enclosing bracket contexts
   * skip newlines anyway, and re-lexing once per level would cost depth x gap on deeply unclosed input.
   */
  abandon(): void {
    this.pendingRewind = true;
  }

  /** Restores the newline mode saved by a construct, re-lexing from the last consumed token if needed. */
  restoreNl(saved: boolean): void {
    this.nlIgnore = saved;
    if (!saved && this.pendingRewind) {
      this.pendingRewind = false;
      this.resumeAt(this.lastEnd);
    }
  }

  /** The source text of the current token. */
  tokenText(): string {
    return this.text.slice(this.lx.start, this.lx.end);
  }

  /** True when the current token is the identifier `word`. */
  atKeyword(word: string): boolean {
    const lx = this.lx;
    return lx.kind === T.Ident && lx.end - lx.start === word.length && this.text.startsWith(word, lx.start);
  }

  /** Records an error; only the first error at a given offset is kept (cascades from one mistake collapse). */
  error(message: string, start: number, end: number): void {
    if (this.suppress > 0 || this.errors.length >= MAX_ERRORS || this.errorStarts.has(start)) return;
    this.errorStarts.add(start);
    this.errors.push({ message, range: this.lines.rangeOf(start, end) });
  }

  /** Records an error at the current token (zero-width for an end of line or file). */
  errorAtToken(message: string): void {
    const lx = this.lx;
    const empty = lx.kind === T.Newline || lx.kind === T.EOF;
    this.error(message, lx.start, empty ? lx.start : lx.end);
  }

  /** Describes the current token for messages. */
  describe(): string {
    const lx = this.lx;
    return describeToken(this.text, lx.kind, lx.start, lx.end);
  }

  /** The Range of [start, end). */
  range(start: number, end: number): Range {
    return this.lines.rangeOf(start, end);
  }

  /** The Position of an offset. */
  pos(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  // Why ranges from existing Positions: a parent usually starts and/or ends exactly where a child does; sharing
  // the child's Position objects saves allocations in a tree that is mostly positions (see LineIndex.positionAt).

  /** A Range between two existing Positions. */
  span(start: Position, end: Position): Range {
    return { start, end };
  }

  /** A Range from an existing Position to an offset. */
  rangeFrom(start: Position, end: number): Range {
    return { start, end: this.lines.positionAt(end) };
  }

  /** An InvalidExpr spanning [start, end). */
  invalid(start: number, end: number): InvalidExpr {
    return { type: 'Invalid', range: this.range(start, end < start ? start : end) };
  }

  /** True when `offset` is at column 0. */
  isLineStart(offset: number): boolean {
    if (offset <= this.origin) return true;
    const c = this.text.charCodeAt(offset - 1);
    return c === 10 || c === 13;
  }

  /** True when only blanks precede `offset` on its line. */
  isFirstOnLine(offset: number): boolean {
    let i = offset;
    while (i > this.origin) {
      const c = this.text.charCodeAt(i - 1);
      if (c === 10 || c === 13) return true;
      if (c !== 32 && c !== 9) return false;
      i--;
    }
    return true;
  }

  /**
   * The unclosed-block heuristic: the current token starts a column-0 line reading like a top-level block header
   * (`resource "x" "y" {`) while `open + extraOpen` constructs are open, and the rest of the file cannot close
   * them all. Then the open constructs were left unterminated (a half-typed block) and the header starts anew.
   * Why the balance check: valid but unindented nesting (a `data` block inside `check`) must not be broken up.
   */
  headerGuard(extraOpen: number): boolean {
    const lx = this.lx;
    const d = this.open + extraOpen;
    if (lx.kind !== T.Ident || d <= 0 || !this.isLineStart(lx.start)) return false;
    if (!isTopLevelHeaderAt(this.text, lx.start)) return false;
    return this.recovery.remainingBalance(lx.start) > -d;
  }

  /** True when the current token begins a line of the form `name = ...` (not `==` or `=>`). */
  looksLikeAttributeLine(): boolean {
    const lx = this.lx;
    if (lx.kind !== T.Ident || !this.isFirstOnLine(lx.start)) return false;
    const text = this.text;
    let i = lx.end;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) !== 61) return false;
    const d = text.charCodeAt(i + 1);
    return d !== 61 && d !== 62;
  }

  /** True when a newline-insensitive construct (brackets) should stop as unclosed at the current token `k`. */
  shouldAbandon(k: TokenKind): boolean {
    return k === T.EOF || isCloser(k) || this.headerGuard(0) || this.looksLikeAttributeLine();
  }

  /**
   * Skips tokens after an error, keeping bracket nesting, up to (not including) a closer that is not ours,
   * EOF, a top-level header line, or what `flags` ask for at nesting level 0 (newline, comma, `name =` line).
   * Strings and heredocs are skipped whole. Errors inside the skipped text are not reported.
   */
  skipRecover(flags: number): void {
    const lx = this.lx;
    this.suppress++;
    let nest = 0;
    for (;;) {
      const k = lx.kind;
      if (k === T.EOF) break;
      if (k === T.Newline) {
        if (nest === 0 && (flags & STOP_NEWLINE) !== 0) break;
        lx.next();
        continue;
      }
      if (k === T.Ident && this.headerGuard(nest)) break;
      if (nest === 0) {
        if (isCloser(k) && !((flags & SKIP_STRAY_CLOSERS) !== 0 && (k === T.CBrack || k === T.CParen))) break;
        if (k === T.Comma && (flags & STOP_COMMA) !== 0) break;
        if ((flags & STOP_ATTR_LINE) !== 0 && this.looksLikeAttributeLine()) break;
      }
      if (k === T.OQuote || k === T.Heredoc) {
        this.skipTemplate();
        continue;
      }
      if (isOpener(k)) nest++;
      else if (isCloser(k) && nest > 0) nest--;
      this.advance();
    }
    this.suppress--;
  }
}

/** True for `{ [ (`. */
export function isOpener(k: TokenKind): boolean {
  return k === T.OBrace || k === T.OBrack || k === T.OParen;
}

/** True for `} ] ) ~}`. */
export function isCloser(k: TokenKind): boolean {
  return k === T.CBrace || k === T.CBrack || k === T.CParen || k === T.TildeCBrace;
}
