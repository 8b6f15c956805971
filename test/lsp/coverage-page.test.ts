// The coverage report's pure parts: the webview page and its messages (client), and the server side's
// display paths, truncation, parameter validation, change notifications and cancellation.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import {
  escapeHtml,
  exportFileName,
  formatTime,
  isExpired,
  makeNonce,
  pageCsp,
  parsePageMessage,
  progressIncrement,
  renderCoverageBody,
  renderCoveragePage,
  renderPlaceholder,
} from '../../client/src/coverage-page';
import { CONTROL_STATUSES, computeCoverage } from '../../server/src/engine/coverage';
import { Project } from '../../server/src/engine/project';
import { lintProject } from '../../server/src/engine/report';
import { indexRules } from '../../server/src/engine/runner';
import { CoverageCancelledError, CoverageProvider, displayPath, documentUriOfKey, limitFindings, parseCoverageParams, type CoverageSource } from '../../server/src/lsp/coverage';
import { COVERAGE_STATUSES, type CoverageResult } from '../../server/src/lsp/coverage-protocol';
import type { Timers } from '../../server/src/lsp/debouncer';

const RULES = indexRules(ALL_RULES);
const UNENCRYPTED = 'resource "aws_db_instance" "patients" {\n  storage_encrypted = false\n}\n';

/** A report over two files: one finding, and one finding made a documented (expired) exception. */
function sampleResult(): CoverageResult {
  const project = new Project(RULES);
  project.setFile('app/main.tf', UNENCRYPTED);
  project.setFile('legacy/main.tf', UNENCRYPTED.replace('patients', 'legacy<b>'));
  const report = lintProject(project);
  for (const finding of report.findings) {
    if (finding.file === 'legacy/main.tf') {
      finding.suppression = { reason: 'Decommissioned <script>alert(1)</script>', owner: 'dba-team', expires: '2020-01-31', file: finding.file, range: finding.range };
    }
  }
  const coverage = computeCoverage(report, ALL_RULES, new Date('2025-03-04T05:06:07.000Z'));
  return { coverage, fileUris: { 'app/main.tf': 'file:///w/app/main.tf', 'legacy/main.tf': 'file:///w/legacy/main.tf' }, filesWithErrors: [], truncated: [] };
}

describe('coverage webview page', () => {
  test('the status order is the engine\'s', () => {
    assert.deepEqual(COVERAGE_STATUSES, CONTROL_STATUSES);
  });

  test('a strict Content-Security-Policy: nothing loads, only the nonce\'d style and script run', () => {
    const nonce = makeNonce((size) => new Uint8Array(size).fill(7));
    assert.match(nonce, /^[A-Za-z0-9+/=]{20,}$/);
    const csp = pageCsp(nonce);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    const page = renderCoveragePage(renderCoverageBody(sampleResult()), nonce);
    assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`));
    assert.ok(page.includes(`<style nonce="${nonce}">`) && page.includes(`<script nonce="${nonce}">`));
    assert.equal(page.match(/<script/g)?.length, 1, 'one script, the nonce\'d one');
    assert.doesNotMatch(page, /https?:\/\//, 'no remote resource');
    assert.doesNotMatch(page, /\son[a-z]+\s*=/i, 'no inline event handler (the CSP would block it)');
    assert.doesNotMatch(page, /\sstyle\s*=/i, 'no style attribute (the CSP would block it)');
    assert.doesNotMatch(page, /command:/, 'no command URI');
  });

  test('summary, controls with status, requirement, rules, counts, findings, exceptions and evidence; text is escaped', () => {
    const result = sampleResult();
    const body = renderCoverageBody(result);
    assert.match(body, /Computed 2025-03-04 05:06:07 UTC by hipaa-iac \S+ \(\d+ rules\) over 2 files\./);
    assert.match(body, /<b id="share">\d+%<\/b> of the \d+ controls that infrastructure code can evidence are satisfied/);
    for (const status of CONTROL_STATUSES) assert.ok(body.includes(`data-filter="${status}"`), `a filter card for ${status}`);
    // The encryption safeguard: failing, addressable, a drill-down link to the finding at its range.
    const row = /<tr class="control" data-status="failing" id="c-hipaa:164\.312\(a\)\(2\)\(iv\)">.*?<\/tr>/s.exec(body)?.[0] ?? '';
    assert.ok(row, 'the encryption safeguard is failing');
    assert.match(row, /Addressable<\/span>/);
    assert.match(row, /<a href="#" class="loc" data-file="app\/main\.tf" data-range="1,2,1,\d+"[^>]*>app\/main\.tf:2<\/a>/);
    assert.match(row, /<code>aws-rds-storage-encrypted<\/code>/);
    assert.match(row, /1 documented exception/);
    assert.match(row, /Decommissioned &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(row, /<span class="label">Owner:<\/span> dba-team/);
    assert.match(row, /<span class="expired">2020-01-31 \(expired\)<\/span>/);
    assert.match(row, /aws_db_instance\.legacy&lt;b&gt;/);
    assert.doesNotMatch(body, /<script>|legacy<b>/, 'nothing from the workspace is markup');
    // A safeguard no code can evidence says what evidence is needed instead.
    assert.match(body, /data-status="not-addressable" id="c-hipaa:164\.308\(a\)\(1\)\(ii\)\(A\)">.*?Evidence needed:<\/span> A documented, current risk analysis/s);
    // The files scanned, each a link.
    assert.match(body, /<h2>Files scanned<\/h2>.*data-file="legacy\/main\.tf" data-range="0,0,0,0"/s);
  });

  test('cut lists say how many more there are', () => {
    const full = sampleResult();
    const { coverage, truncated } = limitFindings(full.coverage, 0);
    const body = renderCoverageBody({ ...full, coverage, truncated });
    const row = /id="c-hipaa:164\.312\(a\)\(2\)\(iv\)">.*?<\/tr>/s.exec(body)?.[0] ?? '';
    assert.match(row, /<td class="num s-failing">1<\/td><td class="num s-exception">1<\/td>/, 'the counts are the complete ones');
    assert.doesNotMatch(row, /class="loc"/);
  });

  test('files with syntax errors are called out; the placeholder is escaped', () => {
    const body = renderCoverageBody({ ...sampleResult(), filesWithErrors: ['app/main.tf'] });
    assert.match(body, /1 file has syntax errors; their findings may be incomplete: <a href="#" class="loc" data-file="app\/main\.tf"/);
    assert.equal(renderPlaceholder('a <b>'), '<p class="meta placeholder">a &lt;b&gt;</p>');
  });

  test('messages from the page are validated', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'refresh', extra: 1 }), { type: 'refresh' });
    assert.deepEqual(parsePageMessage({ type: 'export', format: 'md' }), { type: 'export', format: 'md' });
    const range = { start: { line: 8, character: 2 }, end: { line: 8, character: 33 } };
    assert.deepEqual(parsePageMessage({ type: 'open', file: 'main.tf', range }), { type: 'open', file: 'main.tf', range });
    for (const bad of [
      null,
      'open',
      { type: 'export', format: 'pdf' },
      { type: 'export', format: 'toString' },
      { type: 'open', file: '', range },
      { type: 'open', file: 'main.tf' },
      { type: 'open', file: 'main.tf', range: { start: { line: -1, character: 0 }, end: range.end } },
      { type: 'open', file: 'main.tf', range: { start: { line: 1.5, character: 0 }, end: range.end } },
      { type: 'run', command: 'x' },
    ]) {
      assert.equal(parsePageMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  test('export names, times, expiry and progress increments', () => {
    assert.equal(exportFileName('md', '2025-03-04T05:06:07.000Z'), 'hipaa-coverage-2025-03-04.md');
    assert.equal(exportFileName('html', new Date('2025-12-31T23:00:00Z')), 'hipaa-coverage-2025-12-31.html');
    assert.equal(exportFileName('json', 'garbage'), 'hipaa-coverage-report.json');
    assert.equal(formatTime('2025-03-04T05:06:07.123Z'), '2025-03-04 05:06:07 UTC');
    assert.equal(isExpired('2025-03-03', '2025-03-04T00:00:00Z'), true);
    assert.equal(isExpired('2025-03-04', '2025-03-04T23:00:00Z'), false);
    assert.equal(isExpired(null, '2025-03-04T00:00:00Z'), false);
    assert.equal(isExpired('someday', '2025-03-04T00:00:00Z'), false);
    assert.equal(progressIncrement(0, 30), 30);
    assert.equal(progressIncrement(30, 20), 0);
    assert.equal(progressIncrement(90, 140), 10);
    assert.equal(progressIncrement(10, undefined), 0);
  });
});

describe('coverage in the server', () => {
  test('display paths are relative to the workspace folder, named when there are several', () => {
    assert.equal(displayPath('/w/app/main.tf', [{ key: '/w' }]), 'app/main.tf');
    assert.equal(displayPath('/w/app/main.tf', [{ key: '/w' }, { key: '/w/app' }, { key: '/other' }]), 'app/main.tf');
    assert.equal(displayPath('/w/net/main.tf', [{ key: '/w' }, { key: '/other' }]), 'w/net/main.tf');
    assert.equal(displayPath('/elsewhere/main.tf', [{ key: '/w' }]), '/elsewhere/main.tf');
    assert.equal(displayPath('/w2/main.tf', [{ key: '/w' }]), '/w2/main.tf');
    assert.equal(documentUriOfKey('/w/app/main.tf'), 'file:///w/app/main.tf');
    assert.equal(documentUriOfKey('untitled:Untitled-1/untitled.tf'), 'untitled:Untitled-1');
  });

  test('parameters are validated', () => {
    assert.deepEqual(parseCoverageParams(undefined), {});
    assert.deepEqual(parseCoverageParams({ format: 'html', maxFindingsPerControl: 5, workDoneToken: 't' }), { format: 'html', maxFindingsPerControl: 5, workDoneToken: 't' });
    for (const bad of [{ format: 'pdf' }, { format: 3 }, { maxFindingsPerControl: 1.5 }, { maxFindingsPerControl: '3' }, 'json', [1]]) {
      assert.throws(() => parseCoverageParams(bad), JSON.stringify(bad));
    }
  });

  function fakeTimers() {
    const pending: { callback: () => void; ms: number }[] = [];
    const timers: Timers = {
      set: (callback, ms) => {
        const entry = { callback, ms };
        pending.push(entry);
        return entry;
      },
      clear: (handle) => {
        const index = pending.indexOf(handle as (typeof pending)[number]);
        if (index >= 0) pending.splice(index, 1);
      },
    };
    const runAll = () => {
      for (const entry of pending.splice(0)) entry.callback();
    };
    return { timers, pending, runAll };
  }

  function source(project: Project, options: { indexing?: () => boolean; isReported?: (key: string) => Promise<boolean> } = {}): CoverageSource {
    return {
      project,
      get indexing() {
        return options.indexing?.() ?? false;
      },
      workspaceFolders: () => [{ uri: 'file:///w', key: '/w' }],
      isReported: options.isReported ?? (async () => true),
    };
  }

  test('changes are announced (debounced) only once a report was asked for', async () => {
    const project = new Project(RULES);
    project.setFile('/w/app/main.tf', UNENCRYPTED);
    const { timers, pending, runAll } = fakeTimers();
    let notified = 0;
    const provider = new CoverageProvider(source(project), ALL_RULES, { notifyChanged: () => notified++, timers, changeDebounceMs: 300 });
    provider.unitChanged();
    assert.equal(pending.length, 0, 'nobody asked: nothing to announce');
    const result = await provider.compute({}, { isCancellationRequested: false });
    assert.deepEqual(result.coverage.summary.files, ['app/main.tf']);
    assert.equal(result.fileUris['app/main.tf'], 'file:///w/app/main.tf');
    provider.unitChanged();
    provider.unitChanged();
    provider.unitChanged();
    assert.equal(pending.length, 1, 'one pending notification for a burst');
    assert.equal(pending[0].ms, 300);
    runAll();
    assert.equal(notified, 1);
    provider.dispose();
    provider.unitChanged();
    assert.equal(pending.length, 0);
  });

  test('waits for the index, honours cancellation between units, re-lints only changed units, honours exclusion', async () => {
    const project = new Project(RULES);
    for (const name of ['a', 'b', 'c']) project.setFile(`/w/${name}/main.tf`, UNENCRYPTED);
    let indexing = true;
    // Counts the lints that do the work (the project answers unchanged units from its cache).
    let lints = 0;
    const configurationOf = project.configurationOf.bind(project);
    project.configurationOf = (unit) => {
      lints++;
      return configurationOf(unit);
    };
    const cancellation = { isCancellationRequested: false };
    let turns = 0;
    const provider = new CoverageProvider(
      source(project, { indexing: () => indexing, isReported: async (key) => !key.startsWith('/w/c/') }),
      ALL_RULES,
      {
        notifyChanged: () => undefined,
        indexPollMs: 1,
        yieldTurn: async () => {
          turns++;
          if (turns === 1) cancellation.isCancellationRequested = true;
        },
      },
    );
    const first = provider.compute({}, cancellation);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(lints, 0, 'nothing is linted while the index is incomplete');
    indexing = false;
    await assert.rejects(first, CoverageCancelledError);
    assert.equal(lints, 1, 'cancelled after the first unit');

    cancellation.isCancellationRequested = false;
    const result = await provider.compute({}, cancellation);
    assert.equal(lints, 3, 'the first unit came from the cache');
    assert.deepEqual(result.coverage.summary.files, ['a/main.tf', 'b/main.tf'], 'the excluded file is left out');
    project.setFile('/w/b/main.tf', UNENCRYPTED.replace('false', 'true'));
    const again = await provider.compute({ format: 'md' }, cancellation);
    assert.equal(lints, 4, 'only the edited unit is linted again');
    assert.match(again.text ?? '', /^# HIPAA/);
  });
});
