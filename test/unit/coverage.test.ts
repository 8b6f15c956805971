// The controls coverage report over fixture workspaces: every status occurs, counts add up, and the
// exports (JSON contract, Markdown, self-contained HTML) carry it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import { HIPAA_CONTROLS } from '../../rules/controls/catalog';
import { computeCoverage, CONTROL_STATUSES, type ControlStatus, type Coverage } from '../../server/src/engine/coverage';
import { formatCoverageHtml } from '../../server/src/engine/format/coverage-html';
import { formatCoverageJson } from '../../server/src/engine/format/coverage-json';
import { formatCoverageMarkdown } from '../../server/src/engine/format/coverage-markdown';
import { Project } from '../../server/src/engine/project';
import { lintProject, type ScanReport } from '../../server/src/engine/report';
import { indexRules } from '../../server/src/engine/runner';

function scan(files: Record<string, string>): ScanReport {
  const project = new Project(indexRules(ALL_RULES));
  for (const [path, text] of Object.entries(files)) project.setFile(path, text);
  return lintProject(project);
}

function statusOf(coverage: Coverage, id: string): ControlStatus | undefined {
  for (const framework of coverage.frameworks) {
    const control = framework.controls.find((item) => item.id === id);
    if (control) return control.status;
  }
  return undefined;
}

const KEY_ONLY = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n';
const KEY_UNKNOWN = 'variable "rotate" {}\nresource "aws_kms_key" "k" {\n  enable_key_rotation = var.rotate\n}\n';
const UNENCRYPTED_DB = 'resource "aws_db_instance" "db" {\n  storage_encrypted = false\n}\n';

describe('coverage statuses', () => {
  const workspaces = {
    failing: computeCoverage(scan({ 'a/main.tf': UNENCRYPTED_DB }), ALL_RULES),
    satisfied: computeCoverage(scan({ 'a/main.tf': KEY_ONLY }), ALL_RULES),
    notEvaluable: computeCoverage(scan({ 'a/main.tf': KEY_UNKNOWN }), ALL_RULES),
    empty: computeCoverage(scan({}), ALL_RULES),
  };

  test('a failing rule makes its controls failing, with the finding to drill into', () => {
    const control = workspaces.failing.frameworks[0].controls.find((item) => item.id === '164.312(a)(2)(iv)')!;
    assert.equal(control.status, 'failing');
    assert.ok(control.rules.includes('aws-rds-storage-encrypted'));
    const finding = control.findings.find((item) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.equal(finding?.file, 'a/main.tf');
    assert.equal(finding?.range.start.line, 1);
  });

  test('only passing evaluations: satisfied; only unknowns: not-evaluable; nothing in scope: no-resources', () => {
    assert.equal(statusOf(workspaces.satisfied, '164.312(a)(2)(iv)'), 'satisfied');
    assert.equal(statusOf(workspaces.notEvaluable, '10.1.2'), 'not-evaluable');
    assert.equal(statusOf(workspaces.empty, '164.312(a)(2)(iv)'), 'no-resources');
  });

  test('controls no code can evidence are not-addressable, with the evidence needed instead', () => {
    const baa = workspaces.empty.frameworks[0].controls.find((item) => item.id === '164.308(b)(1)')!;
    assert.equal(baa.status, 'not-addressable');
    assert.match(baa.evidenceNeeded ?? '', /business associate/i);
    const training = workspaces.empty.frameworks[0].controls.find((item) => item.id === '164.308(a)(5)(i)')!;
    assert.match(training.evidenceNeeded ?? '', /training/i);
  });

  test('only suppressed findings: exception, with reason, owner and expiry', () => {
    const report = scan({ 'a/main.tf': UNENCRYPTED_DB });
    for (const finding of report.findings) {
      finding.suppression = { reason: 'Legacy reporting replica, decommissioned in Q1', owner: 'dba-team', expires: '2027-03-31', file: 'a/main.tf', range: finding.range };
    }
    const coverage = computeCoverage(report, ALL_RULES);
    const control = coverage.frameworks[0].controls.find((item) => item.id === '164.312(a)(2)(iv)')!;
    assert.equal(control.status, 'exception');
    assert.equal(control.exceptions[0].owner, 'dba-team');
    assert.equal(control.exceptions[0].expires, '2027-03-31');
  });

  test('every status occurs across the fixture workspaces, and counts add up', () => {
    const seen = new Set<ControlStatus>();
    for (const coverage of Object.values(workspaces)) {
      for (const framework of coverage.frameworks) for (const control of framework.controls) seen.add(control.status);
      const total = coverage.frameworks.reduce((sum, framework) => sum + framework.controls.length, 0);
      assert.equal(Object.values(coverage.summary.counts).reduce((a, b) => a + b, 0), total);
    }
    seen.add('exception'); // shown by the suppression test above
    assert.deepEqual([...seen].sort(), [...CONTROL_STATUSES].sort());
  });

  test('every HIPAA safeguard of the catalogue is listed exactly once', () => {
    const ids = workspaces.empty.frameworks[0].controls.map((control) => control.id);
    assert.deepEqual(ids, HIPAA_CONTROLS.map((control) => control.id));
  });
});

describe('coverage exports', () => {
  const coverage = computeCoverage(scan({ 'a/main.tf': UNENCRYPTED_DB, 'b/main.tf': KEY_ONLY }), ALL_RULES, new Date('2026-11-28T12:00:00Z'));

  test('JSON follows the contract', () => {
    const document = JSON.parse(formatCoverageJson(coverage));
    assert.deepEqual(document.frameworks.map((framework: { id: string }) => framework.id), ['hipaa', 'iso27017']);
    const control = document.frameworks[0].controls.find((item: { id: string }) => item.id === '164.312(a)(2)(iv)');
    for (const key of ['id', 'title', 'status', 'rules', 'resources', 'findings', 'exceptions']) assert.ok(key in control, key);
    assert.equal(control.findings[0].startLine, 2);
    assert.equal(document.summary.computedAt, '2026-11-28T12:00:00.000Z');
    assert.deepEqual(document.summary.files, ['a/main.tf', 'b/main.tf']);
  });

  test('HTML is one self-contained page: inline CSS, no scripts, nothing remote', () => {
    const html = formatCoverageHtml(coverage);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<style>[^<]+<\/style>/);
    assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    assert.doesNotMatch(html, /https?:\/\//);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /@media print/);
    assert.match(html, /164\.312\(a\)\(2\)\(iv\)/);
  });

  test('HTML escapes what it shows', () => {
    const report = scan({ 'a/main.tf': UNENCRYPTED_DB });
    report.findings[0].suppression = { reason: '<img src=x onerror=alert(1)>', file: 'a/main.tf', range: report.findings[0].range };
    const html = formatCoverageHtml(computeCoverage(report, ALL_RULES));
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x/);
  });

  test('Markdown has the summary and a table per framework', () => {
    const markdown = formatCoverageMarkdown(coverage);
    assert.match(markdown, /^# HIPAA \/ ISO 27017 controls coverage/);
    assert.match(markdown, /\| 164\.312\(a\)\(2\)\(iv\) \| Encryption and decryption \(addressable\) \| ❌ failing \|/);
    assert.match(markdown, /## ISO\/IEC 27017/);
  });
});
