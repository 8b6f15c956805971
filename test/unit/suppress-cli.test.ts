// Suppressions through the `hipaa-iac` command line (run from source): JSON, SARIF and text output, and
// exit codes that ignore suppressed findings and suppression warnings.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';

const CLI = resolve('server/src/cli.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hipaa-iac-suppress-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

// Compliant with every RDS rule but storage encryption, which the comment (if any) suppresses.
const DB = (comment: string) =>
  'resource "aws_db_instance" "clinical" {\n  engine                  = "postgres"\n' +
  `${comment ? `  ${comment}\n` : ''}  storage_encrypted       = false\n  backup_retention_period = 14\n  deletion_protection     = true\n}\n`;
const JUSTIFIED = '# hipaa-iac:ignore aws-rds-storage-encrypted reason="synthetic test data" owner="qa-team" expires=2999-12-31';

describe('hipaa-iac scan with suppressions', () => {
  test('JSON: the suppressed finding is listed with its exception; exit 0 once every error is suppressed', () => {
    const dir = workspace({ 'db/main.tf': DB(JUSTIFIED) });
    const { code, stdout } = run(['scan', '--format', 'json'], dir);
    assert.equal(code, 0);
    const document = JSON.parse(stdout);
    const finding = document.findings.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.equal(finding.suppressed, true);
    assert.deepEqual(finding.suppression, { reason: 'synthetic test data', owner: 'qa-team', expires: '2999-12-31' });
    assert.equal(finding.startLine, 4);
    assert.deepEqual(document.errors, []);
    assert.equal(run(['scan', '--format', 'json'], workspace({ 'db/main.tf': DB('') })).code, 1);
  });

  test('JSON: suppression warnings go to errors with severity and code, and do not change the exit code', () => {
    const dir = workspace({ 'db/main.tf': `# hipaa-iac:ignore aws-nope reason="x"\n${DB(JUSTIFIED)}` });
    const { code, stdout } = run(['scan', '--format', 'json'], dir);
    assert.equal(code, 0);
    const document = JSON.parse(stdout);
    assert.equal(document.errors.length, 1);
    const [warning] = document.errors;
    assert.deepEqual(
      { ...warning, message: undefined },
      { file: 'db/main.tf', message: undefined, startLine: 1, startColumn: 20, severity: 'warning', code: 'suppression-unknown-rule' },
    );
    assert.match(warning.message, /unknown rule "aws-nope"/);
  });

  test('an expired or unjustified suppression does not suppress: exit 1 and the reason in the output', () => {
    const expired = run(['scan', '--format', 'json'], workspace({ 'main.tf': DB(JUSTIFIED.replace('2999-12-31', '2020-01-31')) }));
    assert.equal(expired.code, 1);
    const finding = JSON.parse(expired.stdout).findings.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.equal(finding.suppressed, false);
    assert.match(finding.message, /\(exception expired on 2020-01-31\)$/);

    const unjustified = run(['scan', '--format', 'json'], workspace({ 'main.tf': DB('# hipaa-iac:ignore aws-rds-storage-encrypted') }));
    assert.equal(unjustified.code, 1);
    const document = JSON.parse(unjustified.stdout);
    assert.deepEqual(
      document.errors.map((error: { code: string; startLine: number }) => [error.code, error.startLine]),
      [['suppression-missing-reason', 3]],
    );
  });

  test('Checkov and tfsec comments suppress the mapped rule (exit 0), tfsec without a reason with a warning', () => {
    assert.equal(run(['scan'], workspace({ 'main.tf': DB('#checkov:skip=CKV_AWS_16:synthetic test data') })).code, 0);
    const tfsec = run(['scan', '--format', 'json'], workspace({ 'main.tf': DB('#tfsec:ignore:aws-rds-encrypt-instance-storage-data') }));
    assert.equal(tfsec.code, 0);
    const document = JSON.parse(tfsec.stdout);
    assert.deepEqual(
      document.findings.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted').suppression,
      { reason: null, owner: null, expires: null },
    );
    assert.deepEqual(document.errors.map((error: { code: string }) => error.code), ['suppression-missing-reason']);
  });

  test('SARIF: inSource suppressions with the justification; warnings as tool notifications', () => {
    const dir = workspace({ 'main.tf': `# hipaa-iac:ignore aws-nope reason="x"\n${DB(JUSTIFIED)}` });
    const { code, stdout } = run(['scan', '--format', 'sarif'], dir);
    assert.equal(code, 0);
    const [sarifRun] = JSON.parse(stdout).runs;
    const result = sarifRun.results.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.deepEqual(result.suppressions, [
      { kind: 'inSource', status: 'accepted', justification: 'synthetic test data', properties: { owner: 'qa-team', expires: '2999-12-31' } },
    ]);
    const notifications = sarifRun.invocations[0].toolExecutionNotifications;
    assert.equal(notifications.length, 1);
    assert.equal(notifications[0].level, 'warning');
    assert.equal(notifications[0].descriptor.id, 'suppression-unknown-rule');
    assert.deepEqual(notifications[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 20, endLine: 1, endColumn: 28 });
    assert.equal(sarifRun.invocations[0].executionSuccessful, true);
  });

  test('text: suppressed findings are counted, not listed; warnings are listed with their code', () => {
    const dir = workspace({ 'main.tf': `# hipaa-iac:ignore aws-nope reason="x"\n${DB(JUSTIFIED)}` });
    const { code, stdout } = run(['scan'], dir);
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /stores data unencrypted/);
    assert.match(stdout, /^main\.tf\n  1:20  warning  unknown rule "aws-nope" in suppression: it suppresses nothing.*  suppression-unknown-rule$/m);
    assert.match(stdout, /^0 findings \(0 errors, 0 warnings, 0 notes\), 1 suppressed, .*; 1 suppression warning$/m);
  });

  test('YAML and JSON templates', () => {
    const yaml = [
      'Resources:',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      # hipaa-iac:ignore aws-rds-storage-encrypted reason="test stack"',
      '      StorageEncrypted: false',
      '      DeletionProtection: true',
      '      BackupRetentionPeriod: 14',
      '      PubliclyAccessible: false',
      '',
    ].join('\n');
    const json = JSON.stringify({
      Resources: {
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Metadata: { 'hipaa-iac': { ignore: [{ id: 'aws-rds-storage-encrypted', reason: 'test stack', expires: '2999-01-01' }] } },
          Properties: { StorageEncrypted: false, DeletionProtection: true, BackupRetentionPeriod: 14, PubliclyAccessible: false },
        },
      },
    });
    for (const [name, text] of [['db.yaml', yaml], ['db.json', json]]) {
      const { code, stdout } = run(['scan', '--format', 'json'], workspace({ [name]: text }));
      assert.equal(code, 0, name);
      const findings = JSON.parse(stdout).findings;
      assert.ok(findings.length > 0 && findings.every((item: { suppressed: boolean }) => item.suppressed), name);
    }
  });
});
