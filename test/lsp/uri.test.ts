// URI <-> Project key mapping.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPathKey, isUnder, keyToUri, relativeKey, schemeOf, uriToKey } from '../../server/src/lsp/uri';

test('file URIs become paths with / separators, and back', () => {
  assert.equal(uriToKey('file:///work/infra/main.tf'), '/work/infra/main.tf');
  assert.equal(uriToKey('file:///work/my%20infra/main.tf'), '/work/my infra/main.tf');
  assert.equal(keyToUri('/work/my infra/main.tf'), 'file:///work/my%20infra/main.tf');
  assert.equal(keyToUri(uriToKey('file:///a/b%23c/main.tf')), 'file:///a/b%23c/main.tf');
});

test('other schemes keep their URI; untitled Terraform buffers get a .tf name of their own', () => {
  assert.equal(uriToKey('vscode-vfs://github/org/repo/main.tf'), 'vscode-vfs://github/org/repo/main.tf');
  assert.equal(uriToKey('untitled:Untitled-1', 'terraform'), 'untitled:Untitled-1/untitled.tf');
  assert.equal(uriToKey('untitled:Untitled-1', 'plaintext'), 'untitled:Untitled-1');
  assert.equal(uriToKey('untitled:Untitled-2', 'yaml'), 'untitled:Untitled-2/untitled.yaml');
  assert.equal(uriToKey('untitled:Untitled-2', 'jsonc'), 'untitled:Untitled-2/untitled.json');
  assert.equal(uriToKey('untitled:Untitled-2', 'constructor'), 'untitled:Untitled-2');
  assert.equal(keyToUri('vscode-vfs://github/org/repo/main.tf'), 'vscode-vfs://github/org/repo/main.tf');
  assert.equal(schemeOf('FILE:///x'), 'file');
  assert.equal(schemeOf('/x'), '');
});

test('path keys and containment', () => {
  assert.ok(isPathKey('/a/b'));
  assert.ok(isPathKey('c:/a/b'));
  assert.ok(!isPathKey('untitled:x'));
  assert.ok(isUnder('/a/b/c.tf', '/a/b'));
  assert.ok(isUnder('/a/b', '/a/b'));
  assert.ok(!isUnder('/a/bc/d.tf', '/a/b'));
  assert.ok(isUnder('/a/b/c.tf', '/'));
  assert.equal(relativeKey('/a/b/c/d.tf', '/a/b'), 'c/d.tf');
  assert.equal(relativeKey('/a/b/c/d.tf', '/a/b/'), 'c/d.tf');
});
