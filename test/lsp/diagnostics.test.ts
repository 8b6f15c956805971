// Findings and syntax errors -> LSP diagnostics.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding } from '../../server/src/engine/finding';
import {
  DIAGNOSTIC_SOURCE,
  fileDiagnostics,
  fileDocsLink,
  findingToDiagnostic,
  SYNTAX_CODE,
  tooLargeDiagnostic,
} from '../../server/src/lsp/diagnostics';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings';

function pos(line: number, character: number) {
  return { line, character, offset: line * 100 + character };
}

function finding(ruleId: string, line: number, severity: Finding['severity'] = 'error'): Finding {
  return {
    ruleId,
    title: 't',
    severity,
    theme: 'encryption-at-rest',
    message: `${ruleId} message (HIPAA 164.312(a)(2)(iv); ISO 27017 10.1.1)`,
    file: '/w/main.tf',
    range: { start: pos(line, 2), end: pos(line, 27) },
    resource: 'aws_db_instance.x',
    resourceType: 'aws_db_instance',
    hipaa: ['164.312(a)(2)(iv)'],
    iso27017: ['10.1.1'],
  };
}

test('a finding keeps its range (without offsets), rule id, source, message and docs link', () => {
  const diagnostic = findingToDiagnostic(finding('aws-rds-storage-encrypted', 3), 'error', (id) => `file:///ext/docs/rules/${id}.md`);
  assert.deepEqual(diagnostic.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 27 } });
  assert.equal(diagnostic.code, 'aws-rds-storage-encrypted');
  assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
  assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
  assert.match(diagnostic.message, /HIPAA 164\.312/);
  assert.deepEqual(diagnostic.codeDescription, { href: 'file:///ext/docs/rules/aws-rds-storage-encrypted.md' });
  assert.equal(findingToDiagnostic(finding('aws-x', 0), 'warning').severity, DiagnosticSeverity.Warning);
  assert.equal(findingToDiagnostic(finding('aws-x', 0), 'note').severity, DiagnosticSeverity.Information);
  assert.equal(findingToDiagnostic(finding('aws-x', 0), 'note').codeDescription, undefined);
});

test('settings filter and re-grade findings; syntax errors stay; output is sorted', () => {
  const findings = [finding('aws-b', 5), finding('aws-a', 1), finding('aws-c', 2, 'warning'), { ...finding('aws-d', 0), suppression: { file: '/w/main.tf', range: finding('x', 0).range } }];
  const errors = [{ message: 'Expected "}"', range: { start: pos(4, 0), end: pos(4, 1) } }, { message: 'odd', range: { start: pos(6, 0), end: pos(6, 1) }, severity: 'warning' as const }];
  const all = fileDiagnostics(findings, errors, DEFAULT_SETTINGS);
  assert.deepEqual(
    all.map((d) => [d.range.start.line, d.code, d.severity]),
    [
      [1, 'aws-a', 1],
      [2, 'aws-c', 2],
      [4, SYNTAX_CODE, 1],
      [5, 'aws-b', 1],
      [6, SYNTAX_CODE, 2],
    ],
  );
  const settings = normalizeSettings({ rules: { disabled: ['aws-a'], severity: { 'aws-b': 'note', 'aws-c': 'off' } } });
  assert.deepEqual(
    fileDiagnostics(findings, errors, settings).map((d) => [d.code, d.severity]),
    [
      [SYNTAX_CODE, 1],
      ['aws-b', 3],
      [SYNTAX_CODE, 2],
    ],
  );
  assert.deepEqual(fileDiagnostics(findings, errors, normalizeSettings({ enable: false })), []);
});

test('the too-large note sits at line 0', () => {
  const diagnostic = tooLargeDiagnostic(5 * 1024 * 1024, 4 * 1024 * 1024);
  assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  assert.deepEqual(diagnostic.range.start, { line: 0, character: 0 });
  assert.match(diagnostic.message, /5\.0 MB.*4\.0 MB/);
});

test('docs links point at existing pages only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hipaa-docs-'));
  writeFileSync(join(dir, 'aws-a.md'), '# a');
  const link = fileDocsLink(dir);
  assert.match(link('aws-a') ?? '', /^file:\/\/.*\/aws-a\.md$/);
  assert.equal(link('aws-missing'), undefined);
});
