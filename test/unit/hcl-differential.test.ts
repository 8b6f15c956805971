// Differential test of our HCL parser against HashiCorp's: for every valid file of the corpus, our tree
// converted with hclToJson must equal what @cdktf/hcl2json (HCL compiled to WebAssembly) returns.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { hclToJson } from '../../server/src/parse/hcl/tojson.js';

const corpusDir = join(__dirname, '..', 'fixtures', 'hcl-corpus');
const corpusFiles = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.tf'))
  .sort();

test('the HCL corpus has at least 40 files', () => {
  assert.ok(corpusFiles.length >= 40, `only ${corpusFiles.length} .tf files in ${corpusDir}`);
});

for (const name of corpusFiles) {
  test(`hcl corpus: ${name}`, async () => {
    const text = readFileSync(join(corpusDir, name), 'utf8');
    const expected: unknown = await parse(name, text);
    const result = parseHcl(text);
    const errors = result.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);
    assert.deepEqual(errors, [], `parseHcl reported errors on the valid file ${name}`);
    const actual = hclToJson(result, text);
    assert.deepStrictEqual(actual, expected);
    // Why also compare the serialised text: deepStrictEqual ignores key order, and hcl2json's order is
    // part of what we reproduce.
    assert.equal(JSON.stringify(actual), JSON.stringify(expected));
  });
}
