// The built CLI (dist/cli.js) as users and CI pipelines run it: formats, exit codes, bad input.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';

const CLI = resolve('dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hipaa-iac-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const UNENCRYPTED = 'resource "aws_db_instance" "clinical" {\n  engine            = "postgres"\n  storage_encrypted = false\n}\n';
// Compliant with every rule that applies to an RDS instance.
const ENCRYPTED =
  'resource "aws_db_instance" "clinical" {\n  engine                  = "postgres"\n  storage_encrypted       = true\n' +
  '  backup_retention_period = 14\n  deletion_protection     = true\n}\n';

describe('hipaa-iac scan', () => {
  test('JSON output follows the contract and exits 1 on findings', () => {
    const dir = workspace({ 'infra/db.tf': UNENCRYPTED });
    const { code, stdout } = run(['scan', '--format', 'json'], dir);
    assert.equal(code, 1);
    const document = JSON.parse(stdout);
    assert.equal(document.tool.name, 'hipaa-iac');
    assert.match(document.tool.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(document.errors, []);
    const finding = document.findings.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.deepEqual(
      { ...finding, message: undefined, title: undefined },
      {
        ruleId: 'aws-rds-storage-encrypted',
        title: undefined,
        severity: 'error',
        theme: 'encryption-at-rest',
        message: undefined,
        file: 'infra/db.tf',
        startLine: 3,
        startColumn: 3,
        endLine: 3,
        endColumn: 28,
        resource: 'aws_db_instance.clinical',
        hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
        iso27017: ['10.1.1', '10.1.2', '18.1.4'],
        suppressed: false,
      },
    );
    assert.match(finding.message, /^RDS instance "clinical" stores data unencrypted.*\(HIPAA 164\.312\(a\)\(2\)\(iv\)/);
  });

  test('a clean module exits 0; --fail-on never exits 0 even with findings', () => {
    assert.equal(run(['scan', '--format', 'json'], workspace({ 'main.tf': ENCRYPTED })).code, 0);
    assert.equal(run(['scan', '--fail-on', 'never'], workspace({ 'main.tf': UNENCRYPTED })).code, 0);
  });

  test('text output groups by file and has no colour when not a TTY', () => {
    const { stdout } = run(['scan', '.'], workspace({ 'a/main.tf': UNENCRYPTED }));
    assert.match(stdout, /^a\/main\.tf\n(  \d+:\d+ .*\n)*  3:3  error +RDS instance "clinical" stores data unencrypted/m);
    assert.doesNotMatch(stdout, /\u001b\[/);
    assert.match(stdout, /\d+ findings \(\d+ errors, \d+ warnings, 0 notes\)/);
  });

  test('SARIF 2.1.0 with rule metadata and control taxonomies, written with --output', () => {
    const dir = workspace({ 'main.tf': UNENCRYPTED });
    const { code } = run(['scan', '--format', 'sarif', '--output', 'out.sarif'], dir);
    assert.equal(code, 1);
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    const sarifRun = log.runs[0];
    const rule = sarifRun.tool.driver.rules.find((item: { id: string }) => item.id === 'aws-rds-storage-encrypted');
    assert.deepEqual(rule.properties.hipaa, ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)']);
    assert.ok(rule.relationships.some((relation: { target: { id: string } }) => relation.target.id === '164.312(a)(2)(iv)'));
    assert.ok(sarifRun.taxonomies.some((taxonomy: { name: string }) => taxonomy.name === 'HIPAA Security Rule'));
    const result = sarifRun.results.find((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 3, endLine: 3, endColumn: 28 });
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'main.tf');
  });

  test('modules are directories: a variable default in another file decides the finding', () => {
    const dir = workspace({
      'mod/variables.tf': 'variable "encrypted" {\n  default = true\n}\n',
      'mod/main.tf': 'resource "aws_db_instance" "x" {\n  storage_encrypted = var.encrypted\n}\n',
      'other/variables.tf': 'variable "encrypted" {\n  default = false\n}\n',
      'other/main.tf': 'resource "aws_db_instance" "x" {\n  storage_encrypted = var.encrypted\n}\n',
    });
    const document = JSON.parse(run(['scan', '--format', 'json'], dir).stdout);
    const files = document.findings.filter((item: { ruleId: string }) => item.ruleId === 'aws-rds-storage-encrypted').map((item: { file: string }) => item.file);
    assert.deepEqual(files, ['other/main.tf']);
  });

  test('syntax errors go to errors and the complete blocks are still linted', () => {
    const dir = workspace({ 'main.tf': UNENCRYPTED + '\nresource "aws_s3_bucket" "half" {\n  bucket = \n' });
    const document = JSON.parse(run(['scan', '--format', 'json'], dir).stdout);
    assert.ok(document.errors.length > 0);
    assert.equal(document.errors[0].file, 'main.tf');
    assert.ok(document.errors[0].startLine >= 5);
    assert.ok(document.findings.some((item: { resource: string }) => item.resource === 'aws_db_instance.clinical'));
  });

  test('skips .git, node_modules and .terraform; binary and oversized files with a note', () => {
    const dir = workspace({
      '.terraform/modules/x/main.tf': UNENCRYPTED,
      'node_modules/x/main.tf': UNENCRYPTED,
      '.git/x.tf': UNENCRYPTED,
      'binary.tf': Buffer.from([0x72, 0x00, 0x01, 0x02]),
      'huge.tf': '#'.repeat(5 * 1024 * 1024 + 1),
      'main.tf': ENCRYPTED,
    });
    const { code, stdout, stderr } = run(['scan', '--format', 'json'], dir);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).findings, []);
    assert.match(stderr, /skipped binary\.tf: binary file/);
    assert.match(stderr, /skipped huge\.tf: larger than 5 MB/);
  });

  test('usage errors and unreadable paths exit 2 with a one-line message', () => {
    const dir = workspace({ 'main.tf': ENCRYPTED });
    for (const args of [['scan', '--format', 'xml'], ['scan', '--fail-on', 'sometimes'], ['scan', '--bogus'], ['frobnicate'], [], ['scan', 'missing-dir']]) {
      const { code, stderr } = run(args, dir);
      assert.equal(code, 2, `exit code for ${args.join(' ')}`);
      assert.equal(stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /^hipaa-iac: /);
    }
  });
});

describe('hipaa-iac parse', () => {
  test('prints hcl2json-shaped JSON', () => {
    const dir = workspace({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n  n = 1.5e3\n}\n' });
    const { code, stdout } = run(['parse', 'main.tf'], dir);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { resource: { aws_s3_bucket: { b: [{ bucket: 'x-${var.env}', n: 1500 }] } } });
  });

  test('a missing file is exit 2', () => {
    assert.equal(run(['parse', 'nope.tf'], workspace({})).code, 2);
  });
});
