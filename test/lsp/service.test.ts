// The server's behaviour without a connection: a fake host records what would be sent to the client.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Rule } from '../../rules/api';
import { ALL_RULES } from '../../rules/index';
import { indexRules } from '../../server/src/engine/runner';
import { LintService, type ServiceHost, type ServiceOptions } from '../../server/src/lsp/service';
import { keyToUri, pathToKey } from '../../server/src/lsp/uri';

const RULE = 'aws-rds-storage-encrypted';

class FakeHost implements ServiceHost {
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  settingsFor: (scope: string) => unknown = () => undefined;
  settingsCalls = 0;
  settingsDelay: Promise<void> | undefined;
  failSettings = false;
  private waiters: (() => void)[] = [];

  publish(params: PublishDiagnosticsParams): void {
    this.publishes.push(params);
    for (const waiter of this.waiters) waiter();
  }
  async settings(scopeUris: string[]): Promise<unknown[]> {
    this.settingsCalls++;
    if (this.settingsDelay) await this.settingsDelay;
    if (this.failSettings) throw new Error('client said no');
    return scopeUris.map((scope) => this.settingsFor(scope));
  }
  log(message: string): void {
    this.logs.push(message);
  }
  error(message: string): void {
    this.errors.push(message);
  }
  showWarning(message: string): void {
    this.warnings.push(message);
  }

  latest(uri: string): PublishDiagnosticsParams | undefined {
    return this.publishes.filter((params) => params.uri === uri).at(-1);
  }

  /** Waits (bounded) for a publish of `uri` matching `predicate` after publish index `after`. */
  waitFor(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean, after = 0): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.publishes.slice(after).find((params) => params.uri === uri && predicate(params));
        if (!found) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== onPublish);
        resolve(found);
        return true;
      };
      const onPublish = () => void check();
      const timer = setTimeout(() => reject(new Error(`no matching publish for ${uri}: ${JSON.stringify(this.publishes.slice(after))}`)), 5000);
      if (!check()) this.waiters.push(onPublish);
    });
  }
}

function codes(params: PublishDiagnosticsParams | undefined): string[] {
  return (params?.diagnostics ?? []).map((diagnostic) => String(diagnostic.code)).sort();
}

function makeService(host: FakeHost, options: Partial<ServiceOptions> = {}): LintService {
  return new LintService(host, { rules: indexRules(ALL_RULES), debounceMs: 0, ...options });
}

function tempDir(files: Record<string, string> = {}): string {
  const root = pathToKey(mkdtempSync(join(tmpdir(), 'hipaa-service-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const UNENCRYPTED = 'resource "aws_db_instance" "x" {\n  storage_encrypted = false\n}\n';
const ENCRYPTED = 'resource "aws_db_instance" "x" {\n  storage_encrypted = true\n}\n';

test('open publishes at once with the version; an edit re-lints', async (t) => {
  const host = new FakeHost();
  const service = makeService(host);
  t.after(() => service.dispose());
  const uri = 'untitled:Untitled-1';
  service.openDocument(uri, 'terraform', 1, UNENCRYPTED);
  const first = await host.waitFor(uri, (params) => params.version === 1);
  assert.ok(codes(first).includes(RULE));
  const finding = first.diagnostics.find((diagnostic) => diagnostic.code === RULE);
  assert.deepEqual(finding?.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 27 } });
  service.changeDocument(uri, 2, ENCRYPTED);
  const second = await host.waitFor(uri, (params) => params.version === 2);
  assert.ok(!codes(second).includes(RULE));
});

test('a rule that throws is reported once; the other rules still run', async (t) => {
  const throwing: Rule = {
    ...ALL_RULES.find((rule) => rule.id === RULE)!,
    id: 'aws-test-always-throws',
    terraform: () => {
      throw new Error('boom');
    },
  };
  const host = new FakeHost();
  const service = makeService(host, { rules: indexRules([...ALL_RULES, throwing]) });
  t.after(() => service.dispose());
  const uri = 'untitled:Untitled-2';
  service.openDocument(uri, 'terraform', 1, UNENCRYPTED);
  const first = await host.waitFor(uri, (params) => params.version === 1);
  assert.ok(codes(first).includes(RULE));
  service.changeDocument(uri, 2, UNENCRYPTED + '\n');
  await host.waitFor(uri, (params) => params.version === 2);
  assert.equal(host.warnings.length, 1);
  assert.match(host.warnings[0], /aws-test-always-throws/);
  assert.equal(host.errors.filter((line) => line.includes('aws-test-always-throws')).length, 1);
});

test('a buffer over the size limit gets one note instead of findings', async (t) => {
  const host = new FakeHost();
  const service = makeService(host, { maxBytes: 200 });
  t.after(() => service.dispose());
  const uri = 'untitled:Untitled-3';
  service.openDocument(uri, 'terraform', 1, UNENCRYPTED + '#'.repeat(300));
  const big = await host.waitFor(uri, (params) => params.version === 1);
  assert.deepEqual(codes(big), ['file-too-large']);
  assert.equal(big.diagnostics[0].severity, 3);
  service.changeDocument(uri, 2, UNENCRYPTED);
  assert.ok(codes(await host.waitFor(uri, (params) => params.version === 2)).includes(RULE));
});

test('the module is read from disk: a sibling file on disk decides the finding, open buffers win', async (t) => {
  const root = tempDir({
    'variables.tf': 'variable "encrypt" {\n  type    = bool\n  default = false\n}\n',
    'main.tf': 'resource "aws_db_instance" "x" {\n  storage_encrypted = var.encrypt\n}\n',
  });
  const host = new FakeHost();
  const service = makeService(host);
  t.after(() => service.dispose());
  await service.setWorkspaceFolders([{ uri: keyToUri(root) }]);
  const main = keyToUri(`${root}/main.tf`);
  const variables = keyToUri(`${root}/variables.tf`);
  service.openDocument(main, 'terraform', 1, 'resource "aws_db_instance" "x" {\n  storage_encrypted = var.encrypt\n}\n');
  assert.ok(codes(await host.waitFor(main, (params) => params.version === 1)).includes(RULE));
  // The buffer of variables.tf wins over the disk.
  const mark = host.publishes.length;
  service.openDocument(variables, 'terraform', 1, 'variable "encrypt" {\n  type    = bool\n  default = true\n}\n');
  await host.waitFor(main, (params) => !codes(params).includes(RULE), mark);
  // Closing it falls back to the disk version.
  const mark2 = host.publishes.length;
  service.closeDocument(variables);
  assert.deepEqual(codes(await host.waitFor(variables, () => true, mark2)), []);
  await host.waitFor(main, (params) => codes(params).includes(RULE), mark2);
  // A change on disk reported by the watcher.
  writeFileSync(`${root}/variables.tf`, 'variable "encrypt" {\n  default = true\n}\n');
  const mark3 = host.publishes.length;
  service.filesChanged([{ uri: variables, type: 2 }]);
  await host.waitFor(main, (params) => !codes(params).includes(RULE), mark3);
  // And a deletion: the variable is gone, the value unknown, no finding.
  rmSync(`${root}/variables.tf`);
  service.filesChanged([{ uri: variables, type: 3 }]);
  assert.equal(service.project.getText(`${root}/variables.tf`), undefined);
  assert.deepEqual(service.project.filesOf(root), [`${root}/main.tf`]);
});

test('workspace-wide diagnostics cover closed files and are cleared when turned off', async (t) => {
  const root = tempDir({ 'a/main.tf': UNENCRYPTED, 'b/main.tf': ENCRYPTED, 'examples/main.tf': UNENCRYPTED });
  const host = new FakeHost();
  let wide = true;
  host.settingsFor = () => ({ diagnostics: { workspaceWide: wide }, exclude: ['examples'] });
  const service = makeService(host);
  t.after(() => service.dispose());
  await service.setWorkspaceFolders([{ uri: keyToUri(root) }]);
  const a = keyToUri(`${root}/a/main.tf`);
  assert.ok(codes(await host.waitFor(a, () => true)).includes(RULE));
  // Not this finding on an encrypted database; nothing at all on an excluded file.
  assert.ok(!host.publishes.some((params) => params.uri === keyToUri(`${root}/b/main.tf`) && codes(params).includes(RULE)));
  assert.ok(!host.publishes.some((params) => params.uri === keyToUri(`${root}/examples/main.tf`) && params.diagnostics.length > 0));
  wide = false;
  const mark = host.publishes.length;
  service.configurationChanged();
  assert.deepEqual(codes(await host.waitFor(a, () => true, mark)), []);
});

test('settings that cannot be read fall back to defaults; edits during the wait never publish a stale version', async (t) => {
  const host = new FakeHost();
  let release!: () => void;
  host.settingsDelay = new Promise((resolve) => (release = resolve));
  host.failSettings = true;
  const service = makeService(host);
  t.after(() => service.dispose());
  const uri = 'untitled:Untitled-4';
  service.openDocument(uri, 'terraform', 1, ENCRYPTED);
  await new Promise((resolve) => setImmediate(resolve));
  for (let version = 2; version <= 5; version++) service.changeDocument(uri, version, version % 2 === 0 ? UNENCRYPTED : ENCRYPTED);
  service.changeDocument(uri, 6, UNENCRYPTED);
  release();
  const published = await host.waitFor(uri, (params) => params.version === 6);
  assert.ok(codes(published).includes(RULE));
  assert.ok(host.publishes.every((params) => params.version === 6), JSON.stringify(host.publishes.map((params) => params.version)));
  assert.ok(host.errors.some((line) => line.includes('client said no')));
});

test('disabled linting and excluded files publish nothing; closing clears', async (t) => {
  const host = new FakeHost();
  host.settingsFor = (scope) => (scope.includes('5') ? { enable: false } : { rules: { severity: { [RULE]: 'warning' } } });
  const service = makeService(host);
  t.after(() => service.dispose());
  service.openDocument('untitled:Untitled-5', 'terraform', 1, UNENCRYPTED);
  service.openDocument('untitled:Untitled-6', 'terraform', 1, UNENCRYPTED);
  assert.deepEqual(codes(await host.waitFor('untitled:Untitled-5', () => true)), []);
  const graded = await host.waitFor('untitled:Untitled-6', () => true);
  assert.equal(graded.diagnostics.find((diagnostic) => diagnostic.code === RULE)?.severity, 2);
  service.closeDocument('untitled:Untitled-6');
  assert.deepEqual(host.latest('untitled:Untitled-6')?.diagnostics, []);
  assert.equal(service.isOpen('untitled:Untitled-6'), false);
});

test('an untitled YAML template is linted; a large JSON buffer that cannot be a template gets no note', async (t) => {
  const host = new FakeHost();
  const service = makeService(host, { maxBytes: 200 });
  t.after(() => service.dispose());
  const template = 'untitled:Untitled-7';
  service.openDocument(template, 'yaml', 1, 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n');
  assert.ok(codes(await host.waitFor(template, (params) => params.version === 1)).includes(RULE));
  const data = 'file:///tmp/hipaa-data/big.json';
  service.openDocument(data, 'json', 1, JSON.stringify({ rows: 'x'.repeat(400) }));
  const bigTemplate = 'file:///tmp/hipaa-data/big.template';
  service.openDocument(bigTemplate, 'plaintext', 1, 'Resources:\n' + '#'.repeat(400));
  assert.deepEqual(codes(await host.waitFor(bigTemplate, (params) => params.version === 1)), ['file-too-large']);
  for (const params of host.publishes.filter((p) => p.uri === data)) assert.deepEqual(params.diagnostics, []);
});
