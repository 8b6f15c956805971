// The HCL token scanner for expression/body context: one token at a time, on demand, by char codes.
// Template text (inside quotes and heredocs) is scanned by template-scan.ts; the parser switches between
// the two by repositioning this lexer, which is why it is a pull lexer with a settable position.

import * as chars from './chars.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const isDigit = chars.isDigit;
const scanIdent = chars.scanIdent;

/** Token kinds. */
export const T = {
  EOF: 0,
  Newline: 1,
  Ident: 2,
  Number: 3,
  OQuote: 4,
  Heredoc: 5,
  OBrace: 6,
  CBrace: 7,
  OBrack: 8,
  CBrack: 9,
  OParen: 10,
  CParen: 11,
  Comma: 12,
  Dot: 13,
  Ellipsis: 14,
  Colon: 15,
  DoubleColon: 16,
  Question: 17,
  Assign: 18,
  FatArrow: 19,
  Eq: 20,
  NotEq: 21,
  Lt: 22,
  Le: 23,
  Gt: 24,
  Ge: 25,
  Plus: 26,
  Minus: 27,
  Star: 28,
  Slash: 29,
  Percent: 30,
  And: 31,
  Or: 32,
  Bang: 33,
  /** `~}`: the end of a template sequence that strips following whitespace. */
  TildeCBrace: 34,
  Invalid: 35,
} as const;

/** A token kind value. */
export type TokenKind = (typeof T)[keyof typeof T];

const C_OTHER = 0;
const C_IDENT = 1;
const C_DIGIT = 2;
const C_SINGLE = 3;
/** Character class of each ASCII code: identifier start, digit, one-character token, other. */
const ASCII_CLASS = new Uint8Array(128);
/** Token kind of each one-character token. */
const SINGLE_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) ASCII_CLASS[c] = C_IDENT;
  else if (/[0-9]/.test(ch)) ASCII_CLASS[c] = C_DIGIT;
  else ASCII_CLASS[c] = C_OTHER;
}
const singles: [string, TokenKind][] = [
  ['"', T.OQuote],
  ['{', T.OBrace],
  ['}', T.CBrace],
  ['[', T.OBrack],
  [']', T.CBrack],
  ['(', T.OParen],
  [')', T.CParen],
  [',', T.Comma],
  ['?', T.Question],
  ['+', T.Plus],
  ['-', T.Minus],
  ['*', T.Star],
  ['%', T.Percent],
];
for (const [ch, kind] of singles) {
  ASCII_CLASS[ch.charCodeAt(0)] = C_SINGLE;
  SINGLE_KIND[ch.charCodeAt(0)] = kind;
}

/** Receives the errors found while scanning (unterminated block comments). */
export type LexErrorSink = (message: string, start: number, end: number) => void;

/** Scans tokens of `text` from a settable position up to a settable limit. */
export class Lexer {
  /** Kind of the current token. */
  kind: TokenKind = T.EOF;
  /** Offset where the current token starts. */
  start = 0;
  /** Offset just after the current token. */
  end = 0;
  /** For a Heredoc token: the marker's offsets, whether it is `<<-`, and where the body starts. */
  markerStart = 0;
  markerEnd = 0;
  indented = false;
  bodyStart = 0;
  /** Where the next scan starts. */
  pos: number;
  /** Scanning stops here (EOF is reported at the limit): used to confine a heredoc body. */
  limit: number;

  // Cache of the last "*/" search, so repeated unterminated comments do not rescan the file.
  private commentFrom = -1;
  private commentFound = -1;

  constructor(
    readonly text: string,
    private readonly onError: LexErrorSink,
    pos = 0,
  ) {
    this.pos = pos;
    this.limit = text.length;
  }

  /** Moves the scan position (the current token is left as is until next()). */
  reset(pos: number): void {
    this.pos = pos;
  }

  /** Scans the next token into kind/start/end and returns its kind. */
  next(): TokenKind {
    const text = this.text;
    const limit = this.limit;
    let pos = this.pos;
    for (;;) {
      if (pos >= limit) return this.set(T.EOF, limit, limit);
      let c = text.charCodeAt(pos);
      // Fast paths first: blanks, ASCII identifiers and one-character punctuation make up most of a file.
      while (c === 32 || c === 9) {
        if (++pos >= limit) return this.set(T.EOF, limit, limit);
        c = text.charCodeAt(pos);
      }
      if (c < 128) {
        const cls = ASCII_CLASS[c];
        if (cls === C_IDENT) {
          let end = pos + 1;
          while (end < limit) {
            const d = text.charCodeAt(end);
            if (d < 128 ? ASCII_CLASS[d] !== C_IDENT && ASCII_CLASS[d] !== C_DIGIT && d !== 45 : true) break;
            end++;
          }
          // A non-ASCII character may still continue the identifier.
          if (end < limit && text.charCodeAt(end) >= 128) end = scanIdent(text, pos, limit);
          return this.set(T.Ident, pos, end);
        }
        if (cls === C_SINGLE) return this.set(SINGLE_KIND[c] as TokenKind, pos, pos + 1);
      }
      switch (c) {
        case 10:
          return this.set(T.Newline, pos, pos + 1);
        case 13:
          if (pos + 1 < limit && text.charCodeAt(pos + 1) === 10) return this.set(T.Newline, pos, pos + 2);
          // Why: a lone CR is not an HCL newline; treating it as blank space is the forgiving choice.
          pos++;
          continue;
        case 35: // #
          pos = this.lineEnd(pos);
          continue;
        case 47: {
          // /
          const d = this.peekChar(pos + 1);
          if (d === 47) {
            pos = this.lineEnd(pos);
            continue;
          }
          if (d === 42) {
            pos = this.blockComment(pos);
            continue;
          }
          return this.set(T.Slash, pos, pos + 1);
        }
        case 46: // .
          if (this.peekChar(pos + 1) === 46 && this.peekChar(pos + 2) === 46) return this.set(T.Ellipsis, pos, pos + 3);
          return this.set(T.Dot, pos, pos + 1);
        case 58: // :
          if (this.peekChar(pos + 1) === 58) return this.set(T.DoubleColon, pos, pos + 2);
          return this.set(T.Colon, pos, pos + 1);
        case 61: {
          // =
          const d = this.peekChar(pos + 1);
          if (d === 61) return this.set(T.Eq, pos, pos + 2);
          if (d === 62) return this.set(T.FatArrow, pos, pos + 2);
          return this.set(T.Assign, pos, pos + 1);
        }
        case 33: // !
          if (this.peekChar(pos + 1) === 61) return this.set(T.NotEq, pos, pos + 2);
          return this.set(T.Bang, pos, pos + 1);
        case 60: {
          // <
          const d = this.peekChar(pos + 1);
          if (d === 61) return this.set(T.Le, pos, pos + 2);
          if (d === 60 && this.heredocOpener(pos)) return T.Heredoc;
          return this.set(T.Lt, pos, pos + 1);
        }
        case 62: // >
          if (this.peekChar(pos + 1) === 61) return this.set(T.Ge, pos, pos + 2);
          return this.set(T.Gt, pos, pos + 1);
        case 38: // &
          if (this.peekChar(pos + 1) === 38) return this.set(T.And, pos, pos + 2);
          return this.set(T.Invalid, pos, pos + 1);
        case 124: // |
          if (this.peekChar(pos + 1) === 124) return this.set(T.Or, pos, pos + 2);
          return this.set(T.Invalid, pos, pos + 1);
        case 126: // ~
          if (this.peekChar(pos + 1) === 125) return this.set(T.TildeCBrace, pos, pos + 2);
          return this.set(T.Invalid, pos, pos + 1);
        default: {
          if (isDigit(c)) return this.set(T.Number, pos, this.numberEnd(pos));
          const identEnd = scanIdent(text, pos, limit);
          if (identEnd > pos) return this.set(T.Ident, pos, identEnd);
          // One whole code point, so a surrogate pair is never split.
          const width = c >= 0xd800 && c <= 0xdbff && pos + 1 < limit && isLowSurrogate(text.charCodeAt(pos + 1)) ? 2 : 1;
          return this.set(T.Invalid, pos, pos + width);
        }
      }
    }
  }

  private set(kind: TokenKind, start: number, end: number): TokenKind {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.pos = end;
    return kind;
  }

  private peekChar(i: number): number {
    return i < this.limit ? this.text.charCodeAt(i) : -1;
  }

  /** Offset of the line break (or limit) ending the line that contains `pos`. */
  private lineEnd(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    while (pos < limit) {
      const c = text.charCodeAt(pos);
      if (c === 10 || c === 13) break;
      pos++;
    }
    return pos;
  }

  /** Skips a block comment starting at `pos`; an unterminated one ends at its line end (and is reported). */
  private blockComment(pos: number): number {
    let close: number;
    if (this.commentFrom >= 0 && pos + 2 >= this.commentFrom && (this.commentFound < 0 || pos + 2 <= this.commentFound)) {
      close = this.commentFound;
    } else {
      close = this.text.indexOf('*/', pos + 2);
      this.commentFrom = pos + 2;
      this.commentFound = close;
    }
    if (close >= 0 && close + 2 <= this.limit) return close + 2;
    this.onError('Unterminated comment: missing "*/"', pos, pos + 2);
    return this.lineEnd(pos);
  }

  /**
   * Number literal end: digit (digit | "." | [eE][+-]?digit)*, never ending with "." (as HCL scans it;
   * so "1.2.3" is one token that fails to convert, and "a.0.1" yields the number "0.1").
   */
  private numberEnd(pos: number): number {
    const text = this.text;
    const limit = this.limit;
    let i = pos + 1;
    let good = i;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) {
        i++;
        good = i;
      } else if (c === 46) {
        i++;
      } else if (c === 101 || c === 69) {
        let j = i + 1;
        const s = j < limit ? text.charCodeAt(j) : -1;
        if (s === 43 || s === 45) j++;
        if (j < limit && isDigit(text.charCodeAt(j))) {
          i = j + 1;
          good = i;
        } else break;
      } else break;
    }
    return good;
  }

  /** Recognises `<<EOT\n` / `<<-EOT\r\n` at `pos`; sets the Heredoc token fields when it matches. */
  private heredocOpener(pos: number): boolean {
    const text = this.text;
    let i = pos + 2;
    const indented = this.peekChar(i) === 45;
    if (indented) i++;
    const identEnd = scanIdent(text, i, this.limit);
    if (identEnd === i) return false;
    let nl = identEnd;
    if (this.peekChar(nl) === 13) nl++;
    if (this.peekChar(nl) !== 10) return false;
    this.set(T.Heredoc, pos, identEnd);
    this.markerStart = i;
    this.markerEnd = identEnd;
    this.indented = indented;
    this.bodyStart = nl + 1;
    return true;
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const PUNCT: Record<number, string> = {
  [T.OBrace]: '{',
  [T.CBrace]: '}',
  [T.OBrack]: '[',
  [T.CBrack]: ']',
  [T.OParen]: '(',
  [T.CParen]: ')',
  [T.Comma]: ',',
  [T.Dot]: '.',
  [T.Ellipsis]: '...',
  [T.Colon]: ':',
  [T.DoubleColon]: '::',
  [T.Question]: '?',
  [T.Assign]: '=',
  [T.FatArrow]: '=>',
  [T.Eq]: '==',
  [T.NotEq]: '!=',
  [T.Lt]: '<',
  [T.Le]: '<=',
  [T.Gt]: '>',
  [T.Ge]: '>=',
  [T.Plus]: '+',
  [T.Minus]: '-',
  [T.Star]: '*',
  [T.Slash]: '/',
  [T.Percent]: '%',
  [T.And]: '&&',
  [T.Or]: '||',
  [T.Bang]: '!',
  [T.TildeCBrace]: '~}',
};

/** A short human description of a token for error messages (`"}"`, `end of line`, `number 12`). */
export function describeToken(text: string, kind: TokenKind, start: number, end: number): string {
  switch (kind) {
    case T.EOF:
      return 'end of file';
    case T.Newline:
      return 'end of line';
    case T.Ident:
      return `"${clip(text.slice(start, end))}"`;
    case T.Number:
      return `number ${clip(text.slice(start, end))}`;
    case T.OQuote:
      return 'a string';
    case T.Heredoc:
      return 'a heredoc';
    case T.Invalid:
      return `invalid character ${JSON.stringify(text.slice(start, end))}`;
    default:
      return `"${PUNCT[kind] ?? text.slice(start, end)}"`;
  }
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}
