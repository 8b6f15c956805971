// The exclude-pattern matcher.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp, matchesAnyGlob, matchesGlob } from '../../server/src/lsp/glob';

test('* and ? stay within one path segment', () => {
  assert.ok(matchesGlob('main.tf', '*.tf'));
  assert.ok(!matchesGlob('modules/db/main.tf', '*.tf'));
  assert.ok(matchesGlob('a1.tf', 'a?.tf'));
  assert.ok(!matchesGlob('a/.tf', 'a?.tf'));
});

test('** spans any number of directories, including none', () => {
  assert.ok(matchesGlob('main.tf', '**/*.tf'));
  assert.ok(matchesGlob('modules/db/main.tf', '**/*.tf'));
  assert.ok(matchesGlob('modules/db/main.tf', 'modules/**/main.tf'));
  assert.ok(matchesGlob('modules/main.tf', 'modules/**/main.tf'));
  assert.ok(!matchesGlob('other/main.tf', 'modules/**/main.tf'));
  assert.ok(matchesGlob('x/y/z', '**'));
});

test('a pattern matching a directory excludes everything below it', () => {
  for (const pattern of ['examples', 'examples/', 'examples/**', './examples', '/examples']) {
    assert.ok(matchesGlob('examples/basic/main.tf', pattern), pattern);
    assert.ok(!matchesGlob('src/examples.tf', pattern), pattern);
  }
  assert.ok(matchesGlob('a/legacy/b/main.tf', '**/legacy'));
  assert.ok(!matchesGlob('a/legacy-new/main.tf', '**/legacy'));
});

test('character classes and alternatives', () => {
  assert.ok(matchesGlob('env/prod/main.tf', 'env/{prod,stage}/**'));
  assert.ok(matchesGlob('env/stage/main.tf', 'env/{prod,stage}/**'));
  assert.ok(!matchesGlob('env/dev/main.tf', 'env/{prod,stage}/**'));
  assert.ok(matchesGlob('v1.tf', 'v[0-9].tf'));
  assert.ok(!matchesGlob('vx.tf', 'v[0-9].tf'));
  assert.ok(matchesGlob('vx.tf', 'v[!0-9].tf'));
  assert.ok(matchesGlob('main.auto.tfvars', '*.{tf,auto.tfvars}'));
});

test('special characters are literal and an unclosed bracket does not throw', () => {
  assert.ok(matchesGlob('a+b (1).tf', 'a+b (1).tf'));
  assert.ok(!matchesGlob('aab (1).tf', 'a+b (1).tf'));
  assert.ok(matchesGlob('x[1.tf', 'x[1.tf'));
  assert.doesNotThrow(() => globToRegExp('{a,b'));
});

test('backslashes in paths and patterns are treated as separators; empty patterns match nothing', () => {
  assert.ok(matchesGlob('modules\\db\\main.tf', 'modules/db/*.tf'));
  assert.ok(matchesGlob('modules/db/main.tf', 'modules\\db\\*.tf'));
  assert.ok(!matchesAnyGlob('main.tf', ['', '  ']));
  assert.ok(matchesAnyGlob('main.tf', ['other', '*.tf']));
});
