// The fast JSON reader gives exactly the tree the tolerant reader gives on valid JSON, and declines
// anything invalid so that the tolerant reader recovers and reports it.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RULE_FILES } from '../../rules/index';
import { parseJsonTolerant } from '../../server/src/parse/cfn/json';
import { parseJsonStrict } from '../../server/src/parse/cfn/json-fast';
import type { DataNode } from '../../server/src/parse/tree';

/**
 * Checks every map's soleKey() (asked before its entries are read, so lazily read maps answer from the
 * text) against its entries.
 */
function checkSoleKeys(node: DataNode, where: string): void {
  if (node.kind === 'scalar') return;
  if (node.kind === 'seq') {
    for (const item of node.items) checkSoleKeys(item, where);
    return;
  }
  const sole = node.soleKey?.();
  assert.equal(sole, node.entries.length === 1 ? node.entries[0].key : undefined, where);
  for (const entry of node.entries) checkSoleKeys(entry.value, where);
}

/** A plain copy of a tree, reading every (possibly lazily computed) range. */
function plain(node: DataNode): unknown {
  if (node.kind === 'scalar') return { kind: node.kind, value: node.value, range: node.range };
  if (node.kind === 'seq') return { kind: node.kind, items: node.items.map(plain), range: node.range };
  return {
    kind: node.kind,
    range: node.range,
    entries: node.entries.map((entry) => ({ key: entry.key, keyRange: entry.keyRange, range: entry.range, value: plain(entry.value) })),
  };
}

const SAMPLES = [
  '{}',
  '[]',
  '{"a": 1, "b": [true, false, null, -1.5e3, 0, "x\\\\y\\"z\\u00e9"], "c": {"d": {}}}',
  '\r\n{\r\n  "Resources": {\r\n    "A": {"Type": "AWS::S3::Bucket"}\r\n  }\r\n}\r\n',
  '{"dup": 1, "dup": 2}',
  '{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "c": 11}',
  '{"a":\r1,\r"b": [2,\r\n3]}',
  '{"Resources": {"A": {"Properties": {"Tags": [{"Key": "x", "Key": "y"}]}}}}',
  // Line breaks of every kind, also after the root (the reader collects line starts while reading).
  '[1,\r\r\n2,\n\r\n{"a":\r\n\r[]}]\n\r\r\n\r',
  // Duplicate keys written differently (escapes), of equal length, as prefixes, and in large objects.
  '{"x": {"A": 1, "\\u0041": 2, "B": 3}}',
  '{"x": {"\\u0041": 1, "A": 2, "A": 3}}',
  '{"x": {"ab": 1, "ba": 2, "a": 3, "abc": 4, "ab": 5}}',
  `{"x": {${Array.from({ length: 40 }, (_, index) => `"k${index % 37}": ${index}`).join(', ')}}}`,
  `{"x": {${Array.from({ length: 20 }, (_, index) => `"k${index}": ${index}`).join(', ')}, "k3": 0, "\\u006b4": 1}}`,
];

test('valid JSON: values, ranges and duplicate-key warnings equal the tolerant reader', () => {
  const fixtures = [...new Set(Object.values(RULE_FILES).map((source) => source.slice(0, source.lastIndexOf('/'))))].flatMap((dir) =>
    readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => readFileSync(`${dir}/${name}`, 'utf8')),
  );
  assert.ok(fixtures.length > 20, 'the rule fixtures provide real templates');
  for (const text of [...SAMPLES, ...fixtures]) {
    const slow = parseJsonTolerant(text);
    assert.ok(slow.root);
    // Eager, and lazy from every depth a large template would use (1 = everything below the root).
    for (const lazyDepth of [Number.POSITIVE_INFINITY, 3, 1]) {
      const fast = parseJsonStrict(text, 512, lazyDepth);
      assert.ok(fast, text.slice(0, 80));
      assert.deepEqual(fast.errors, slow.errors, `${lazyDepth}: ${text.slice(0, 80)}`);
      assert.deepEqual(plain(fast.root), plain(slow.root), `${lazyDepth}: ${text.slice(0, 80)}`);
      checkSoleKeys(parseJsonStrict(text, 512, lazyDepth)!.root, `${lazyDepth}: ${text.slice(0, 80)}`);
    }
  }
});

test('invalid or too deeply nested JSON is declined, also inside lazily read containers', () => {
  for (const text of ['{"a": {"b": [1,]}}', '{"a": {"b": {"c" 1}}}', '{"a": {"b": "x\u0001"}}']) {
    assert.equal(parseJsonStrict(text, 512, 1), undefined, JSON.stringify(text));
  }
  for (const text of ['', '\ufeff{}', '{', '{"a": 1,}', '[1 2]', '{"a" 1}', '"unterminated', 'nul', '01', '{"a": 1} x', '"a\nb"', '{a: 1}']) {
    assert.equal(parseJsonStrict(text, 512), undefined, JSON.stringify(text));
  }
  assert.equal(parseJsonStrict('['.repeat(600) + ']'.repeat(600), 512), undefined);
});

/** A seeded generator of JSON texts: nested values, keys that repeat (also through escapes), odd spacing. */
function generatedJson(seed: number): string {
  let state = seed;
  const random = (n: number) => ((state = (state * 1103515245 + 12345) & 0x7fffffff) % n);
  const space = () => [' ', '', '\n', '\r\n', '\t', '  ', '\r'][random(7)];
  const keys = ['a', 'b', 'ab', 'ba', 'Key', 'Value', '\\u0061', 'a\\nb', 'Fn::If', 'é', 'k1', 'k10'];
  const value = (depth: number): string => {
    const pick = depth > 5 ? random(4) : random(7);
    if (pick === 0) return String(random(2000) - 1000) + (random(3) === 0 ? '.5e1' : '');
    if (pick === 1) return ['true', 'false', 'null'][random(3)];
    if (pick === 2 || pick === 3) return `"${keys[random(keys.length)]}${random(3) === 0 ? ' x\\"y' : ''}"`;
    if (pick === 4) return `[${space()}${Array.from({ length: random(4) }, () => value(depth + 1)).join(`,${space()}`)}${space()}]`;
    const count = random(pick === 6 ? 24 : 5);
    const members = Array.from({ length: count }, () => `"${keys[random(keys.length)]}"${space()}:${space()}${value(depth + 1)}`);
    return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
  };
  return `${space()}${value(0)}${space()}`;
}

test('generated JSON: the fast reader equals the tolerant reader at every lazy depth', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const text = generatedJson(seed);
    const slow = parseJsonTolerant(text);
    assert.equal(slow.errors.filter((error) => error.severity === 'error').length, 0, `generated text is valid JSON: ${text}`);
    for (const lazyDepth of [Number.POSITIVE_INFINITY, 3, 2, 1]) {
      const fast = parseJsonStrict(text, 512, lazyDepth);
      assert.ok(fast, `seed ${seed}`);
      assert.deepEqual(fast.errors, slow.errors, `seed ${seed}, lazy from ${lazyDepth}: ${text}`);
      assert.deepEqual(plain(fast.root), plain(slow.root!), `seed ${seed}, lazy from ${lazyDepth}: ${text}`);
      checkSoleKeys(parseJsonStrict(text, 512, lazyDepth)!.root, `seed ${seed}, lazy from ${lazyDepth}: ${text}`);
    }
  }
});
