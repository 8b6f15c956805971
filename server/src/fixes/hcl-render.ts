// Writes FixValues as HCL native syntax in terraform fmt style: two-space (or the file's) indentation,
// nested blocks for FixBlocks, `{ k = v }` object constructors for maps, strings quoted with HCL escapes.
// Alignment of `=` is left to hcl-align.ts, which runs over everything a fix inserts.

import type { FixBlock, FixValue } from '../../../rules/fix';
import { FixError } from './text';
import { isBlockValue, isFixBlock, isFixExpression } from './values';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Bare object keys that would read as something else than a string key.
const RESERVED_KEYS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);

/** Quotes a string as an HCL string literal: escapes, and `${` / `%{` doubled so they stay literal text. */
export function quoteHcl(value: string): string {
  let out = '"';
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    const code = value.charCodeAt(index);
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if ((char === '$' || char === '%') && value[index + 1] === '{') out += char + char;
    else if (code < 0x20 || code === 0x7f) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + '"';
}

/** An object constructor key: bare when it is an identifier, quoted otherwise. */
export function hclKey(key: string): string {
  return IDENTIFIER.test(key) && !RESERVED_KEYS.has(key) ? key : quoteHcl(key);
}

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new FixError(`"${name}" is not a valid ${what} name`);
  return name;
}

function isScalar(value: FixValue): boolean {
  return value === null || typeof value !== 'object' || isFixExpression(value);
}

/** Renders values in one file's style (line ending and indentation step). */
export class HclRenderer {
  constructor(
    readonly eol: string,
    readonly unit: string,
  ) {}

  /** A value in expression position; `indent` is the indentation of the line it starts on. */
  value(value: FixValue, indent: string): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new FixError(`${value} cannot be written as an HCL number`);
      return String(value);
    }
    if (typeof value === 'string') return quoteHcl(value);
    if (isFixExpression(value)) return value.$expression;
    if (isFixBlock(value)) throw new FixError('a nested block cannot be written as a value (inside a list or a map)');
    const inner = indent + this.unit;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      const items = value.map((item) => this.value(item, inner));
      const oneLine = `[${items.join(', ')}]`;
      if (value.every(isScalar) && !oneLine.includes('\n') && indent.length + oneLine.length <= 80) return oneLine;
      return `[${this.eol}${items.map((item) => `${inner}${item},`).join(this.eol)}${this.eol}${indent}]`;
    }
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => `${inner}${hclKey(key)} = ${this.value(item, inner)}`);
    return `{${this.eol}${lines.join(this.eol)}${this.eol}${indent}}`;
  }

  /** One object constructor item `key = value` (no indentation before it). */
  objectItem(key: string, value: FixValue, indent: string): string {
    return `${hclKey(key)} = ${this.value(value, indent)}`;
  }

  /** A body item at `indent`: an attribute, a nested block, or several blocks of one type. */
  item(key: string, value: FixValue, indent: string): string {
    if (isFixBlock(value)) return this.block(key, value, indent);
    if (isBlockValue(value)) return value.map((block) => this.block(key, block, indent)).join(this.eol + this.eol);
    return `${indent}${identifier(key, 'argument')} = ${this.value(value, indent)}`;
  }

  /** A nested block `key { ... }` at `indent`; labels, when given, are quoted after the type. */
  block(key: string, block: FixBlock, indent: string, labels: readonly string[] = []): string {
    const header = [identifier(key, 'block type'), ...labels.map(quoteHcl)].join(' ');
    const entries = Object.entries(block.$block);
    if (entries.length === 0) return `${indent}${header} {}`;
    return `${indent}${header} {${this.eol}${this.body(entries, indent + this.unit)}${this.eol}${indent}}`;
  }

  /** The items of a body, one per line at `indent`, with a blank line before a block that follows an argument. */
  body(entries: [string, FixValue][], indent: string): string {
    const parts: string[] = [];
    let previousWasAttribute = false;
    for (const [key, value] of entries) {
      const isBlock = isBlockValue(value);
      if (isBlock && previousWasAttribute) parts.push('');
      parts.push(this.item(key, value, indent));
      previousWasAttribute = !isBlock;
    }
    return parts.join(this.eol);
  }
}
