// The record of what the client was told: identical re-publishes are skipped, closed files are cleared.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { PublishedDiagnostics } from '../../server/src/lsp/published-diagnostics';
import { keyToUri } from '../../server/src/lsp/uri';

const DIAGNOSTIC: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'unencrypted' };

function recorder(): { sent: PublishDiagnosticsParams[]; published: PublishedDiagnostics } {
  const sent: PublishDiagnosticsParams[] = [];
  return { sent, published: new PublishedDiagnostics((params) => sent.push(params)) };
}

test('an open document is published again only for a new version or new diagnostics', () => {
  const { sent, published } = recorder();
  published.publishOpen('file:///a.tf', 1, [DIAGNOSTIC]);
  published.publishOpen('file:///a.tf', 1, [{ ...DIAGNOSTIC }]);
  assert.equal(sent.length, 1);
  published.publishOpen('file:///a.tf', 2, [DIAGNOSTIC]);
  published.publishOpen('file:///a.tf', 2, []);
  const summary = sent.map((params) => `${params.version}:${params.diagnostics.length}`);
  assert.deepEqual(summary, ['1:1', '2:1', '2:0']);
  published.forgetOpen('file:///a.tf');
  published.publishOpen('file:///a.tf', 2, []);
  assert.equal(sent.length, 4);
});

test('a closed file is published when its diagnostics change and cleared when it leaves', () => {
  const { sent, published } = recorder();
  const key = '/work/main.tf';
  published.publishClosed(key, []);
  assert.equal(sent.length, 0, 'nothing to clear');
  published.publishClosed(key, [DIAGNOSTIC]);
  published.publishClosed(key, [DIAGNOSTIC]);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0], { uri: keyToUri(key), diagnostics: [DIAGNOSTIC] });
  assert.equal(published.hasClosed(key), true);
  assert.deepEqual([...published.closedKeys()], [key]);
  published.clearClosed(key);
  published.clearClosed(key);
  assert.deepEqual(sent[1], { uri: keyToUri(key), diagnostics: [] });
  assert.equal(sent.length, 2);
  assert.equal(published.hasClosed(key), false);
});

test('an empty result clears a closed file; a file opened meanwhile is forgotten without a publish', () => {
  const { sent, published } = recorder();
  published.publishClosed('/work/a.tf', [DIAGNOSTIC]);
  published.publishClosed('/work/a.tf', []);
  assert.equal(published.hasClosed('/work/a.tf'), false);
  assert.equal(sent.length, 2);
  published.publishClosed('/work/b.tf', [DIAGNOSTIC]);
  published.forgetClosed('/work/b.tf');
  published.clearClosed('/work/b.tf');
  assert.equal(sent.length, 3);
});
