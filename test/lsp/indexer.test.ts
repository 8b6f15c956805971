// Reading the IaC files of a workspace from disk.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_FILE_BYTES } from '../../server/src/engine/scan';
import {
  isIacKey,
  isIgnoredTemplateCandidate,
  isIndexedKey,
  isModuleKey,
  MAX_LINT_BYTES,
  readIacFile,
  walkIacFiles,
  type WalkChunk,
} from '../../server/src/lsp/indexer';
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
    'workflow.yml': 'on: push\njobs: {}\n',
    'package.json': '{"name": "x", "Resources": 1}\n',
    'tsconfig.build.json': '{"Resources": 1}\n',
    'stack.tf.json': '{"resource": {}}\n',
    'terraform.tfvars.json': '{"x": 1}\n',
    'cdk.out/App.template.json': '{"Resources": {}}\n',
    'cdk.out/manifest.json': '{"Resources": {}}\n',
    'cdk.out/tree.json': '{"Resources": {}}\n',
    'cdk.out/asset.0123/main.tf': 'skipped\n',
    'cdk.out/asset.0123/t.yaml': 'Resources: {}\n',
    'cdktf.out/stacks/app/cdk.tf.json': '{"resource": {}}\n',
    'cdktf.out/manifest.json': '{"Resources": {}}\n',
    '.venv/lib/site.yaml': 'Resources: {}\n',
    'big/huge.yaml': 'Resources:' + '#'.repeat(2048),
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

test('module files, Terraform JSON and template candidates are indexed; known non-templates are not', () => {
  for (const key of ['/w/main.tf', '/w/terraform.tfvars', '/w/x.auto.tfvars', '/w/main.tf.json', '/w/terraform.tfvars.json', '/w/x.auto.tfvars.json']) {
    assert.ok(isIndexedKey(key), key);
    assert.ok(isModuleKey(key), key);
  }
  for (const key of ['/w/template.yaml', '/w/t.yml', '/w/t.json', '/w/t.template', '/w/cdk.out/App.template.json', '/w/cdk.out/assembly-Prod/Db.template.json']) {
    assert.ok(isIndexedKey(key), key);
    assert.ok(isIacKey(key), key);
    assert.ok(!isModuleKey(key), key);
  }
  assert.ok(!isIndexedKey('/w/prod.tfvars'));
  assert.ok(!isIndexedKey('/w/README.md'));
  for (const key of [
    '/w/package.json',
    '/w/package-lock.json',
    '/w/tsconfig.json',
    '/w/tsconfig.build.json',
    '/w/jsconfig.json',
    '/w/cdk.json',
    '/w/cdk.out/manifest.json',
    '/w/cdk.out/tree.json',
    '/w/cdk.out/App.assets.json',
    '/w/cdk.out/asset.abc/template.yaml',
    '/w/cdktf.out/manifest.json',
    '/w/node_modules/pkg/template.yaml',
    '/w/.git/x.json',
    '/w/.terraform/modules/m/x.json',
  ]) {
    assert.ok(isIgnoredTemplateCandidate(key), key);
    assert.ok(!isIndexedKey(key), key);
    assert.ok(!isIacKey(key), key);
  }
  // A Terraform JSON file in cdktf.out is a module member as usual.
  assert.ok(isIndexedKey('/w/cdktf.out/stacks/app/cdk.tf.json'));
});

test('the server uses the engine\'s size limit', () => {
  assert.equal(MAX_LINT_BYTES, MAX_FILE_BYTES);
});

test('a walk finds the module files, skips vendored/tool directories, big and binary files', async () => {
  const root = workspace();
  const chunks: WalkChunk[] = [];
  const count = await walkIacFiles(root, (chunk) => chunks.push(chunk), { maxBytes: 1024, chunkSize: 2 });
  const files = chunks.flatMap((chunk) => chunk.files.map((file) => file.key.slice(root.length + 1))).sort();
  // Not read: YAML/JSON that is no template (workflow.yml), known non-templates by name, cdk.out assets and
  // metadata, tool directories; a template candidate too large to tell is ignored silently.
  assert.deepEqual(files, [
    'cdk.out/App.template.json',
    'cdktf.out/stacks/app/cdk.tf.json',
    'main.tf',
    'modules/db/main.tf',
    'prod.auto.tfvars',
    'stack.tf.json',
    'template.yaml',
    'terraform.tfvars',
    'terraform.tfvars.json',
    'variables.tf',
  ]);
  assert.equal(count, 10);
  const skipped = chunks.flatMap((chunk) => chunk.skipped.map((skip) => [skip.key.slice(root.length + 1), skip.reason])).sort();
  assert.deepEqual(skipped, [
    ['big/huge.tf', 'too-large'],
    ['bin/blob.tf', 'binary'],
  ]);
  // Chunks end at directory boundaries: the files of one directory arrive together.
  const rootChunk = chunks.find((chunk) => chunk.files.some((file) => file.key === `${root}/main.tf`));
  assert.equal(rootChunk?.files.filter((file) => !file.key.slice(root.length + 1).includes('/')).length, 7);
  assert.ok(chunks.flatMap((chunk) => chunk.directories).includes(`${root}/modules/db`));
});

test('a non-recursive walk reads one directory; a cancelled walk stops', async () => {
  const root = workspace();
  const keys: string[] = [];
  await walkIacFiles(root, (chunk) => keys.push(...chunk.files.map((file) => file.key)), { recursive: false });
  assert.equal(keys.length, 7);
  let calls = 0;
  const count = await walkIacFiles(root, () => calls++, { cancelled: () => true });
  assert.equal(count, 0);
  assert.equal(calls, 0);
});

test('a walk stops at the file limit without handing over a half-read directory', async () => {
  const root = workspace();
  const keys: string[] = [];
  let limited = 0;
  const count = await walkIacFiles(root, (chunk) => keys.push(...chunk.files.map((file) => file.key)), { maxFiles: 3, onLimit: () => limited++ });
  assert.equal(limited, 1);
  // The root directory has more than three candidates: none of them is handed over.
  assert.equal(count, 0);
  assert.deepEqual(keys, []);
});

test('readIacFile ignores YAML/JSON that cannot be a template', async () => {
  const root = workspace();
  assert.equal((await readIacFile(`${root}/workflow.yml`)).kind, 'ignored');
  assert.equal((await readIacFile(`${root}/template.yaml`)).kind, 'file');
  assert.equal((await readIacFile(`${root}/big/huge.yaml`, 1024)).kind, 'ignored');
  assert.equal((await readIacFile(`${root}/big/huge.tf`, 1024)).kind, 'skipped');
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
