// Source-text helpers for the hcl2json-compatible converter: how expressions are quoted back as text,
// how literal template text is re-escaped, and how object keys are ordered.

import type { Range } from './ast.js';

/**
 * The source text of `range` as hcl2json quotes it. Why the `)` check: hcl2json appends the character
 * just after a range when it is a closing parenthesis (a workaround for old HCL ranges that stopped
 * before it), so we do the same to render identical text.
 */
export function rangeSource(text: string, range: Range): string {
  const start = Math.max(0, Math.min(range.start.offset, text.length));
  let end = Math.max(start, Math.min(range.end.offset, text.length));
  if (text.charCodeAt(end) === 41 /* ) */) end++;
  return text.slice(start, end);
}

/** `${` + the source of `range` + `}`: how hcl2json renders an expression it does not evaluate. */
export function wrapSource(text: string, range: Range): string {
  return '${' + rangeSource(text, range) + '}';
}

/**
 * Re-escapes decoded literal template text the way hcl2json emits it: `${` -> `$${` and `%{` -> `%%{`,
 * so that literal text cannot be mistaken for an interpolation or directive in the JSON form.
 */
export function escapeLiteral(value: string): string {
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * Orders strings by Unicode code point, which is the UTF-8 byte order Go's encoding/json sorts map keys by
 * (plain `<` on JS strings compares UTF-16 units and differs for characters above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return 0;
}
