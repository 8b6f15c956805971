// The controls coverage report over LSP (request hipaaIac/coverage, notification hipaaIac/coverageChanged),
// driven against the bundled server like any client would. Needs `npm run build` first (npm test does).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol/node';
import { COVERAGE_CHANGED_NOTIFICATION, COVERAGE_REQUEST, type ControlCoverage, type CoverageResult } from '../../server/src/lsp/coverage-protocol';
import { fileUri, LspHarness, SERVER_PATH, withTimeout } from './harness';

const UNENCRYPTED = 'resource "aws_db_instance" "patients" {\n  storage_encrypted = false\n}\n';
const ENCRYPTED = 'resource "aws_db_instance" "patients" {\n  storage_encrypted = true\n}\n';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hipaa-coverage-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function controls(result: CoverageResult): ControlCoverage[] {
  return result.coverage.frameworks.flatMap((framework) => framework.controls);
}

function control(result: CoverageResult, id: string): ControlCoverage {
  const found = controls(result).find((item) => item.id === id);
  assert.ok(found, `control ${id} missing`);
  return found;
}

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** Polls `check` until it holds (bounded): for events the harness does not wait on ($/progress, custom notifications). */
async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

before(() => {
  assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build`);
});

describe('hipaaIac/coverage over a workspace', () => {
  let root: string;
  let server: LspHarness;
  let changes = 0;

  before(async () => {
    root = workspace({
      'app/main.tf': UNENCRYPTED,
      'ok/main.tf': ENCRYPTED,
      'buffer/main.tf': UNENCRYPTED,
      'examples/main.tf': UNENCRYPTED,
      'notes/readme.md': '# not IaC\n',
    });
    server = await LspHarness.start({ folders: [root], settings: () => ({ exclude: ['examples/**'] }) });
    server.connection.onNotification(COVERAGE_CHANGED_NOTIFICATION, () => changes++);
    // The open buffer wins over the file on disk: it is fixed in the editor, not yet saved.
    await server.open(fileUri(join(root, 'buffer/main.tf')), ENCRYPTED);
  });

  after(async () => {
    await server?.shutdown().catch(() => server.kill());
  });

  test('every control has a status; files, findings with ranges and URIs; open buffers win; excluded files are left out', async () => {
    const result = await withTimeout(server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, {}), 30_000, 'coverage');
    const { summary } = result.coverage;
    assert.deepEqual(summary.files, ['app/main.tf', 'buffer/main.tf', 'ok/main.tf']);
    assert.deepEqual(Object.keys(result.fileUris).sort(), summary.files);
    assert.equal(result.fileUris['app/main.tf'], fileUri(join(root, 'app/main.tf')));
    assert.deepEqual(
      result.coverage.frameworks.map((framework) => framework.id),
      ['hipaa', 'iso27017'],
    );
    const all = controls(result);
    assert.ok(all.length > 50, `expected every HIPAA and ISO control, got ${all.length}`);
    assert.equal(
      Object.values(summary.counts).reduce((a, b) => a + b, 0),
      all.length,
      'the counts by status add up to the number of controls',
    );
    const statuses = new Set(all.map((item) => item.status));
    for (const status of ['failing', 'satisfied', 'no-resources', 'not-addressable'] as const) assert.ok(statuses.has(status), `no control is ${status}`);
    assert.equal(summary.addressable, all.length - summary.counts['not-addressable']);
    assert.ok(summary.rulesVersion && summary.ruleCount > 30 && !Number.isNaN(Date.parse(summary.computedAt)));

    const encryption = control(result, '164.312(a)(2)(iv)');
    assert.equal(encryption.status, 'failing');
    assert.equal(encryption.requirement, 'addressable');
    assert.ok(encryption.rules.includes('aws-rds-storage-encrypted'));
    assert.equal(encryption.resources, 3, 'three RDS instances were evaluated (the excluded one is not counted)');
    assert.deepEqual(
      encryption.findings.map((finding) => [finding.file, finding.ruleId, finding.resource, finding.range.start.line, finding.range.start.character]),
      [['app/main.tf', 'aws-rds-storage-encrypted', 'aws_db_instance.patients', 1, 2]],
    );
    const notAddressable = control(result, '164.308(a)(1)(ii)(A)');
    assert.equal(notAddressable.status, 'not-addressable');
    assert.match(notAddressable.evidenceNeeded ?? '', /risk analysis/i);
    assert.deepEqual(result.truncated, []);
    assert.deepEqual(result.filesWithErrors, []);
  });

  test('the report rendered as JSON, Markdown and HTML with the CLI renderers; bad parameters are refused', async () => {
    const json = await server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { format: 'json' });
    const document = JSON.parse(json.text ?? '') as { frameworks: { controls: { id: string; status: string }[] }[]; summary: { files: string[] } };
    assert.deepEqual(document.summary.files, json.coverage.summary.files);
    assert.equal(document.frameworks[0].controls.find((item) => item.id === '164.312(a)(2)(iv)')?.status, 'failing');
    const markdown = await server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { format: 'md' });
    assert.match(markdown.text ?? '', /^# HIPAA \/ ISO 27017 controls coverage/);
    assert.match(markdown.text ?? '', /app\/main\.tf:2 `aws-rds-storage-encrypted`/);
    const html = await server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { format: 'html' });
    assert.match(html.text ?? '', /^<!DOCTYPE html>/);
    assert.doesNotMatch(html.text ?? '', /<script|https?:\/\//, 'a self-contained page: no script, no remote resource');
    for (const params of [{ format: 'pdf' }, { maxFindingsPerControl: -1 }, [1]]) {
      await assert.rejects(server.connection.sendRequest(COVERAGE_REQUEST, params), (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams);
    }
  });

  test('maxFindingsPerControl cuts the lists and says by how much', async () => {
    const result = await server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { maxFindingsPerControl: 0, format: 'md' });
    const encryption = control(result, '164.312(a)(2)(iv)');
    assert.equal(encryption.findings.length, 0);
    assert.equal(encryption.status, 'failing');
    assert.deepEqual(
      result.truncated.find((cut) => cut.control === '164.312(a)(2)(iv)'),
      { framework: 'hipaa', control: '164.312(a)(2)(iv)', findings: 1, exceptions: 0 },
    );
    assert.match(result.text ?? '', /app\/main\.tf:2/, 'the rendered text is the complete report');
  });

  test('work done progress: begin, reports up to 100%, end', async () => {
    const events: Progress[] = [];
    const token = 'coverage-progress-test';
    const subscription = server.connection.onProgress(WorkDoneProgress.type, token, (value) => events.push(value));
    try {
      await server.connection.sendRequest(COVERAGE_REQUEST, { workDoneToken: token });
      await eventually(() => events.at(-1)?.kind === 'end', 'the progress end');
    } finally {
      subscription.dispose();
    }
    assert.equal(events[0].kind, 'begin');
    const reports = events.filter((event): event is WorkDoneProgressReport => event.kind === 'report');
    assert.ok(reports.length > 0);
    const percentages = reports.map((report) => report.percentage ?? -1);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'percentages only go up');
    assert.equal(percentages.at(-1), 100);
  });

  test('an edit sends hipaaIac/coverageChanged, and the next report reflects the buffer', async () => {
    const before = changes;
    const uri = fileUri(join(root, 'buffer/main.tf'));
    await server.change(uri, 2, [{ text: UNENCRYPTED }]);
    await eventually(() => changes > before, 'hipaaIac/coverageChanged after an edit');
    const result = await server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, {});
    assert.deepEqual(
      control(result, '164.312(a)(2)(iv)').findings.map((finding) => finding.file),
      ['app/main.tf', 'buffer/main.tf'],
    );
  });
});

describe('hipaaIac/coverage over a large workspace', () => {
  const MODULES = 1500;
  let root: string;
  let server: LspHarness;

  before(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < MODULES; i++) {
      files[`m${String(i).padStart(4, '0')}/main.tf`] =
        `resource "aws_db_instance" "db${i}" {\n  storage_encrypted = ${i % 2 === 0}\n}\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "b${i}"\n}\n`;
    }
    root = workspace(files);
    server = await LspHarness.start({ folders: [root] });
  });

  after(async () => {
    await server?.shutdown().catch(() => server.kill());
  });

  // Cold cache first: every unit is linted, so the scan takes far longer than a round trip.
  test('a cancelled request stops between units with RequestCancelled, and the server goes on', async () => {
    const events: Progress[] = [];
    const token = 'coverage-cancel-test';
    const subscription = server.connection.onProgress(WorkDoneProgress.type, token, (value) => events.push(value));
    const source = new CancellationTokenSource();
    const request = server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { workDoneToken: token }, source.token);
    let settled = false;
    request.then(
      () => (settled = true),
      () => (settled = true),
    );
    try {
      await eventually(() => events.some((event) => event.kind === 'report'), 'the first progress report', 60_000);
      assert.equal(settled, false, 'the scan is still running');
      source.cancel();
      await assert.rejects(request, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
      await eventually(() => events.at(-1)?.kind === 'end', 'the progress end');
    } finally {
      subscription.dispose();
    }
    const last = events.filter((event): event is WorkDoneProgressReport => event.kind === 'report').at(-1);
    assert.ok((last?.percentage ?? 100) < 100, `the scan stopped early (last report ${last?.percentage}%)`);
  });

  test('while a scan runs, the server keeps linting: a file opened meanwhile gets its diagnostics first', async () => {
    const events: Progress[] = [];
    const token = 'coverage-responsive-test';
    const subscription = server.connection.onProgress(WorkDoneProgress.type, token, (value) => events.push(value));
    let settled = false;
    const request = server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, { workDoneToken: token });
    request.then(
      () => (settled = true),
      () => (settled = true),
    );
    try {
      await eventually(() => events.some((event) => event.kind === 'report'), 'the first progress report', 60_000);
      const uri = fileUri(join(root, 'extra', 'main.tf'));
      await server.open(uri, UNENCRYPTED);
      await server.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'aws-rds-storage-encrypted'));
      assert.equal(settled, false, 'the diagnostics came while the coverage scan was still running');
      // The scan covers the units there were when it started; the next one has the new file too.
      const result = await withTimeout(request, 60_000, 'the coverage result');
      assert.equal(result.coverage.summary.files.length, MODULES);
      const rds = (item: ControlCoverage) => item.findings.filter((finding) => finding.ruleId === 'aws-rds-storage-encrypted');
      assert.equal(rds(control(result, '164.312(a)(2)(iv)')).length, MODULES / 2);
      const next = await withTimeout(server.connection.sendRequest<CoverageResult>(COVERAGE_REQUEST, {}), 60_000, 'the next coverage result');
      assert.equal(next.coverage.summary.files.length, MODULES + 1);
      assert.ok(next.coverage.summary.files.includes('extra/main.tf'));
      const encryption = control(next, '164.312(a)(2)(iv)');
      assert.equal(encryption.status, 'failing');
      assert.equal(rds(encryption).length, MODULES / 2 + 1);
    } finally {
      subscription.dispose();
    }
  });
});
