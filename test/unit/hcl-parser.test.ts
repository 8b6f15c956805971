// Unit tests of the HCL lexer, parser and positions: tree shapes, decoded values, ranges, and error recovery.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attribute, Block, Body, Expression, ParseResult, Range, TemplateExpr, TemplatePart } from '../../server/src/parse/hcl/ast.js';
import { Lexer, T, type TokenKind } from '../../server/src/parse/hcl/lexer.js';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { LineIndex } from '../../server/src/parse/hcl/positions.js';
import { walk } from '../../server/src/parse/hcl/walk.js';

// ---------- helpers ----------

/** Compact rendering of an expression: `(+ a (* b c))`, `f(x...)`, `{k=v}`, templates between backquotes. */
function show(e: Expression): string {
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

function showPart(p: TemplatePart): string {
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
function outline(b: Body, indent = ''): string {
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
function rc(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The source text a range covers. */
function slice(src: string, r: Range): string {
  return src.slice(r.start.offset, r.end.offset);
}

/** Errors as `l:c-l:c message`. */
function errs(r: ParseResult): string[] {
  return r.errors.map((e) => `${rc(e.range)} ${e.message}`);
}

/** Parses and asserts there is no error. */
function ok(src: string): ParseResult {
  const r = parseHcl(src);
  assert.deepEqual(errs(r), [], `unexpected errors for ${JSON.stringify(src)}`);
  checkRanges(src, r);
  return r;
}

/** The expression of the first top-level attribute of a valid text. */
function expr(src: string): Expression {
  const item = ok(src).body.items[0];
  assert.equal(item.type, 'Attribute');
  return (item as Attribute).expr;
}

/** The expression of `a = <src>`, rendered. */
function shown(src: string): string {
  return show(expr(`a = ${src}\n`));
}

/** The template of `a = <src>`. */
function template(src: string): TemplateExpr {
  const e = expr(`a = ${src}\n`);
  assert.equal(e.type, 'Template');
  return e as TemplateExpr;
}

function block(r: ParseResult, i: number): Block {
  const item = r.body.items[i];
  assert.equal(item.type, 'Block');
  return item as Block;
}

/** Every range of the tree is well-formed, inside the text, and agrees with an independent line count. */
function checkRanges(src: string, r: ParseResult): void {
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

// ---------- positions ----------

describe('positions', () => {
  it('maps offsets to 0-based line/character over LF, CRLF and lone CR', () => {
    const idx = new LineIndex('ab\ncd\r\nef\rg');
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0, offset: 0 });
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 1, offset: 4 });
    assert.deepEqual(idx.positionAt(7), { line: 2, character: 0, offset: 7 });
    assert.deepEqual(idx.positionAt(10), { line: 3, character: 0, offset: 10 });
    assert.deepEqual(idx.positionAt(99), { line: 3, character: 1, offset: 11 });
    assert.equal(idx.lineCount, 4);
    assert.equal(idx.offsetAt(1, 1), 4);
    assert.equal(idx.offsetAt(1, 50), 5);
    assert.equal(idx.offsetAt(2, 50), 9);
    assert.equal(idx.offsetAt(3, 50), 11);
  });

  it('answers out-of-order queries (binary search) the same as in-order ones', () => {
    const src = Array.from({ length: 200 }, (_, i) => 'x'.repeat(i % 7)).join('\n');
    const seq = new LineIndex(src);
    const inOrder = Array.from({ length: src.length + 1 }, (_, o) => seq.positionAt(o));
    const rnd = new LineIndex(src);
    for (let i = 0; i < 2000; i++) {
      const o = (i * 7919) % (src.length + 1);
      assert.deepEqual(rnd.positionAt(o), inOrder[o]);
    }
  });

  it('counts UTF-16 code units in columns', () => {
    const r = ok('a = "😀"\nb = 1\n');
    const t = (r.body.items[0] as Attribute).expr as TemplateExpr;
    assert.equal(rc(t.range), '0:4-0:8');
  });
});

// ---------- lexer ----------

function kinds(src: string): [TokenKind, string][] {
  const lx = new Lexer(src, () => undefined);
  const out: [TokenKind, string][] = [];
  while (lx.next() !== T.EOF) out.push([lx.kind, src.slice(lx.start, lx.end)]);
  return out;
}

describe('lexer', () => {
  it('scans numbers with fractions and exponents, not a trailing dot', () => {
    assert.deepEqual(kinds('1e3 1.5E-2 2E+10 7. 0.1'), [
      [T.Number, '1e3'],
      [T.Number, '1.5E-2'],
      [T.Number, '2E+10'],
      [T.Number, '7'],
      [T.Dot, '.'],
      [T.Number, '0.1'],
    ]);
  });

  it('scans identifiers with dashes and non-ASCII letters', () => {
    assert.deepEqual(kinds('aws_s3-bucket2 données π _x'), [
      [T.Ident, 'aws_s3-bucket2'],
      [T.Ident, 'données'],
      [T.Ident, 'π'],
      [T.Ident, '_x'],
    ]);
  });

  it('turns line comments into newlines and skips block comments', () => {
    assert.deepEqual(kinds('a # x\nb // y\r\nc /* z\n w */ d'), [
      [T.Ident, 'a'],
      [T.Newline, '\n'],
      [T.Ident, 'b'],
      [T.Newline, '\r\n'],
      [T.Ident, 'c'],
      [T.Ident, 'd'],
    ]);
  });

  it('scans operators and punctuation', () => {
    assert.deepEqual(
      kinds('== != <= >= && || => ... :: ~} < > ! ? : = . *').map(([k]) => k),
      [T.Eq, T.NotEq, T.Le, T.Ge, T.And, T.Or, T.FatArrow, T.Ellipsis, T.DoubleColon, T.TildeCBrace, T.Lt, T.Gt, T.Bang, T.Question, T.Colon, T.Assign, T.Dot, T.Star],
    );
  });

  it('recognises heredoc openers only when a newline follows the marker', () => {
    const lx = new Lexer('<<-EOT\r\nx', () => undefined);
    assert.equal(lx.next(), T.Heredoc);
    assert.equal(lx.indented, true);
    assert.equal('<<-EOT\r\nx'.slice(lx.markerStart, lx.markerEnd), 'EOT');
    assert.equal(lx.bodyStart, 8);
    assert.deepEqual(kinds('<<EOT x').map(([k]) => k), [T.Lt, T.Lt, T.Ident, T.Ident]);
  });

  it('reports an unterminated block comment and ends it at the line end', () => {
    const errors: string[] = [];
    const lx = new Lexer('a /* b\nc', (m) => errors.push(m));
    const got: string[] = [];
    while (lx.next() !== T.EOF) got.push('a /* b\nc'.slice(lx.start, lx.end));
    assert.deepEqual(got, ['a', '\n', 'c']);
    assert.deepEqual(errors, ['Unterminated comment: missing "*/"']);
  });
});

// ---------- bodies ----------

describe('bodies', () => {
  it('parses blocks with quoted, bare and no labels, nested blocks and attributes', () => {
    const src = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\nlocals {\n}\nthing a b "c" {\n}\n';
    const r = ok(src);
    assert.equal(
      outline(r.body),
      'resource "aws_s3_bucket" "b" {\n  bucket = `x`\n  lifecycle {\n    prevent_destroy = true\n  }\n}\nlocals {}\nthing a b "c" {}',
    );
    const res = block(r, 0);
    assert.equal(rc(res.range), '0:0-5:1');
    assert.equal(rc(res.typeRange), '0:0-0:8');
    assert.deepEqual(
      res.labels.map((l) => [l.value, l.quoted, slice(src, l.range)]),
      [
        ['aws_s3_bucket', true, '"aws_s3_bucket"'],
        ['b', true, '"b"'],
      ],
    );
    assert.equal(slice(src, res.body.range).startsWith('{') && slice(src, res.body.range).endsWith('}'), true);
    assert.equal(res.complete, true);
    const bucket = res.body.items[0] as Attribute;
    assert.equal(rc(bucket.nameRange), '1:2-1:8');
    assert.equal(rc(bucket.range), '1:2-1:14');
    assert.deepEqual(
      block(r, 2).labels.map((l) => [l.value, l.quoted]),
      [
        ['a', false],
        ['b', false],
        ['c', true],
      ],
    );
    assert.equal(rc(r.body.range), `0:0-${src.split('\n').length - 1}:0`);
  });

  it('parses one-line blocks', () => {
    const r = ok('a { b = 1 }\nc {}\nd "x" { e = [1, 2] }\n');
    assert.equal(outline(r.body), 'a {\n  b = 1\n}\nc {}\nd "x" {\n  e = [1, 2]\n}');
    assert.equal(rc(block(r, 0).range), '0:0-0:11');
  });

  it('keeps comments of every style out of the tree', () => {
    const r = ok('# one\n// two\n/* three\n   four */\na = 1 # trailing\nb = /* inline */ 2 // trailing\n');
    assert.equal(outline(r.body), 'a = 1\nb = 2');
  });

  it('handles CRLF, tabs and a byte-order mark (offsets index the original text)', () => {
    const src = '\uFEFFa {\r\n\tb = "x"\r\n}\r\n';
    const r = ok(src);
    assert.equal(outline(r.body), 'a {\n  b = `x`\n}');
    const a = block(r, 0);
    assert.equal(a.typeRange.start.offset, 1);
    assert.equal(rc(a.typeRange), '0:1-0:2');
    assert.equal(rc((a.body.items[0] as Attribute).range), '1:1-1:8');
  });

  it('accepts non-ASCII identifiers and dashes in names', () => {
    const r = ok('naïve-name = données-1\n');
    const a = r.body.items[0] as Attribute;
    assert.equal(a.name, 'naïve-name');
    assert.equal(show(a.expr), 'données-1');
  });

  it('ends attributes at newlines: an operator on the next line is an error', () => {
    const r = parseHcl('a = 1 +\n  2\nb = 3\n');
    assert.deepEqual(errs(r), ['0:7-0:7 Expected an expression, found end of line', '1:2-1:3 Expected an attribute or block, found number 2']);
    assert.equal(outline(r.body), 'a = (+ 1 <invalid>)\nb = 3');
  });
});

// ---------- literals and templates ----------

describe('literals', () => {
  it('parses numbers, booleans and null with raw text', () => {
    const lit = (s: string): unknown => {
      const e = expr(`a = ${s}\n`);
      assert.equal(e.type, 'Literal');
      return e.type === 'Literal' ? [e.value, e.raw] : null;
    };
    assert.deepEqual(lit('1e3'), [1000, '1e3']);
    assert.deepEqual(lit('1.5E-2'), [0.015, '1.5E-2']);
    assert.deepEqual(lit('0.50'), [0.5, '0.50']);
    assert.deepEqual(lit('42'), [42, '42']);
    assert.deepEqual(lit('true'), [true, 'true']);
    assert.deepEqual(lit('false'), [false, 'false']);
    assert.deepEqual(lit('null'), [null, 'null']);
  });

  it('reports unconvertible numbers', () => {
    const r = parseHcl('a = 1.2.3\n');
    assert.deepEqual(errs(r), ['0:4-0:9 Invalid number literal "1.2.3"']);
  });
});

describe('quoted strings', () => {
  it('decodes escapes', () => {
    const t = template(String.raw`"a\nb\tc\"d\\e\rf\u00e9\U0001F600"`);
    assert.equal(t.parts.length, 1);
    assert.deepEqual(t.parts[0], { type: 'TemplateLiteral', value: 'a\nb\tc"d\\e\rfé😀', range: t.parts[0].range });
    assert.equal(rc(t.range), '0:4-0:38');
    assert.equal(rc(t.parts[0].range), '0:5-0:37');
  });

  it('decodes $${ and %%{ escapes and keeps lone $ and %', () => {
    assert.equal(shown('"$${x} %%{y} $ % $$ 100%"'), '`${x} %{y} $ % $$ 100%`');
  });

  it('reports invalid escapes and keeps going', () => {
    const r = parseHcl(String.raw`a = "x\qy\u12z\uD800"` + '\nb = 1\n');
    assert.deepEqual(errs(r), [
      String.raw`0:6-0:8 Invalid escape sequence "\q"`,
      String.raw`0:9-0:13 Invalid escape sequence "\u12": "\u" must be followed by four hexadecimal digits`,
      String.raw`0:14-0:20 Invalid escape sequence "\uD800": not a Unicode character`,
    ]);
    assert.equal(outline(r.body), 'a = `xqy\\u12z\\uD800`\nb = 1');
  });

  it('represents the empty string as one empty literal', () => {
    const t = template('""');
    assert.equal(t.parts.length, 1);
    assert.equal(t.parts[0].type, 'TemplateLiteral');
    assert.equal(rc(t.parts[0].range), '0:5-0:5');
  });

  it('parses interpolations with their ranges', () => {
    const src = 'a = "x-${var.env}-${upper(name)}"\n';
    const t = (ok(src).body.items[0] as Attribute).expr as TemplateExpr;
    assert.equal(show(t), '`x-${var.env}-${upper(name)}`');
    assert.deepEqual(
      t.parts.map((p) => slice(src, p.range)),
      ['x-', '${var.env}', '-', '${upper(name)}'],
    );
  });

  it('applies ~ strip markers to the neighbouring literals and records them', () => {
    const t = template('"a  ${~ x ~}  b ${y}\t c"');
    assert.equal(show(t), '`a${~x~}b ${y}\t c`');
    const interp = t.parts[1];
    assert.equal(interp.type === 'TemplateInterpolation' && interp.stripLeft && interp.stripRight, true);
  });

  it('parses if/else/endif and for/endfor directives with strip markers', () => {
    assert.equal(shown('"%{ if a ~} yes %{~ else } no %{ endif }"'), '`%{if a}yes%{else} no %{endif}`');
    assert.equal(shown('"%{ for k, v in m }${k}=${v},%{ endfor }"'), '`%{for k,v in m}${k}=${v},%{endfor}`');
    assert.equal(shown('"%{for x in xs}%{if x}[${x}]%{endif}%{endfor}"'), '`%{for x in xs}%{if x}[${x}]%{endif}%{endfor}`');
    const t = template('"<%{ if a }x%{ endif }>"');
    assert.equal(rc(t.parts[1].range), '0:6-0:26');
  });

  it('allows newlines inside an interpolation of a quoted string', () => {
    assert.equal(shown('"${join(",",\n  list)}"'), '`${join(`,`, list)}`');
  });

  it('parses nested templates inside interpolations', () => {
    assert.equal(shown('"${"${"x"}"}"'), '`${`${`x`}`}`');
  });
});

describe('heredocs', () => {
  it('keeps the content including the final newline, and marks the heredoc', () => {
    const src = 'a = <<EOT\nhello ${name}\n  world\nEOT\nb = 1\n';
    const r = ok(src);
    const t = (r.body.items[0] as Attribute).expr as TemplateExpr;
    assert.deepEqual(t.heredoc, { marker: 'EOT', indented: false });
    assert.equal(show(t), '<<EOT`hello ${name}\n  world\n`');
    assert.equal(slice(src, t.range), '<<EOT\nhello ${name}\n  world\nEOT');
    assert.equal(outline(r.body).split('\n').pop(), 'b = 1');
  });

  it('<<- removes the smallest indentation of all lines, ignoring whitespace-only lines', () => {
    const t = template('<<-EOT\n    line1\n      line2\n\n    ${x} tail\n  \n    EOT\n');
    assert.equal(show(t), '<<-EOT`line1\n  line2\n\n${x} tail\n  \n`');
    assert.deepEqual(t.heredoc, { marker: 'EOT', indented: true });
  });

  it('<<- counts tabs as indentation and a line starting with ${ as zero', () => {
    assert.equal(show(template('<<-X\n\t\ta\n\t\t\tb\n\tX\n')), '<<-X`a\n\tb\n`');
    assert.equal(show(template('<<-X\n  a\n${x}\n  X\n')), '<<-X`  a\n${x}\n`');
  });

  it('does not decode backslashes but does decode $${', () => {
    assert.equal(show(template('<<EOT\na\\nb $${c}\nEOT\n')), '<<EOT`a\\nb ${c}\n`');
  });

  it('applies strip markers before indentation removal, like HCL', () => {
    assert.equal(show(template('<<-X\n\t%{ if a ~}\n\t  yes\n\t%{ endif ~}\n\tend\n\tX\n')), '<<-X`%{if a}\t  yes\n%{endif}\tend\n`');
  });

  it('handles empty heredocs, CRLF, indented closing markers and heredocs inside tuples', () => {
    assert.equal(show(template('<<EOT\nEOT\n')), '<<EOT``');
    assert.equal(show(template('<<EOT\r\nx\r\nEOT\r\n')), '<<EOT`x\r\n`');
    assert.equal(show(template('<<EOT\nx\n    EOT\n')), '<<EOT`x\n`');
    assert.equal(shown('[<<A\nx\nA\n, "y"]'), '[<<A`x\n`, `y`]');
  });
});

// ---------- collections, for, traversals, calls ----------

describe('collections', () => {
  it('parses tuples with trailing commas and newlines', () => {
    assert.equal(shown('[1, "a", [], [2,],]'), '[1, `a`, [], [2]]');
    assert.equal(shown('[\n  1,\n  2\n]'), '[1, 2]');
  });

  it('parses objects with every key form, comma or newline separated', () => {
    assert.equal(shown('{ a = 1, "b" = 2, (c) = 3, 4 = 5, d: 6, "${e}" = 7, }'), '{a=1, !`b`=2, !(c)=3, !4=5, d=6, !`${e}`=7}');
    assert.equal(shown('{\n  a = 1\n  b = 2,\n  c = 3\n}'), '{a=1, b=2, c=3}');
    assert.equal(shown('{ null = 1, true = 2 }'), '{null=1, true=2}');
  });

  it('gives object items key-to-value ranges', () => {
    const src = 'a = {\n  Name = "x"\n}\n';
    const o = expr(src);
    assert.equal(o.type, 'Object');
    if (o.type === 'Object') {
      assert.equal(slice(src, o.items[0].range), 'Name = "x"');
      assert.equal(rc(o.range), '0:4-2:1');
    }
  });
});

describe('for expressions', () => {
  it('parses list and map forms with key variable, condition and grouping', () => {
    assert.equal(shown('[for x in xs : upper(x)]'), '(for-tuple x in xs : upper(x))');
    assert.equal(shown('[for i, x in xs : x if i > 0]'), '(for-tuple i,x in xs : x if (> i 0))');
    assert.equal(shown('{for k, v in m : k => v}'), '(for-object k,v in m : k => v)');
    assert.equal(shown('{for k, v in m : v.team => k... if v != null}'), '(for-object k,v in m : v.team => k... if (!= v null))');
  });

  it('ignores newlines inside for expressions', () => {
    assert.equal(shown('{\n  for k, v in m :\n  k => v\n  if v\n}'), '(for-object k,v in m : k => v if v)');
  });

  it('reports a key expression in a list for and a missing one in a map for', () => {
    assert.deepEqual(errs(parseHcl('a = [for k, v in m : k => v]\n')), ['0:21-0:22 A key expression ("=>") is only allowed in an object "for" expression']);
    assert.deepEqual(errs(parseHcl('a = {for v in m : v}\n')), ['0:18-0:19 Expected "key => value" in an object "for" expression']);
  });
});

describe('traversals and splats', () => {
  it('parses attribute access, index and legacy index', () => {
    assert.equal(shown('aws_s3_bucket.b.id'), 'aws_s3_bucket.b.id');
    assert.equal(shown('a[0]["k"][var.i]'), 'a[0][`k`][var.i]');
    assert.equal(shown('a.0.b'), 'a.[0].b');
    const e = expr('a = x.y[1].z\n');
    assert.equal(e.type, 'GetAttr');
    if (e.type === 'GetAttr') {
      assert.equal(rc(e.range), '0:4-0:12');
      assert.equal(rc(e.nameRange), '0:11-0:12');
      assert.equal(e.object.type === 'Index' && e.object.legacyDot, false);
    }
  });

  it('parses full splats, which take every following step', () => {
    assert.equal(shown('a[*]'), '(splat-full a @)');
    assert.equal(shown('a[*].b.c[0]'), '(splat-full a @.b.c[0])');
    assert.equal(shown('a[*].b[*].c'), '(splat-full a (splat-full @.b @.c))');
    const src = 'a = x.y[*].z\n';
    const e = expr(src);
    assert.equal(e.type, 'Splat');
    if (e.type === 'Splat') {
      assert.equal(slice(src, e.range), 'x.y[*].z');
      assert.equal(e.each.type === 'GetAttr' && slice(src, e.each.object.range), '[*]');
    }
  });

  it('parses attribute-only splats, which take only .name and .N steps', () => {
    assert.equal(shown('a.*.b.c'), '(splat-attr a @.b.c)');
    assert.equal(shown('a.*.b[0]'), '(splat-attr a @.b)[0]');
    assert.equal(shown('a.*.b.0.c'), '(splat-attr a @.b.[0].c)');
  });

  it('reports chained legacy indexes (a.0.1 scans as the number 0.1) but splits them', () => {
    const r = parseHcl('a = x.0.1\n');
    assert.deepEqual(errs(r), ['0:6-0:9 Invalid legacy index "0.1": chained legacy indexes are not allowed; write [0][1] instead']);
    assert.equal(outline(r.body), 'a = x.[0].[1]');
  });
});

describe('function calls', () => {
  it('parses arguments, trailing commas, newlines and final expansion', () => {
    assert.equal(shown('f()'), 'f()');
    assert.equal(shown('merge(a, {b = 1},)'), 'merge(a, {b=1})');
    assert.equal(shown('concat(\n  a,\n  b...\n)'), 'concat(a, b...)');
    const e = expr('a = lookup(m, "k")\n');
    assert.equal(e.type === 'FunctionCall' && rc(e.nameRange), '0:4-0:10');
  });

  it('keeps provider-defined function names with their ::', () => {
    const src = 'a = provider::aws::arn_parse(var.arn).region\n';
    const e = expr(src);
    assert.equal(show(e), 'provider::aws::arn_parse(var.arn).region');
    assert.equal(e.type === 'GetAttr' && e.object.type === 'FunctionCall' && slice(src, e.object.nameRange), 'provider::aws::arn_parse');
  });
});

describe('operators', () => {
  it('follows HCL precedence: unary, * / %, + -, comparisons, equality, &&, ||, then ?:', () => {
    assert.equal(shown('1 + 2 * 3 - 4 / 2 % 5'), '(- (+ 1 (* 2 3)) (% (/ 4 2) 5))');
    assert.equal(shown('a || b && c == d != e < f'), '(|| a (&& b (!= (== c d) (< e f))))');
    assert.equal(shown('a <= b == c >= d'), '(== (<= a b) (>= c d))');
    assert.equal(shown('-a.b * !c'), '(* (- a.b) (! c))');
    assert.equal(shown('- - 1'), '(- (- 1))');
    assert.equal(shown('a ? b : c ? d : e'), '(? a b (? c d e))');
    assert.equal(shown('a || b ? c + 1 : d'), '(? (|| a b) (+ c 1) d)');
    assert.equal(shown('(1 + 2) * 3'), '(* ((+ 1 2)) 3)');
  });

  it('gives binary and conditional nodes spanning ranges', () => {
    const src = 'a = x ? 1 + 2 : y\n';
    const e = expr(src);
    assert.equal(slice(src, e.range), 'x ? 1 + 2 : y');
    assert.equal(e.type === 'Conditional' && slice(src, e.then.range), '1 + 2');
  });

  it('ignores newlines inside parentheses', () => {
    assert.equal(shown('(1 +\n 2)'), '((+ 1 2))');
  });
});

// ---------- error recovery ----------

describe('error recovery', () => {
  it('keeps the earlier blocks and the open block when the final "}" is missing', () => {
    const r = parseHcl('variable "v" {\n  default = 1\n}\nresource "a" "b" {\n  bucket = "x"\n  acl = "private"\n');
    assert.deepEqual(errs(r), ['3:0-3:18 Unclosed block "resource": missing "}"']);
    assert.equal(outline(r.body), 'variable "v" {\n  default = 1\n}\nresource "a" "b" { INCOMPLETE\n  bucket = `x`\n  acl = `private`\n}');
    const b = block(r, 1);
    assert.equal(b.complete, false);
    assert.equal(rc(b.range), '3:0-5:17');
  });

  it('skips a garbage line inside a block and keeps the rest of its attributes', () => {
    const r = parseHcl('resource "a" "b" {\n  bucket = "x"\n  @@@ garbage ]\n  acl = "private"\n}\nresource "c" "d" {\n}\n');
    assert.deepEqual(errs(r), ['2:2-2:3 Invalid character "@"']);
    assert.equal(outline(r.body), 'resource "a" "b" {\n  bucket = `x`\n  acl = `private`\n}\nresource "c" "d" {}');
  });

  it('keeps a half-typed attribute at the end of the file as Invalid', () => {
    const r = parseHcl('resource "a" "b" {\n  acl = "private"\n  bucket = ');
    assert.deepEqual(errs(r), ['2:2-2:10 Expected a value after "=" for attribute "bucket"', '0:0-0:18 Unclosed block "resource": missing "}"']);
    const bucket = block(r, 0).body.items[1] as Attribute;
    assert.equal(bucket.name, 'bucket');
    assert.equal(bucket.expr.type, 'Invalid');
    assert.equal(rc(bucket.expr.range), '2:10-2:10');
  });

  it('ends an unterminated string at the end of its line', () => {
    const r = parseHcl('a {\n  bucket = "abc\n  acl = "private"\n}\n');
    assert.deepEqual(errs(r), ['1:11-1:15 Unterminated string: missing closing quote']);
    assert.equal(outline(r.body), 'a {\n  bucket = `abc`\n  acl = `private`\n}');
  });

  it('reports a missing "=" and keeps the following attributes', () => {
    const r = parseHcl('a {\n  bucket "abc"\n  acl = "private"\n  versioning\n  b = 1\n}\n');
    assert.deepEqual(errs(r), ['1:2-1:8 Expected "=" after attribute name "bucket"', '3:2-3:12 Expected "=" after attribute name "versioning"']);
    assert.equal(outline(r.body), 'a {\n  acl = `private`\n  b = 1\n}');
  });

  it('closes a half-typed block when a top-level block header starts at column 0', () => {
    const src = 'resource "a" "b" {\n  bucket = "x"\n  tags = {\n    Name = "y"\n\nresource "c" "d" {\n  x = 1\n}\noutput "o" {\n  value = [1,\n}\n';
    const r = parseHcl(src);
    assert.deepEqual(errs(r), [
      '2:9-2:10 Unclosed object: missing "}"',
      '0:0-0:18 Unclosed block "resource": missing "}"',
      '9:10-9:11 Unclosed tuple: missing "]"',
    ]);
    assert.equal(
      outline(r.body),
      'resource "a" "b" { INCOMPLETE\n  bucket = `x`\n  tags = {Name=`y`}\n}\nresource "c" "d" {\n  x = 1\n}\noutput "o" {\n  value = [1]\n}',
    );
  });

  it('does not split valid nesting that merely starts at column 0', () => {
    const r = ok('check "c" {\ndata "aws_s3_bucket" "b" {\nbucket = "x"\n}\n}\n');
    assert.equal(outline(r.body), 'check "c" {\n  data "aws_s3_bucket" "b" {\n    bucket = `x`\n  }\n}');
  });

  it('closes an unclosed bracket at the next attribute line', () => {
    const r = parseHcl('a {\n  list = [1, 2\n  name = "x"\n  call = f(1\n  other = 2\n}\n');
    assert.deepEqual(errs(r), ['1:9-1:10 Unclosed tuple: missing "]"', '3:10-3:11 Unclosed call to "f": missing ")"']);
    assert.equal(outline(r.body), 'a {\n  list = [1, 2]\n  name = `x`\n  call = f(1)\n  other = 2\n}');
  });

  it('recovers inside lists and objects at the next separator', () => {
    const r = parseHcl('a = [1, @, 3]\nb = { k = 1 2\n  j = 2 }\nc = f(1 2, 3)\n');
    assert.deepEqual(errs(r), [
      '0:8-0:9 Invalid character "@"',
      '1:12-1:13 Expected a newline or "," after the object item, found number 2',
      '3:8-3:9 Expected "," or ")" in the call to "f", found number 2',
    ]);
    assert.equal(outline(r.body), 'a = [1, <invalid>, 3]\nb = {k=1, j=2}\nc = f(1, 3)');
  });

  it('stops an unterminated heredoc before the next top-level block', () => {
    const r = parseHcl('a {\n  policy = <<EOT\n  {"x": 1}\nresource "b" "c" {\n  y = 1\n}\n');
    assert.deepEqual(errs(r), ['1:11-1:16 Unterminated heredoc: missing closing marker "EOT"', '0:0-0:3 Unclosed block "a": missing "}"']);
    assert.equal(outline(r.body), 'a { INCOMPLETE\n  policy = <<EOT`  {"x": 1}`\n}\nresource "b" "c" {\n  y = 1\n}');
  });

  it('reports broken interpolations and directives without losing the string', () => {
    const r = parseHcl('a = "x${ y z }w"\nb = "${ "\nc = "%{ if x }open"\nd = "%{ endif }"\ne = "%{ bogus }"\n');
    assert.deepEqual(errs(r), [
      '0:11-0:12 Expected "}" to close the interpolation, found "z"',
      '1:8-1:9 Unterminated string: missing closing quote',
      '1:9-1:9 Expected "}" to close the interpolation, found end of line',
      '1:4-1:9 Unterminated string: missing closing quote',
      '2:5-2:14 Unclosed "%{ if }": missing "%{ endif }"',
      '3:5-3:15 Unexpected "%{ endif }" without a matching "%{ if }"',
      '4:8-4:13 Unknown template directive "bogus": expected if, else, endif, for or endfor',
    ]);
    assert.equal(outline(r.body), 'a = `x${y}w`\nb = `${``}`\nc = `%{if x}open%{endif}`\nd = ``\ne = ``');
  });

  it('reports unexpected tokens after a value and after a block', () => {
    const r = parseHcl('a = 1 2\nb {} c = 1\nd = 4\n');
    assert.deepEqual(errs(r), [
      '0:6-0:7 Unexpected number 2 after the value of "a"; expected a newline',
      '1:5-1:6 Expected a newline after the "}" of block "b", found "c"',
    ]);
    assert.equal(outline(r.body), 'a = 1\nb {}\nc = 1\nd = 4');
  });

  it('reports attributes set twice in one body, as HCL does, keeping both', () => {
    const r = parseHcl('a {\n  x = 1\n  y = 2\n  x = 3\n}\nx = 4\n');
    assert.deepEqual(errs(r), ['3:2-3:3 Attribute "x" is already set on line 2; each attribute may be set only once']);
    assert.equal(outline(r.body), 'a {\n  x = 1\n  y = 2\n  x = 3\n}\nx = 4');
  });

  it('enforces single-line block rules: one attribute, closed on the same line', () => {
    assert.deepEqual(errs(parseHcl('x { a = 1\n}\n')), ['0:9-0:9 Expected "}" after the value of "a": a single-line block must be closed on the same line']);
    assert.deepEqual(errs(parseHcl('x {\n  a = 1 }\n')), ['1:8-1:9 Unexpected "}" after the value of "a"; expected a newline']);
    assert.deepEqual(errs(parseHcl('x { a = 1, b = 2 }\n')), ['0:9-0:10 Unexpected "," after the value of "a"; expected a newline']);
    assert.deepEqual(errs(parseHcl('x { y {} }\n')), ['0:4-0:8 A single-line block can contain only one attribute; put each item on its own line']);
    assert.deepEqual(errs(parseHcl('a {\n  b {\n  }}\n')), ['2:3-2:4 Expected a newline after the "}" of block "b", found "}"']);
  });

  it('closes a heredoc nested in an interpolation with the same marker at its own marker line', () => {
    const r = ok('v = <<EOT\n${<<EOT\ninner\nEOT\n}\nEOT\nw = 1\n');
    assert.equal(outline(r.body), 'v = <<EOT`${<<EOT`inner\n`}\n`\nw = 1');
  });

  it('keeps a broken interpolation inside its heredoc', () => {
    const r = parseHcl('x = <<EOT\n${foo(\nEOT\ny = 2\n');
    assert.deepEqual(errs(r), ['1:5-1:6 Unclosed call to "foo": missing ")"', '1:0-1:2 Unclosed interpolation: missing "}"']);
    assert.equal(outline(r.body), 'x = <<EOT`${foo()}`\ny = 2');
  });

  it('reports a stray "}" at the top level and continues', () => {
    const r = parseHcl('}\na = 1\n');
    assert.deepEqual(errs(r), ['0:0-0:1 Unexpected "}": there is no open block to close']);
    assert.equal(outline(r.body), 'a = 1');
  });

  it('reports a dangling "." and returns Invalid', () => {
    const r = parseHcl('a = aws_s3_bucket.\nb = 1\n');
    assert.deepEqual(errs(r), ['0:18-0:18 Expected an attribute name after ".", found end of line']);
    assert.equal(outline(r.body), 'a = <invalid>\nb = 1');
  });

  it('caps nesting depth instead of overflowing the stack', () => {
    const deep = 'a = ' + '['.repeat(10000) + ']'.repeat(10000) + '\nb = 1\n';
    const r = parseHcl(deep);
    assert.equal(r.errors[0].message, 'Expression is nested too deeply (more than 256 levels)');
    assert.equal(outline(r.body).split('\n').pop(), 'b = 1');
    const blocks = 'a {\n'.repeat(5000) + '}\n'.repeat(5000) + 'z = 1\n';
    const rb = parseHcl(blocks);
    assert.ok(rb.errors.some((e) => e.message.startsWith('Blocks are nested too deeply')));
    assert.equal(outline(rb.body).split('\n').pop(), 'z = 1');
    const unary = parseHcl('a = ' + '-'.repeat(20000) + '1\n');
    assert.ok(unary.errors.length > 0);
    const directives = parseHcl('a = "' + '%{if x}'.repeat(3000) + '"\n');
    assert.ok(directives.errors.some((e) => e.message.startsWith('Template directives are nested too deeply')));
  });

  it('caps long operator and traversal chains so the tree stays walkable', () => {
    const r = parseHcl('a = ' + Array.from({ length: 5000 }, () => 'x').join(' + ') + '\nb = y' + '.z'.repeat(5000) + '\n');
    assert.equal(r.errors.length, 2);
    assert.ok(r.errors.every((e) => e.message.startsWith('Expression is too long')));
    let depth = 0;
    walk(r.body, () => depth++);
    assert.ok(depth > 4000);
  });

  it('never throws on hostile input', () => {
    for (const s of ['\0', '\uD800', '"', '<<', '<<EOT\n', '${', '%{', '}}}', ']]]', '"${', '"%{', '/*', 'a = "\\', 'a = <<-\n', 'a {', '{', 'a = {', 'a = [for', 'a = x[*', 'a = f(', 'a = provider::', '\uFEFF']) {
      const r = parseHcl(s);
      checkRanges(s, r);
      assert.ok(!r.errors.some((e) => e.message.startsWith('Internal parser error')), s);
    }
  });
});
