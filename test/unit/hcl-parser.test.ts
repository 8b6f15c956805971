// Unit tests of the HCL lexer, parser and positions: positions, tokens, bodies, literals, strings and heredocs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attribute, TemplateExpr } from '../../server/src/parse/hcl/ast.js';
import { Lexer, T, type TokenKind } from '../../server/src/parse/hcl/lexer.js';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { LineIndex } from '../../server/src/parse/hcl/positions.js';
import { block, errs, expr, ok, outline, rc, show, shown, slice, template } from './hcl-helpers';

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
