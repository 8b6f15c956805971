// Unit tests of the HCL parser: collections, for expressions, traversals and splats, calls, operators and
// error recovery.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attribute } from '../../server/src/parse/hcl/ast.js';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { walk } from '../../server/src/parse/hcl/walk.js';
import { block, checkRanges, errs, expr, ok, outline, rc, show, shown, slice } from './hcl-helpers';

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
