// Generated files (controls catalogue, rule index, rule docs, README rules table) match their sources.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { expectedGeneratedFiles } from '../../scripts/generated-files';

test('every generated file is up to date (run `npm run generate`)', () => {
  const expected = expectedGeneratedFiles(process.cwd());
  for (const [path, text] of expected) {
    assert.ok(existsSync(path), `${path} is missing`);
    assert.equal(readFileSync(path, 'utf8'), text, `${path} is stale`);
  }
});

test('no doc page exists for a rule that is gone', () => {
  const expected = expectedGeneratedFiles(process.cwd());
  for (const name of readdirSync('docs/rules')) assert.ok(expected.has(`docs/rules/${name}`), `docs/rules/${name} has no rule`);
});
