// Reading the IaC files of a workspace from disk.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isIndexedKey, readIacFile, walkIacFiles, type WalkChunk } from '../../server/src/lsp/indexer';
import { pathToKey } from '../../server/src/lsp/uri';

function workspace(): string {
  const root = pathToKey(mkdtempSync(join(tmpdir(), 'hipaa-index-')));
  const files: Record<string, string> = {
    'main.tf': 'resource "a" "b" {}\n',
    'variables.tf': 'variable "x" {}\n',
    'terraform.tfvars': 'x = 1\n',
    'prod.auto.tfvars': 'x = 2\n',
    'prod.tfvars': 'x = 3\n',
    'README.md': '# no\n',
    'template.yaml': 'Resources: {}\n',
    'modules/db/main.tf': 'resource "c" "d" {}\n',
    'modules/db/.terraform/modules/x/main.tf': 'skipped\n',
    'node_modules/pkg/main.tf': 'skipped\n',
    '.git/x.tf': 'skipped\n',
    'big/huge.tf': '#'.repeat(2048),
    'bin/blob.tf': 'a\0b',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('only Terraform module files are indexed', () => {
  assert.ok(isIndexedKey('/w/main.tf'));
  assert.ok(isIndexedKey('/w/terraform.tfvars'));
  assert.ok(isIndexedKey('/w/x.auto.tfvars'));
  assert.ok(!isIndexedKey('/w/prod.tfvars'));
  assert.ok(!isIndexedKey('/w/template.yaml'));
});

test('a walk finds the module files, skips vendored/tool directories, big and binary files', async () => {
  const root = workspace();
  const chunks: WalkChunk[] = [];
  const count = await walkIacFiles(root, (chunk) => chunks.push(chunk), { maxBytes: 1024, chunkSize: 2 });
  const files = chunks.flatMap((chunk) => chunk.files.map((file) => file.key.slice(root.length + 1))).sort();
  assert.deepEqual(files, ['main.tf', 'modules/db/main.tf', 'prod.auto.tfvars', 'terraform.tfvars', 'variables.tf']);
  assert.equal(count, 5);
  const skipped = chunks.flatMap((chunk) => chunk.skipped.map((skip) => [skip.key.slice(root.length + 1), skip.reason])).sort();
  assert.deepEqual(skipped, [
    ['big/huge.tf', 'too-large'],
    ['bin/blob.tf', 'binary'],
  ]);
  // Chunks end at directory boundaries: the files of one directory arrive together.
  const rootChunk = chunks.find((chunk) => chunk.files.some((file) => file.key === `${root}/main.tf`));
  assert.equal(rootChunk?.files.filter((file) => !file.key.slice(root.length + 1).includes('/')).length, 4);
  assert.ok(chunks.flatMap((chunk) => chunk.directories).includes(`${root}/modules/db`));
});

test('a non-recursive walk reads one directory; a cancelled walk stops', async () => {
  const root = workspace();
  const keys: string[] = [];
  await walkIacFiles(root, (chunk) => keys.push(...chunk.files.map((file) => file.key)), { recursive: false });
  assert.equal(keys.length, 4);
  let calls = 0;
  const count = await walkIacFiles(root, () => calls++, { cancelled: () => true });
  assert.equal(count, 0);
  assert.equal(calls, 0);
});

test('symbolic links to directories are not followed; a missing root yields nothing', async () => {
  const root = workspace();
  symlinkSync(root, join(root, 'loop'));
  const keys: string[] = [];
  await walkIacFiles(root, (chunk) => keys.push(...chunk.files.map((file) => file.key)));
  assert.ok(!keys.some((key) => key.includes('/loop/')));
  assert.equal(await walkIacFiles(join(root, 'nope'), () => assert.fail('no chunk expected')), 0);
});

test('readIacFile strips a BOM and reports missing files', async () => {
  const root = workspace();
  writeFileSync(join(root, 'bom.tf'), '\ufeffvariable "x" {}\n');
  const outcome = await readIacFile(`${root}/bom.tf`);
  assert.equal(outcome.kind, 'file');
  if (outcome.kind === 'file') assert.equal(outcome.file.text, 'variable "x" {}\n');
  assert.equal((await readIacFile(`${root}/missing.tf`)).kind, 'missing');
});
