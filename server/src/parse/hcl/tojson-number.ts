// Number rendering for the hcl2json-compatible converter: HCL keeps numbers as 512-bit decimals (cty),
// so a literal becomes a JSON number one way and a string (inside templates and object keys) another way.

/** The JSON number hcl2json yields for a number literal's source text (`1.5e3` -> 1500, `1e400` -> Infinity). */
export function numberValue(raw: string): number {
  return Number(raw);
}

/**
 * The text cty gives a number converted to a string: plain positional notation, no exponent, no
 * superfluous zeros (`1.50` -> "1.5", `1e21` -> "1000000000000000000000", `1.5e-7` -> "0.00000015").
 * Why not Number#toString: cty keeps the literal exactly (big ints keep every digit) and never uses
 * exponent notation, so the decimal is rebuilt from the literal's own digits.
 */
export function numberText(raw: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw.trim());
  if (m === null) return raw;
  const negative = m[1] === '-';
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  const digits = intDigits + fracDigits;
  // Position of the decimal point within `digits` once the exponent is applied.
  const point = intDigits.length + exponent;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  if (whole === '') whole = '0';
  fraction = fraction.replace(/0+$/, '');
  const body = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && body !== '0' ? `-${body}` : body;
}
