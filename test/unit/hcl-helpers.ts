// Helpers of the HCL parser tests (hcl-parser.test.ts, hcl-expressions.test.ts): compact renderings of trees
// and checks every parse result must pass.

import assert from 'node:assert/strict';
import type { Attribute, Block, Body, Expression, ParseResult, Range, TemplateExpr, TemplatePart } from '../../server/src/parse/hcl/ast.js';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { LineIndex } from '../../server/src/parse/hcl/positions.js';
import { walk } from '../../server/src/parse/hcl/walk.js';

/** Compact rendering of an expression: `(+ a (* b c))`, `f(x...)`, `{k=v}`, templates between backquotes. */
export function show(e: Expression): string {
  switch (e.type) {
    case 'Literal':
      return e.value === null ? 'null' : typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'Template':
      return (e.heredoc ? `<<${e.heredoc.indented ? '-' : ''}${e.heredoc.marker}` : '') + '`' + e.parts.map(showPart).join('') + '`';
    case 'Variable':
      return e.name;
    case 'GetAttr':
      return `${show(e.object)}.${e.name}`;
    case 'Index':
      return `${show(e.object)}${e.legacyDot ? '.' : ''}[${show(e.key)}]`;
    case 'Splat':
      return `(splat-${e.kind} ${show(e.source)} ${show(e.each)})`;
    case 'SplatItem':
      return '@';
    case 'FunctionCall':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'Tuple':
      return `[${e.items.map(show).join(', ')}]`;
    case 'Object':
      return `{${e.items.map((i) => `${i.bareKey ? '' : '!'}${show(i.key)}=${show(i.value)}`).join(', ')}}`;
    case 'For':
      return (
        `(for-${e.kind} ${e.keyVar ? e.keyVar + ',' : ''}${e.valueVar} in ${show(e.collection)} : ` +
        `${e.keyExpr ? show(e.keyExpr) + ' => ' : ''}${show(e.valueExpr)}${e.grouping ? '...' : ''}` +
        `${e.condition ? ' if ' + show(e.condition) : ''})`
      );
    case 'Conditional':
      return `(? ${show(e.condition)} ${show(e.then)} ${show(e.else)})`;
    case 'Unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'Parens':
      return `(${show(e.expr)})`;
    case 'Invalid':
      return '<invalid>';
  }
}

/** Compact rendering of one template part (literal text, interpolation, directive). */
export function showPart(p: TemplatePart): string {
  switch (p.type) {
    case 'TemplateLiteral':
      return p.value;
    case 'TemplateInterpolation':
      return `\${${p.stripLeft ? '~' : ''}${show(p.expr)}${p.stripRight ? '~' : ''}}`;
    case 'TemplateIf':
      return `%{if ${show(p.condition)}}${p.then.map(showPart).join('')}${p.else ? '%{else}' + p.else.map(showPart).join('') : ''}%{endif}`;
    case 'TemplateFor':
      return `%{for ${p.keyVar ? p.keyVar + ',' : ''}${p.valueVar} in ${show(p.collection)}}${p.body.map(showPart).join('')}%{endfor}`;
  }
}

/** Outline of a body: `type "label" {...}` / `name = expr`, nested by indentation, incomplete blocks marked. */
export function outline(b: Body, indent = ''): string {
  return b.items
    .map((i) =>
      i.type === 'Attribute'
        ? `${indent}${i.name} = ${show(i.expr)}`
        : `${indent}${i.blockType}${i.labels.map((l) => ' ' + (l.quoted ? JSON.stringify(l.value) : l.value)).join('')} {` +
          `${i.complete ? '' : ' INCOMPLETE'}${i.body.items.length ? '\n' + outline(i.body, indent + '  ') + '\n' + indent : ''}}`,
    )
    .join('\n');
}

/** `l:c-l:c` of a range. */
export function rc(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The source text a range covers. */
export function slice(src: string, r: Range): string {
  return src.slice(r.start.offset, r.end.offset);
}

/** Errors as `l:c-l:c message`. */
export function errs(r: ParseResult): string[] {
  return r.errors.map((e) => `${rc(e.range)} ${e.message}`);
}

/** Parses and asserts there is no error. */
export function ok(src: string): ParseResult {
  const r = parseHcl(src);
  assert.deepEqual(errs(r), [], `unexpected errors for ${JSON.stringify(src)}`);
  checkRanges(src, r);
  return r;
}

/** The expression of the first top-level attribute of a valid text. */
export function expr(src: string): Expression {
  const item = ok(src).body.items[0];
  assert.equal(item.type, 'Attribute');
  return (item as Attribute).expr;
}

/** The expression of `a = <src>`, rendered. */
export function shown(src: string): string {
  return show(expr(`a = ${src}\n`));
}

/** The template of `a = <src>`. */
export function template(src: string): TemplateExpr {
  const e = expr(`a = ${src}\n`);
  assert.equal(e.type, 'Template');
  return e as TemplateExpr;
}

/** The i-th body item of a parse, which must be a block. */
export function block(r: ParseResult, i: number): Block {
  const item = r.body.items[i];
  assert.equal(item.type, 'Block');
  return item as Block;
}

/** Every range of the tree is well-formed, inside the text, and agrees with an independent line count. */
export function checkRanges(src: string, r: ParseResult): void {
  const lines = new LineIndex(src);
  const check = (range: Range): void => {
    assert.ok(range.start.offset <= range.end.offset && range.end.offset <= src.length);
    for (const p of [range.start, range.end]) assert.deepEqual(lines.positionAt(p.offset), p);
  };
  walk(r.body, (node) => {
    if ('range' in node) check(node.range);
  });
  for (const e of r.errors) check(e.range);
}

