// The language server driven as a client would: `node dist/server.js --stdio`, real LSP messages.
// Every wait is bounded; nothing asserts on elapsed time. Needs `npm run build` first (npm test does).

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ConfigurationItem,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { fileUri, LspHarness, SERVER_PATH, withTimeout } from './harness';

const RULE = 'aws-rds-storage-encrypted';
const ONE_LINE = 'resource "aws_db_instance" "x" { storage_encrypted = false }\n';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hipaa-lsp-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function ruleDiagnostics(params: PublishDiagnosticsParams | undefined, rule = RULE): Diagnostic[] {
  return (params?.diagnostics ?? []).filter((diagnostic) => diagnostic.code === rule);
}

const hasRule = (params: PublishDiagnosticsParams) => ruleDiagnostics(params).length > 0;
const lacksRule = (params: PublishDiagnosticsParams) => ruleDiagnostics(params).length === 0;

/** The position of the end of `text` (0-based line and UTF-16 character). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** An incremental edit replacing the first `search` in `text` by `replacement`. */
function edit(text: string, search: string, replacement: string) {
  const offset = text.indexOf(search);
  assert.ok(offset >= 0, `"${search}" not in text`);
  return {
    change: { range: { start: positionAt(text, offset), end: positionAt(text, offset + search.length) }, text: replacement },
    text: text.slice(0, offset) + replacement + text.slice(offset + search.length),
  };
}

before(() => {
  assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build`);
});

describe('language server over stdio', () => {
  let root: string;
  let server: LspHarness;
  let settings: Record<string, unknown> = {};

  before(async () => {
    root = workspace({
      'app/main.tf': ONE_LINE,
      'mod/main.tf': 'resource "aws_db_instance" "db" {\n  storage_encrypted = var.encrypt\n}\n',
      'mod/variables.tf': 'variable "encrypt" {\n  type    = bool\n  default = true\n}\n',
      'watched/main.tf': 'resource "aws_db_instance" "db" {\n  storage_encrypted = var.encrypt\n}\n',
      'watched/variables.tf': 'variable "encrypt" {\n  default = true\n}\n',
      'closed/main.tf': ONE_LINE,
      'settings/main.tf': ONE_LINE,
      'broken/main.tf': '',
    });
    server = await LspHarness.start({ folders: [root], settings: (_item: ConfigurationItem) => settings });
  });

  after(async () => {
    if (server.child.exitCode === null) server.kill();
  });

  test('initialize: incremental sync, server info, dynamic registrations for watched files and settings', async () => {
    const sync = server.initializeResult.capabilities.textDocumentSync;
    assert.equal(typeof sync === 'object' ? sync.change : sync, 2);
    assert.equal(server.initializeResult.serverInfo?.name, 'hipaa-iac');
    const watchers = await server.until(() => {
      const registration = server.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      return registration ? (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers : undefined;
    }, 'watched files registration');
    assert.deepEqual(
      watchers.map((watcher) => watcher.globPattern),
      ['**/*.tf', '**/*.tfvars', '**/*.json', '**/*.yaml', '**/*.yml', '**/*.template'],
    );
    await server.until(() => server.registrations.find((r) => r.method === 'workspace/didChangeConfiguration'), 'configuration registration');
  });

  test('a finding on the attribute at fault; an incremental edit that fixes it clears it', async () => {
    const uri = fileUri(join(root, 'app/main.tf'));
    await server.open(uri, ONE_LINE, 1);
    const first = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    const [finding] = ruleDiagnostics(first);
    assert.ok(finding, JSON.stringify(first));
    const start = ONE_LINE.indexOf('storage_encrypted');
    const end = ONE_LINE.indexOf('false') + 'false'.length;
    assert.deepEqual(finding.range, { start: { line: 0, character: start }, end: { line: 0, character: end } });
    assert.equal(finding.severity, 1);
    assert.equal(finding.source, 'hipaa-iac');
    assert.match(finding.message, /unencrypted.*\(HIPAA 164\.312\(a\)\(2\)\(iv\).*ISO 27017 10\.1\.1/);
    assert.match(finding.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/aws-rds-storage-encrypted\.md$/);

    const fix = edit(ONE_LINE, 'false', 'true');
    await server.change(uri, 2, [fix.change]);
    const second = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(ruleDiagnostics(second), []);
    // Other rules still speak about the same resource, on its header.
    assert.ok(second.diagnostics.every((diagnostic) => diagnostic.source === 'hipaa-iac'));
  });

  test('editing variables.tf re-lints main.tf of the same module', async () => {
    const main = fileUri(join(root, 'mod/main.tf'));
    const variables = fileUri(join(root, 'mod/variables.tf'));
    const mainText = 'resource "aws_db_instance" "db" {\n  storage_encrypted = var.encrypt\n}\n';
    await server.open(main, mainText, 1);
    // variables.tf is read from disk (default = true): no finding.
    const first = await server.waitForDiagnostics(main, (params) => params.version === 1);
    assert.deepEqual(ruleDiagnostics(first), []);

    const varsText = 'variable "encrypt" {\n  type    = bool\n  default = true\n}\n';
    await server.open(variables, varsText, 1);
    const mark = server.publishes.length;
    const flip = edit(varsText, 'true', 'false');
    await server.change(variables, 2, [flip.change]);
    const flipped = await server.waitForDiagnostics(main, hasRule, { after: mark, what: 'main.tf finding after variables.tf edit' });
    assert.equal(flipped.version, 1, 'main.tf itself did not change');
    assert.equal(ruleDiagnostics(flipped)[0].range.start.line, 1);

    const mark2 = server.publishes.length;
    await server.change(variables, 3, [edit(flip.text, 'false', 'true').change]);
    await server.waitForDiagnostics(main, lacksRule, { after: mark2, what: 'finding gone after the flip back' });
  });

  test('a file changed on disk (didChangeWatchedFiles) re-lints the open files of its module', async () => {
    const main = fileUri(join(root, 'watched/main.tf'));
    await server.open(main, 'resource "aws_db_instance" "db" {\n  storage_encrypted = var.encrypt\n}\n', 1);
    assert.deepEqual(ruleDiagnostics(await server.waitForDiagnostics(main, (params) => params.version === 1)), []);
    writeFileSync(join(root, 'watched/variables.tf'), 'variable "encrypt" {\n  default = false\n}\n');
    const mark = server.publishes.length;
    await server.filesChanged([{ uri: fileUri(join(root, 'watched/variables.tf')), type: 2 }]);
    await server.waitForDiagnostics(main, hasRule, { after: mark, what: 'finding after the disk change' });
  });

  test('a syntax error in one block keeps the findings of the other blocks', async () => {
    const uri = fileUri(join(root, 'broken/main.tf'));
    const text = [
      'resource "aws_db_instance" "a" {',
      '  storage_encrypted = false',
      '}',
      '',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = ',
      '}',
      '',
      'resource "aws_db_instance" "c" {',
      '  storage_encrypted = false',
      '}',
      '',
    ].join('\n');
    await server.open(uri, text, 1);
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    const syntax = published.diagnostics.filter((diagnostic) => diagnostic.code === 'syntax');
    assert.equal(syntax.length, 1, JSON.stringify(published.diagnostics));
    assert.equal(syntax[0].source, 'hipaa-iac');
    assert.equal(syntax[0].severity, 1);
    assert.ok(syntax[0].range.start.line >= 5 && syntax[0].range.start.line <= 6, JSON.stringify(syntax[0].range));
    assert.deepEqual(
      ruleDiagnostics(published).map((diagnostic) => diagnostic.range.start.line),
      [1, 9],
    );
  });

  test('settings: disabling a rule, overriding its severity, excluding a file, disabling linting', async () => {
    const uri = fileUri(join(root, 'settings/main.tf'));
    await server.open(uri, ONE_LINE, 1);
    await server.waitForDiagnostics(uri, (params) => params.version === 1 && hasRule(params));

    const step = async (next: Record<string, unknown>, predicate: (params: PublishDiagnosticsParams) => boolean, what: string) => {
      settings = next;
      const mark = server.publishes.length;
      await server.configurationChanged();
      return server.waitForDiagnostics(uri, predicate, { after: mark, what });
    };
    const requestsBefore = server.configurationRequests.length;
    await step({ rules: { disabled: [RULE] } }, lacksRule, 'rule disabled');
    // The server asked again, per resource.
    assert.ok(server.configurationRequests.length > requestsBefore);
    assert.ok(server.configurationRequests.flat().some((item) => item.section === 'hipaaIac' && item.scopeUri === uri));

    const warning = await step({ rules: { severity: { [RULE]: 'warning' } } }, hasRule, 'severity override');
    assert.equal(ruleDiagnostics(warning)[0].severity, 2);
    const note = await step({ rules: { severity: { [RULE]: 'note' } } }, (params) => ruleDiagnostics(params)[0]?.severity === 3, 'note');
    assert.equal(note.version, 1);
    await step({ rules: { severity: { [RULE]: 'off' } } }, lacksRule, 'severity off');
    await step({}, hasRule, 'back to defaults');
    await step({ exclude: ['settings/**'] }, (params) => params.diagnostics.length === 0, 'excluded');
    await step({}, hasRule, 'not excluded');
    await step({ enable: false }, (params) => params.diagnostics.length === 0, 'disabled');
    await step({}, hasRule, 'enabled');
  });

  test('workspace-wide diagnostics publish for closed files, and go away when turned off', async () => {
    const closed = fileUri(join(root, 'closed/main.tf'));
    assert.equal(server.latest(closed), undefined, 'nothing is published for a closed file by default');
    settings = { diagnostics: { workspaceWide: true } };
    const mark = server.publishes.length;
    await server.configurationChanged();
    const published = await server.waitForDiagnostics(closed, hasRule, { after: mark, what: 'closed file diagnostics' });
    assert.equal(published.version, undefined);
    settings = {};
    const mark2 = server.publishes.length;
    await server.configurationChanged();
    await server.waitForDiagnostics(closed, (params) => params.diagnostics.length === 0, { after: mark2, what: 'cleared' });
  });

  test('closing a file clears its diagnostics', async () => {
    const uri = fileUri(join(root, 'app/main.tf'));
    const mark = server.publishes.length;
    await server.close(uri);
    const cleared = await server.waitForDiagnostics(uri, () => true, { after: mark });
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('a file over the 5 MB limit (the CLI\'s too) gets one information diagnostic, and the server keeps answering', async () => {
    const uri = fileUri(join(root, 'big/main.tf'));
    const line = 'resource "aws_db_instance" "x" { storage_encrypted = false }\n';
    const text = line.repeat(Math.ceil((5.2 * 1024 * 1024) / line.length));
    await server.open(uri, text, 1);
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].severity, 3);
    assert.equal(published.diagnostics[0].code, 'file-too-large');
    assert.deepEqual(published.diagnostics[0].range.start, { line: 0, character: 0 });
    // Still responsive: another file lints.
    const other = fileUri(join(root, 'small/main.tf'));
    await server.open(other, ONE_LINE, 1);
    await server.waitForDiagnostics(other, hasRule);
  });

  test('shutdown and exit end the process with code 0; nothing was written to stderr', async () => {
    assert.equal(await server.shutdown(), 0);
    assert.equal(server.stderr, '');
  });
});

describe('stale versions', () => {
  const texts = [ONE_LINE, ONE_LINE.replace('false', 'true')];

  async function rapidEdits(debounceMs: number) {
    const root = workspace({});
    const server = await LspHarness.start({ folders: [root], initializationOptions: { debounceMs } });
    try {
      const uri = fileUri(join(root, 'main.tf'));
      await server.open(uri, texts[0], 1);
      await server.waitForDiagnostics(uri, (params) => params.version === 1);
      const edits = 40;
      let text = texts[0];
      for (let version = 2; version <= edits + 1; version++) {
        // Toggle false <-> true with small incremental edits, without waiting for diagnostics.
        const next = text.includes('false') ? edit(text, 'false', 'true') : edit(text, 'true', 'false');
        text = next.text;
        void server.change(uri, version, [next.change]);
      }
      const last = edits + 1;
      const final = await server.waitForDiagnostics(uri, (params) => params.version === last, { what: `version ${last}` });
      assert.equal(hasRule(final), text.includes('false'));
      // Let any publish still in flight arrive: a round trip through the server orders after it.
      await server.connection.sendRequest('hipaaIac/relintWorkspace');
      const versions = server.publishesFor(uri).map((params) => params.version ?? -1);
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version went back: ${versions.join(',')}`);
      const firstFinal = versions.indexOf(last);
      assert.ok(versions.slice(firstFinal).every((version) => version === last), versions.join(','));
      assert.equal(await server.shutdown(), 0);
      return versions;
    } finally {
      server.kill();
    }
  }

  test('with no debounce: versions only go forward and nothing older follows the final version', async () => {
    await rapidEdits(0);
  });

  test('with the debounce: a burst of edits is linted far fewer times than it has edits', async () => {
    const versions = await rapidEdits(150);
    assert.ok(versions.length < 10, versions.join(','));
  });
});

describe('clients without workspace/configuration or watchers', () => {
  test('settings pushed with didChangeConfiguration are applied; a buffer outside any folder reads its directory', async () => {
    const dir = workspace({ 'variables.tf': 'variable "encrypt" {\n  default = false\n}\n' });
    const server = await LspHarness.start({
      workspaceCapabilities: { configuration: false, didChangeWatchedFiles: { dynamicRegistration: false }, didChangeConfiguration: { dynamicRegistration: false } },
    });
    try {
      assert.deepEqual(server.registrations, []);
      const uri = fileUri(join(dir, 'main.tf'));
      await server.open(uri, 'resource "aws_db_instance" "db" {\n  storage_encrypted = var.encrypt\n}\n', 1);
      // The default comes from variables.tf next to it, on disk.
      await server.waitForDiagnostics(uri, (params) => params.version === 1 && hasRule(params));
      const mark = server.publishes.length;
      await server.configurationChanged({ hipaaIac: { rules: { disabled: [RULE] } } });
      await server.waitForDiagnostics(uri, lacksRule, { after: mark });
      assert.deepEqual(server.configurationRequests, []);
      assert.equal(await server.shutdown(), 0);
    } finally {
      server.kill();
    }
  });
});

describe('Node IPC transport (how VS Code starts the server)', () => {
  test('initialize, open, diagnostics, shutdown over --node-ipc', async () => {
    const root = workspace({});
    const child = fork(SERVER_PATH, ['--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    try {
      const uri = fileUri(join(root, 'main.tf'));
      const published = new Promise<PublishDiagnosticsParams>((resolve) =>
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
          if (params.uri === uri) resolve(params);
        }),
      );
      connection.listen();
      const result = await withTimeout(
        connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} }),
        10_000,
        'initialize',
      );
      assert.equal(result.serverInfo?.name, 'hipaa-iac');
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'terraform', version: 1, text: ONE_LINE } });
      const params = await withTimeout(published, 10_000, 'diagnostics over IPC');
      assert.equal(params.version, 1);
      assert.ok(hasRule(params));
      await withTimeout(connection.sendRequest(ShutdownRequest.type), 10_000, 'shutdown');
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await withTimeout(exited, 10_000, 'exit'), 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});
