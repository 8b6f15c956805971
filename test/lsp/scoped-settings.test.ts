// The settings lookup per scope: one request for the scopes not known yet, answers cached until cleared,
// defaults when the client fails, and the scope and `exclude` matching of files by workspace folder.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScopedSettings, type FolderLookup, type SettingsSource } from '../../server/src/lsp/scoped-settings';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { keyToUri } from '../../server/src/lsp/uri';

class FakeSource implements SettingsSource {
  readonly requests: string[][] = [];
  readonly errors: string[] = [];
  fail = false;
  answer: (scope: string) => unknown = () => undefined;

  async settings(scopeUris: string[]): Promise<unknown[]> {
    this.requests.push(scopeUris);
    if (this.fail) throw new Error('client said no');
    return scopeUris.map((scope) => this.answer(scope));
  }
  error(message: string): void {
    this.errors.push(message);
  }
}

const FOLDER = { uri: 'file:///work/app', key: '/work/app' };
const FOLDERS: FolderLookup = { folderOf: (key) => (key.startsWith('/work/app/') ? FOLDER : undefined) };

test('scopes not known yet are fetched in one request, then answered from the cache until cleared', async () => {
  const source = new FakeSource();
  source.answer = (scope) => ({ enable: scope !== 'file:///b.tf' });
  const settings = new ScopedSettings(source, FOLDERS);
  const first = await settings.get(['file:///a.tf', 'file:///b.tf', 'file:///a.tf']);
  assert.deepEqual(first.map((item) => item.enable), [true, false, true]);
  assert.deepEqual(source.requests, [['file:///a.tf', 'file:///b.tf']]);
  await settings.get(['file:///b.tf', 'file:///c.tf']);
  assert.deepEqual(source.requests[1], ['file:///c.tf']);
  settings.clear();
  await settings.get(['file:///a.tf']);
  assert.deepEqual(source.requests[2], ['file:///a.tf']);
});

test('a failed request gives the defaults and is logged', async () => {
  const source = new FakeSource();
  source.fail = true;
  const settings = new ScopedSettings(source, FOLDERS);
  assert.deepEqual(await settings.get(['file:///a.tf', 'file:///b.tf']), [DEFAULT_SETTINGS, DEFAULT_SETTINGS]);
  assert.equal(source.errors.length, 1);
  assert.match(source.errors[0], /reading settings failed: .*client said no/);
});

test('a closed file takes the settings of its workspace folder, else its own', () => {
  const settings = new ScopedSettings(new FakeSource(), FOLDERS);
  assert.equal(settings.scopeOf('/work/app/modules/db/main.tf'), FOLDER.uri);
  assert.equal(settings.scopeOf('/elsewhere/main.tf'), keyToUri('/elsewhere/main.tf'));
});

test('exclude globs match paths relative to the workspace folder', () => {
  const settings = new ScopedSettings(new FakeSource(), FOLDERS);
  const excluding = { ...DEFAULT_SETTINGS, exclude: ['examples/**'] };
  assert.equal(settings.isExcluded('/work/app/examples/main.tf', excluding), true);
  assert.equal(settings.isExcluded('/work/app/modules/main.tf', excluding), false);
  assert.equal(settings.isExcluded('/work/app/examples/main.tf', DEFAULT_SETTINGS), false);
  // Outside every folder: relative to the file system root.
  assert.equal(settings.isExcluded('/examples/main.tf', excluding), true);
});
