// Character classes of HCL native syntax: identifiers, digits, whitespace (by UTF-16 code unit / code point).

const ID_START = /^\p{ID_Start}$/u;
const ID_CONTINUE = /^\p{ID_Continue}$/u;

const F_START = 1;
const F_PART = 2;
// Why a table: the lexer classifies every ASCII character it reads; a typed-array lookup is the cheapest test.
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) ASCII[c] |= F_START | F_PART;
  if (/[0-9-]/.test(ch)) ASCII[c] |= F_PART;
}

/** True for a code point that may start an identifier (ID_Start or "_"). */
export function isIdentStart(cp: number): boolean {
  if (cp < 128) return (ASCII[cp] & F_START) !== 0;
  return ID_START.test(String.fromCodePoint(cp));
}

/** True for a code point that may continue an identifier (ID_Continue or "-"). */
export function isIdentPart(cp: number): boolean {
  if (cp < 128) return (ASCII[cp] & F_PART) !== 0;
  return ID_CONTINUE.test(String.fromCodePoint(cp));
}

/** The end offset of the identifier starting at `pos`, or `pos` when none starts there. */
export function scanIdent(text: string, pos: number, limit: number): number {
  if (pos >= limit) return pos;
  let c = text.charCodeAt(pos);
  if (c < 128) {
    if ((ASCII[c] & F_START) === 0) return pos;
    pos++;
  } else {
    const cp = text.codePointAt(pos)!;
    if (!isIdentStart(cp)) return pos;
    pos += cp > 0xffff ? 2 : 1;
  }
  while (pos < limit) {
    c = text.charCodeAt(pos);
    if (c < 128) {
      if ((ASCII[c] & F_PART) === 0) break;
      pos++;
    } else {
      const cp = text.codePointAt(pos)!;
      if (!isIdentPart(cp)) break;
      pos += cp > 0xffff ? 2 : 1;
    }
  }
  return pos;
}

/** True for "0".."9". */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The value of a hexadecimal digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Unicode White_Space, as Go's unicode.IsSpace (which HCL uses for `~` stripping and heredoc indentation). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** `s` without leading whitespace (isSpace). */
export function trimStartSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

/** `s` without trailing whitespace (isSpace). */
export function trimEndSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

/** Number of leading whitespace (isSpace) code units of `s`. */
export function leadingSpaceCount(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}
