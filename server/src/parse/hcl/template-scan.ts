// Scanning of literal template text: the characters between template sequences in a quoted string or heredoc,
// with escapes decoded. Quoted strings decode backslash escapes; both kinds decode `$${` and `%%{`.

import * as chars from './chars.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const hexValue = chars.hexValue;

/** Why a literal run stopped. */
export const Stop = {
  /** At a closing `"` (quoted strings only). */
  Quote: 0,
  /** At `${`. */
  Interp: 1,
  /** At `%{`. */
  Control: 2,
  /** At a line break (quoted strings cannot contain one: the string is unterminated). */
  LineEnd: 3,
  /** At the scan limit (end of text or of the heredoc body). */
  Limit: 4,
  /** Just after a "\n" (heredoc bodies are scanned line by line, as HCL does). */
  AfterNewline: 5,
} as const;

/** A run of literal text from the scan start to `end`, with its decoded value. */
export interface LiteralRun {
  end: number;
  value: string;
  stop: number;
}

/** Receives escape-sequence errors. */
export type ScanErrorSink = (message: string, start: number, end: number) => void;

/** Scans quoted-string literal text from `pos` until a sequence, the closing quote, a line end or `limit`. */
export function scanQuotedRun(text: string, pos: number, limit: number, onError: ScanErrorSink): LiteralRun {
  let value = '';
  let runStart = pos;
  while (pos < limit) {
    const c = text.charCodeAt(pos);
    if (c === 34) return finish(text, value, runStart, pos, Stop.Quote);
    if (c === 10 || c === 13) return finish(text, value, runStart, pos, Stop.LineEnd);
    if (c === 92) {
      value += text.slice(runStart, pos);
      const esc = decodeEscape(text, pos, limit, onError);
      value += esc.value;
      pos = esc.end;
      runStart = pos;
      continue;
    }
    if (c === 36 || c === 37) {
      const d = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
      if (d === 123) return finish(text, value, runStart, pos, c === 36 ? Stop.Interp : Stop.Control);
      if (d === c && pos + 2 < limit && text.charCodeAt(pos + 2) === 123) {
        value += text.slice(runStart, pos) + (c === 36 ? '${' : '%{');
        pos += 3;
        runStart = pos;
        continue;
      }
    }
    pos++;
  }
  return finish(text, value, runStart, pos, Stop.Limit);
}

/** Scans one heredoc line's literal text from `pos` until a sequence, just after "\n", or `limit`. */
export function scanHeredocRun(text: string, pos: number, limit: number): LiteralRun {
  let value = '';
  let runStart = pos;
  while (pos < limit) {
    const c = text.charCodeAt(pos);
    if (c === 10) return finish(text, value, runStart, pos + 1, Stop.AfterNewline);
    if (c === 36 || c === 37) {
      const d = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
      if (d === 123) return finish(text, value, runStart, pos, c === 36 ? Stop.Interp : Stop.Control);
      if (d === c && pos + 2 < limit && text.charCodeAt(pos + 2) === 123) {
        value += text.slice(runStart, pos) + (c === 36 ? '${' : '%{');
        pos += 3;
        runStart = pos;
        continue;
      }
    }
    pos++;
  }
  return finish(text, value, runStart, pos, Stop.Limit);
}

function finish(text: string, value: string, runStart: number, end: number, stop: number): LiteralRun {
  return { end, value: value + text.slice(runStart, end), stop };
}

/** Decodes the backslash escape at `pos` (`\n \r \t \" \\ \uXXXX \UXXXXXXXX`); bad ones are reported. */
function decodeEscape(text: string, pos: number, limit: number, onError: ScanErrorSink): { value: string; end: number } {
  const sel = pos + 1 < limit ? text.charCodeAt(pos + 1) : -1;
  switch (sel) {
    case 110:
      return { value: '\n', end: pos + 2 };
    case 114:
      return { value: '\r', end: pos + 2 };
    case 116:
      return { value: '\t', end: pos + 2 };
    case 34:
      return { value: '"', end: pos + 2 };
    case 92:
      return { value: '\\', end: pos + 2 };
    case 117: // u
    case 85: {
      // U
      const digits = sel === 117 ? 4 : 8;
      let cp = 0;
      let i = pos + 2;
      for (; i < pos + 2 + digits && i < limit; i++) {
        const h = hexValue(text.charCodeAt(i));
        if (h < 0) break;
        cp = cp * 16 + h;
      }
      const raw = text.slice(pos, i);
      if (i - pos - 2 !== digits) {
        onError(`Invalid escape sequence "${raw}": "\\${String.fromCharCode(sel)}" must be followed by ${digits === 4 ? 'four' : 'eight'} hexadecimal digits`, pos, i);
        return { value: raw, end: i };
      }
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        onError(`Invalid escape sequence "${raw}": not a Unicode character`, pos, i);
        return { value: raw, end: i };
      }
      return { value: String.fromCodePoint(cp), end: i };
    }
    default: {
      if (sel < 0 || sel === 10 || sel === 13) {
        onError('Invalid escape sequence: "\\" at the end of the line', pos, pos + 1);
        return { value: '\\', end: pos + 1 };
      }
      const cp = text.codePointAt(pos + 1)!;
      const width = cp > 0xffff ? 2 : 1;
      const ch = text.slice(pos + 1, pos + 1 + width);
      onError(`Invalid escape sequence "\\${ch}"`, pos, pos + 1 + width);
      return { value: ch, end: pos + 1 + width };
    }
  }
}
