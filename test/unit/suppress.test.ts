// Justified suppressions end to end through the engine: comments in HCL and YAML, Metadata in JSON and
// YAML templates, `//` entries in Terraform JSON, migration from Checkov/tfsec/Trivy, expiry against an
// injected clock, and the warnings about the suppressions themselves.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseYamlText } from 'yaml';
import { ALL_RULES } from '../../rules/index';
import { computeCoverage } from '../../server/src/engine/coverage';
import type { Finding } from '../../server/src/engine/finding';
import { Project, type UnitLintResult } from '../../server/src/engine/project';
import { lintProject } from '../../server/src/engine/report';
import { indexRules } from '../../server/src/engine/runner';
import { applySuppressions, CommentScanCache, isValidDate, suppressionCatalog, type SuppressionProblem } from '../../server/src/engine/suppress';

const rules = indexRules(ALL_RULES);
/** The injected clock: every expiry below is relative to this day. */
const TODAY = '2026-06-15';

function lintAll(files: Record<string, string>, today = TODAY): UnitLintResult[] {
  const project = new Project(rules, { now: () => new Date(`${today}T23:30:00Z`) });
  for (const [path, text] of Object.entries(files)) project.setFile(path, text);
  return project.unitNames().map((unit) => project.lintUnit(unit));
}

function lint(files: Record<string, string>, today = TODAY): UnitLintResult {
  const results = lintAll(files, today);
  assert.equal(results.length, 1);
  return results[0];
}

function find(result: UnitLintResult, ruleId: string, line?: number): Finding {
  const found = result.findings.find((finding) => finding.ruleId === ruleId && (line === undefined || finding.range.start.line === line));
  assert.ok(found, `no ${ruleId} finding${line === undefined ? '' : ` on line ${line}`}`);
  return found;
}

function suppressed(result: UnitLintResult): string[] {
  return result.findings.filter((finding) => finding.suppression).map((finding) => `${finding.ruleId}@${finding.range.start.line}`).sort();
}

function codes(result: UnitLintResult): string[] {
  return result.problems.map((problem) => `${problem.code}@${problem.range.start.line}`);
}

/** Applies an LSP-style edit to a text. */
function applyEdit(text: string, problem: SuppressionProblem): string {
  assert.ok(problem.removal, 'the problem offers a removal');
  const { range, newText } = problem.removal;
  return text.slice(0, range.start.offset) + newText + text.slice(range.end.offset);
}

// Lines (0-based): 0 header; 2 storage_encrypted; 3 publicly_accessible. Findings: backup retention and
// deletion protection at the header, storage encryption and public access at their attributes.
const RDS = (before = '', inside = '') =>
  `${before}resource "aws_db_instance" "clinical" {\n${inside}  engine              = "postgres"\n  storage_encrypted   = false\n  publicly_accessible = true\n}\n`;

describe('hipaa-iac:ignore comments in HCL', () => {
  test('above the resource: every finding of that rule on the resource, with reason, owner, expiry and place', () => {
    const text = RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="scratch database" owner="Data team" expires=2027-03-31\n');
    const result = lint({ 'm/main.tf': text });
    assert.deepEqual(suppressed(result), ['aws-rds-deletion-protection@1']);
    const finding = find(result, 'aws-rds-deletion-protection');
    assert.deepEqual(
      { ...finding.suppression, range: undefined },
      { reason: 'scratch database', owner: 'Data team', expires: '2027-03-31', file: 'm/main.tf', range: undefined, syntax: 'comment' },
    );
    assert.deepEqual(finding.suppression?.range.start, { line: 0, character: 0, offset: 0 });
    assert.equal(finding.suppression?.range.end.character, text.indexOf('\n'));
    assert.deepEqual(result.problems, []);
  });

  test('a suppression above the resource covers attribute findings too; other rules stay', () => {
    const result = lint({ 'm/main.tf': RDS('# hipaa-iac:ignore aws-rds-storage-encrypted reason="synthetic data only"\n') });
    assert.deepEqual(suppressed(result), ['aws-rds-storage-encrypted@3']);
    assert.equal(find(result, 'aws-rds-backup-retention').suppression, undefined);
  });

  test('among other comment lines, with // and several ids', () => {
    const before = '# The clinical database.\n// hipaa-iac:ignore aws-rds-deletion-protection, aws-rds-backup-retention reason="ephemeral"\n# Owned by the data team.\n';
    assert.deepEqual(suppressed(lint({ 'm/main.tf': RDS(before) })), ['aws-rds-backup-retention@3', 'aws-rds-deletion-protection@3']);
  });

  test('a blank line or code between the comment and the resource breaks the link', () => {
    assert.deepEqual(suppressed(lint({ 'm/main.tf': RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x"\n\n') })), []);
    assert.deepEqual(suppressed(lint({ 'm/main.tf': RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x"\nlocals {}\n') })), []);
  });

  test('above an attribute: only findings starting on that line', () => {
    const text = [
      'resource "aws_security_group" "admin" {',
      '  ingress {',
      '    from_port   = 22',
      '    to_port     = 22',
      '    protocol    = "tcp"',
      '    cidr_blocks = ["0.0.0.0/0"]',
      '  }',
      '  ingress {',
      '    from_port   = 3389',
      '    to_port     = 3389',
      '    protocol    = "tcp"',
      '    # hipaa-iac:ignore aws-ec2-no-public-ingress-to-admin-ports reason="bastion, MFA enforced"',
      '    cidr_blocks = ["0.0.0.0/0"]',
      '  }',
      '}',
      '',
    ].join('\n');
    const result = lint({ 'm/main.tf': text });
    assert.deepEqual(suppressed(result), ['aws-ec2-no-public-ingress-to-admin-ports@12']);
    assert.equal(find(result, 'aws-ec2-no-public-ingress-to-admin-ports', 5).suppression, undefined);
  });

  test('above another attribute of the resource: nothing', () => {
    const result = lint({ 'm/main.tf': RDS('', '  # hipaa-iac:ignore aws-rds-storage-encrypted reason="x"\n') });
    assert.deepEqual(suppressed(result), []);
  });

  test('at the end of the finding line, or of the resource header line', () => {
    const trailing = 'resource "aws_db_instance" "clinical" { # hipaa-iac:ignore aws-rds-backup-retention reason="AWS Backup plan"\n' +
      '  storage_encrypted = false # hipaa-iac:ignore aws-rds-storage-encrypted reason="test data"\n}\n';
    assert.deepEqual(suppressed(lint({ 'm/main.tf': trailing })), ['aws-rds-backup-retention@0', 'aws-rds-storage-encrypted@1']);
  });

  test('text inside strings and heredocs is never a suppression', () => {
    const text = [
      'resource "aws_db_instance" "clinical" {',
      '  tags = { Note = "# hipaa-iac:ignore aws-rds-storage-encrypted reason=\\"no\\"" }',
      '  storage_encrypted = false',
      '  user_data = <<EOT',
      '# hipaa-iac:ignore aws-unknown-rule',
      '# hipaa-iac:ignore aws-rds-not-publicly-accessible reason="no"',
      'EOT',
      '  publicly_accessible = true',
      '}',
      '',
    ].join('\n');
    const result = lint({ 'm/main.tf': text });
    assert.deepEqual(suppressed(result), []);
    assert.deepEqual(result.problems, []);
  });

  test('without a reason: the finding stays, with a warning on the comment naming a mistyped key', () => {
    const text = RDS('# hipaa-iac:ignore aws-rds-deletion-protection reson="typo"\n');
    const result = lint({ 'm/main.tf': text });
    assert.deepEqual(suppressed(result), []);
    assert.equal(result.problems.length, 1);
    const [problem] = result.problems;
    assert.equal(problem.code, 'suppression-missing-reason');
    assert.equal(problem.severity, 'warning');
    assert.equal(problem.file, 'm/main.tf');
    assert.deepEqual([problem.range.start.line, problem.range.start.character, problem.range.end.character], [0, 0, text.indexOf('\n')]);
    assert.match(problem.message, /has no reason \(unknown key "reson"\), so it does not apply/);
  });

  test('expired (before today, UTC): the finding is back and says so; today and later still apply', () => {
    const expired = lint({ 'm/main.tf': RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x" owner="a" expires=2026-06-14\n') });
    const finding = find(expired, 'aws-rds-deletion-protection');
    assert.equal(finding.suppression, undefined);
    assert.match(finding.message, /; ISO 27017 [^)]*\) \(exception expired on 2026-06-14\)$/);
    assert.equal(finding.expiredSuppression?.expires, '2026-06-14');
    assert.equal(finding.expiredSuppression?.owner, 'a');
    assert.deepEqual(expired.problems, []);
    for (const day of ['2026-06-15', '2026-06-16']) {
      const active = lint({ 'm/main.tf': RDS(`# hipaa-iac:ignore aws-rds-deletion-protection reason="x" expires=${day}\n`) });
      assert.deepEqual(suppressed(active), ['aws-rds-deletion-protection@1'], day);
    }
    // The same text on a later day.
    const later = lint({ 'm/main.tf': RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x" expires=2026-06-15\n') }, '2026-06-16');
    assert.deepEqual(suppressed(later), []);
    assert.match(find(later, 'aws-rds-deletion-protection').message, /\(exception expired on 2026-06-15\)$/);
  });

  test('an expiry that is not a date: warning, and no suppression', () => {
    for (const value of ['2026-13-01', 'soon', '2026-02-30']) {
      const result = lint({ 'm/main.tf': RDS(`# hipaa-iac:ignore aws-rds-deletion-protection reason="x" expires=${value}\n`) });
      assert.deepEqual(suppressed(result), [], value);
      assert.deepEqual(codes(result), ['suppression-invalid-expiry@0'], value);
    }
    assert.equal(isValidDate('2028-02-29'), true);
  });

  test('unknown rule id: warning at the id with a suggestion and a removal edit; known ids still apply', () => {
    const single = RDS('# hipaa-iac:ignore aws-rds-deletion-protectoin reason="x"\n');
    const result = lint({ 'm/main.tf': single });
    assert.deepEqual(suppressed(result), []);
    const [problem] = result.problems;
    assert.equal(problem.code, 'suppression-unknown-rule');
    assert.equal(problem.ruleId, 'aws-rds-deletion-protectoin');
    assert.match(problem.message, /did you mean "aws-rds-deletion-protection"/);
    assert.equal(single.slice(problem.range.start.offset, problem.range.end.offset), 'aws-rds-deletion-protectoin');
    assert.equal(single.slice(problem.suppressionRange.start.offset, problem.suppressionRange.end.offset), single.split('\n')[0]);
    assert.equal(applyEdit(single, problem), RDS(), 'the whole comment line goes');

    const several = RDS('# hipaa-iac:ignore aws-rds-deletion-protection, aws-nope, aws-rds-backup-retention reason="x"\n');
    const mixed = lint({ 'm/main.tf': several });
    assert.deepEqual(suppressed(mixed), ['aws-rds-backup-retention@1', 'aws-rds-deletion-protection@1']);
    assert.deepEqual(codes(mixed), ['suppression-unknown-rule@0']);
    assert.equal(
      applyEdit(several, mixed.problems[0]),
      RDS('# hipaa-iac:ignore aws-rds-deletion-protection, aws-rds-backup-retention reason="x"\n'),
    );
    const last = RDS('# hipaa-iac:ignore aws-rds-deletion-protection,aws-nope reason="x"\n');
    assert.equal(applyEdit(last, lint({ 'm/main.tf': last }).problems[0]), RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x"\n'));

    const trailing = 'resource "aws_db_instance" "clinical" {\n  storage_encrypted = false # hipaa-iac:ignore aws-nope reason="x"\n}\n';
    assert.equal(applyEdit(trailing, lint({ 'm/main.tf': trailing }).problems[0]), 'resource "aws_db_instance" "clinical" {\n  storage_encrypted = false\n}\n');
  });

  test('malformed hipaa-iac comments are reported', () => {
    const result = lint({ 'm/main.tf': RDS('# hipaa-iac:ignore:aws-rds-deletion-protection\n# hipaa-iac:ignore reason="no id"\n') });
    assert.deepEqual(codes(result), ['suppression-malformed@0', 'suppression-malformed@1']);
    assert.deepEqual(suppressed(result), []);
  });

  test('problems are reported even where no finding is, in every file of the module', () => {
    const results = lintAll({
      'm/main.tf': RDS(),
      'm/other.tf': '# hipaa-iac:ignore aws-nope reason="x"\nresource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n',
    });
    assert.deepEqual(
      results[0].problems.map((problem) => `${problem.file}:${problem.code}`),
      ['m/other.tf:suppression-unknown-rule'],
    );
  });
});

describe('migration from Checkov, tfsec and Trivy (Terraform)', () => {
  test('checkov:skip inside the resource block (Checkov convention) and above it, carrying the reason', () => {
    const inside = lint({ 'm/main.tf': RDS('', '  #checkov:skip=CKV_AWS_16:Synthetic test data only\n') });
    assert.deepEqual(suppressed(inside), ['aws-rds-storage-encrypted@3']);
    const finding = find(inside, 'aws-rds-storage-encrypted');
    assert.equal(finding.suppression?.reason, 'Synthetic test data only');
    assert.equal(finding.suppression?.syntax, 'checkov');
    assert.deepEqual(inside.problems, []);
    const above = lint({ 'm/main.tf': RDS('# checkov:skip=CKV_AWS_17: private subnets only\n') });
    assert.deepEqual(suppressed(above), ['aws-rds-not-publicly-accessible@4']);
  });

  test('a checkov:skip inside one resource does not reach the next; unmapped ids do nothing', () => {
    const text = RDS('', '  #checkov:skip=CKV_AWS_999:not ours\n') + RDS().replace('clinical', 'other');
    const withSkipInFirst = 'resource "aws_s3_bucket" "logs" {\n  #checkov:skip=CKV_AWS_16:wrong place\n}\n' + RDS();
    assert.deepEqual(suppressed(lint({ 'm/main.tf': text })), []);
    assert.deepEqual(suppressed(lint({ 'm/main.tf': withSkipInFirst })), []);
  });

  test('a migrated suppression without a reason applies, with a missing-reason warning', () => {
    const result = lint({ 'm/main.tf': RDS('', '  #checkov:skip=CKV_AWS_16\n') });
    assert.deepEqual(suppressed(result), ['aws-rds-storage-encrypted@3']);
    assert.deepEqual(codes(result), ['suppression-missing-reason@1']);
    assert.match(result.problems[0].message, /aws-rds-storage-encrypted is suppressed by a checkov:skip comment without a reason/);
  });

  test('a justified hipaa-iac suppression wins over an unjustified one: no warning', () => {
    const result = lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-encrypt-instance-storage-data\n# hipaa-iac:ignore aws-rds-storage-encrypted reason="test data"\n') });
    assert.equal(find(result, 'aws-rds-storage-encrypted').suppression?.reason, 'test data');
    assert.deepEqual(result.problems, []);
  });

  test('tfsec:ignore above the resource, above the attribute and at the end of the line', () => {
    const above = lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-encrypt-instance-storage-data tfsec:ignore:aws-rds-no-public-db-access\n') });
    assert.deepEqual(suppressed(above), ['aws-rds-not-publicly-accessible@4', 'aws-rds-storage-encrypted@3']);
    assert.equal(find(above, 'aws-rds-storage-encrypted').suppression?.syntax, 'tfsec');
    const endOfLine = RDS().replace('publicly_accessible = true', 'publicly_accessible = true #tfsec:ignore:aws-rds-no-public-db-access');
    assert.deepEqual(suppressed(lint({ 'm/main.tf': endOfLine })), ['aws-rds-not-publicly-accessible@3']);
    const attribute = RDS().replace('  publicly_accessible', '  # tfsec:ignore:aws-rds-no-public-db-access\n  publicly_accessible');
    assert.deepEqual(suppressed(lint({ 'm/main.tf': attribute })), ['aws-rds-not-publicly-accessible@4']);
  });

  test('tfsec :exp: dates expire like ours; :ws: is not honoured', () => {
    const expired = lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-no-public-db-access:exp:2026-01-31\n') });
    assert.deepEqual(suppressed(expired), []);
    assert.match(find(expired, 'aws-rds-not-publicly-accessible').message, /\(exception expired on 2026-01-31\)$/);
    const active = lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-no-public-db-access:exp:2026-12-31\n') });
    assert.equal(find(active, 'aws-rds-not-publicly-accessible').suppression?.expires, '2026-12-31');
    assert.deepEqual(suppressed(lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-no-public-db-access:ws:prod\n') })), []);
    assert.deepEqual(codes(lint({ 'm/main.tf': RDS('#tfsec:ignore:aws-rds-no-public-db-access:exp:2026-99-01\n') })), ['suppression-invalid-expiry@0']);
  });

  test('trivy:ignore with tfsec-era ids (any case); unknown scanner ids do nothing', () => {
    const result = lint({ 'm/main.tf': RDS('#trivy:ignore:AWS-RDS-NO-PUBLIC-DB-ACCESS\n#trivy:ignore:AVD-AWS-9999\n') });
    assert.deepEqual(suppressed(result), ['aws-rds-not-publicly-accessible@5']);
    assert.equal(find(result, 'aws-rds-not-publicly-accessible').suppression?.syntax, 'trivy');
    assert.deepEqual(codes(result), ['suppression-missing-reason@0']);
  });

  test('the catalogue maps every equivalent id of every rule', () => {
    const catalog = suppressionCatalog(ALL_RULES);
    for (const rule of ALL_RULES) {
      for (const id of rule.equivalents?.checkov ?? []) assert.ok(catalog.checkov.get(id)?.includes(rule.id), id);
      for (const id of rule.equivalents?.tfsec ?? []) assert.ok(catalog.tfsec.get(id)?.includes(rule.id), id);
    }
  });
});

const TEMPLATE = (resourceComment: string, metadata: string, propertyComment = '') =>
  [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    ...(resourceComment ? [resourceComment] : []),
    '  Db:',
    '    Type: AWS::RDS::DBInstance',
    ...(metadata ? [metadata] : []),
    '    Properties:',
    '      Description: |',
    '        # hipaa-iac:ignore aws-never-read reason="block scalar content"',
    ...(propertyComment ? [propertyComment] : []),
    '      StorageEncrypted: false',
    '      PubliclyAccessible: true',
    '',
  ].join('\n');

describe('CloudFormation YAML', () => {
  test('a comment above the logical id covers the resource; above a property covers that property', () => {
    const result = lint({
      't.yaml': TEMPLATE(
        '  # hipaa-iac:ignore aws-rds-deletion-protection reason="dev stack"',
        '',
        '      # hipaa-iac:ignore aws-rds-storage-encrypted reason="synthetic data" owner=sec expires=2027-01-01',
      ),
    });
    assert.deepEqual(suppressed(result), ['aws-rds-deletion-protection@3', 'aws-rds-storage-encrypted@9']);
    assert.deepEqual(result.problems, [], 'block scalar content is not a comment');
    assert.equal(find(result, 'aws-rds-storage-encrypted').suppression?.owner, 'sec');
  });

  test('Metadata hipaa-iac ignore entries, and their problems with a removal that leaves valid YAML', () => {
    const metadata = [
      '    Metadata:',
      '      hipaa-iac:',
      '        ignore:',
      '          - id: aws-rds-storage-encrypted',
      '            reason: Synthetic data only',
      '            owner: data-team',
      '            expires: 2027-03-31',
      '          - id: aws-rds-not-public',
      '            reason: typo',
      '          - id: aws-rds-deletion-protection',
    ].join('\n');
    const text = TEMPLATE('', metadata);
    const result = lint({ 't.yaml': text });
    assert.deepEqual(suppressed(result), ['aws-rds-storage-encrypted@17']);
    assert.deepEqual(
      { ...find(result, 'aws-rds-storage-encrypted').suppression, range: undefined },
      { reason: 'Synthetic data only', owner: 'data-team', expires: '2027-03-31', file: 't.yaml', range: undefined, syntax: 'metadata' },
    );
    assert.deepEqual(codes(result), ['suppression-unknown-rule@11', 'suppression-missing-reason@13']);
    const unknown = result.problems[0];
    assert.equal(text.slice(unknown.range.start.offset, unknown.range.end.offset), 'aws-rds-not-public');
    const fixed = parseYamlText(applyEdit(text, unknown));
    assert.deepEqual(
      fixed.Resources.Db.Metadata['hipaa-iac'].ignore.map((entry: { id: string }) => entry.id),
      ['aws-rds-storage-encrypted', 'aws-rds-deletion-protection'],
    );
  });

  test('Checkov in YAML: a comment inside the resource and Metadata checkov skip', () => {
    const comment = lint({ 't.yaml': TEMPLATE('', '    # checkov:skip=CKV_AWS_16:Ensure encryption is handled by the volume') });
    assert.deepEqual(suppressed(comment), ['aws-rds-storage-encrypted@8']);
    const metadata = ['    Metadata:', '      checkov:', '        skip:', '          - id: CKV_AWS_17', '            comment: Private subnets only'].join('\n');
    const result = lint({ 't.yaml': TEMPLATE('', metadata) });
    assert.deepEqual(suppressed(result), ['aws-rds-not-publicly-accessible@13']);
    assert.deepEqual(
      [find(result, 'aws-rds-not-publicly-accessible').suppression?.reason, find(result, 'aws-rds-not-publicly-accessible').suppression?.syntax],
      ['Private subnets only', 'checkov-metadata'],
    );
  });
});

describe('CloudFormation JSON (and CDK output)', () => {
  const template = (ignore: unknown[]) =>
    JSON.stringify(
      {
        Resources: {
          Db: {
            Type: 'AWS::RDS::DBInstance',
            Metadata: { 'aws:cdk:path': 'Stack/Db/Resource', 'hipaa-iac': { ignore } },
            Properties: { StorageEncrypted: false, PubliclyAccessible: true },
          },
        },
      },
      null,
      2,
    );

  test('Metadata entries suppress, expire, and report missing reasons and unknown ids', () => {
    const text = template([
      { id: 'aws-rds-storage-encrypted', reason: 'synthetic', owner: 'o', expires: '2027-01-01' },
      { id: 'aws-rds-not-publicly-accessible', reason: 'old', expires: '2026-01-31' },
      { id: 'aws-rds-deletion-protection' },
      { id: 'aws-nope', reason: 'x' },
    ]);
    const result = lint({ 'cdk.out/Stack.template.json': text });
    assert.deepEqual(suppressed(result).map((entry) => entry.split('@')[0]), ['aws-rds-storage-encrypted']);
    assert.equal(find(result, 'aws-rds-storage-encrypted').suppression?.syntax, 'metadata');
    assert.match(find(result, 'aws-rds-not-publicly-accessible').message, /\(construct Stack\/Db\).*\(exception expired on 2026-01-31\)$/);
    assert.deepEqual(
      result.problems.map((problem) => problem.code),
      ['suppression-missing-reason', 'suppression-unknown-rule'],
    );
    const unknown = result.problems[1];
    assert.equal(text.slice(unknown.range.start.offset, unknown.range.end.offset), '"aws-nope"');
    const fixed = JSON.parse(applyEdit(text, unknown));
    assert.equal(fixed.Resources.Db.Metadata['hipaa-iac'].ignore.length, 3);
    // Removing the first entry keeps the JSON valid too.
    const first = template([{ id: 'aws-nope', reason: 'x' }, { id: 'aws-rds-deletion-protection', reason: 'y' }]);
    const firstProblem = lint({ 'c.json': first }).problems[0];
    assert.deepEqual(JSON.parse(applyEdit(first, firstProblem)).Resources.Db.Metadata['hipaa-iac'].ignore, [{ id: 'aws-rds-deletion-protection', reason: 'y' }]);
  });

  test('a hipaa-iac Metadata value that is not a list is malformed', () => {
    const text = JSON.stringify({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Metadata: { 'hipaa-iac': { ignore: 'aws-rds-storage-encrypted' } } } } });
    assert.deepEqual(lint({ 'c.json': text }).problems.map((problem) => problem.code), ['suppression-malformed']);
  });
});

describe('Terraform JSON', () => {
  test('"//": {"hipaa-iac:ignore": [...]} inside the resource body', () => {
    const text = JSON.stringify(
      {
        resource: {
          aws_db_instance: {
            clinical: {
              '//': { metadata: { path: 'stack/clinical' }, 'hipaa-iac:ignore': [{ id: 'aws-rds-storage-encrypted', reason: 'test data', owner: 'qa' }, { id: 'aws-typo' }] },
              storage_encrypted: false,
            },
          },
        },
      },
      null,
      2,
    );
    const result = lint({ 'stacks/app/cdk.tf.json': text });
    const finding = find(result, 'aws-rds-storage-encrypted');
    assert.deepEqual([finding.suppression?.reason, finding.suppression?.owner, finding.suppression?.syntax], ['test data', 'qa', 'terraform-json']);
    // The entry without a reason starts a line before its unknown id.
    assert.deepEqual(result.problems.map((problem) => problem.code), ['suppression-missing-reason', 'suppression-unknown-rule']);
  });
});

describe('cost and reporting', () => {
  test('a file without a suppression marker is never scanned', () => {
    class Refusing extends CommentScanCache {
      override get(): never {
        throw new Error('scanned a file without markers');
      }
    }
    const project = new Project(rules);
    project.setFile('m/main.tf', RDS('# an ordinary comment\n'));
    const result = project.lintUnit('m');
    const { findings, problems } = applySuppressions({
      findings: result.findings,
      resources: project.configurationOf('m').config!.resources,
      files: [{ path: 'm/main.tf', text: project.getText('m/main.tf')!, kind: 'terraform' }],
      catalog: suppressionCatalog(ALL_RULES),
      today: TODAY,
      cache: new Refusing(),
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(findings, result.findings);
    // The same call on a file with a marker does scan it.
    const marked = RDS('# hipaa-iac:ignore aws-rds-storage-encrypted reason="x"\n');
    assert.throws(
      () =>
        applySuppressions({
          findings: [],
          resources: [],
          files: [{ path: 'm/main.tf', text: marked, kind: 'terraform' }],
          catalog: suppressionCatalog(ALL_RULES),
          today: TODAY,
          cache: new Refusing(),
        }),
      /scanned a file without markers/,
    );
  });

  test('the rules\' findings are never modified: relinting gives the same result', () => {
    const project = new Project(rules, { now: () => new Date(`${TODAY}T00:00:00Z`) });
    project.setFile('m/main.tf', RDS('# hipaa-iac:ignore aws-rds-deletion-protection reason="x" expires=2026-01-31\n# hipaa-iac:ignore aws-rds-backup-retention reason="y"\n'));
    const first = project.lintUnit('m');
    const second = project.lintUnit('m');
    assert.deepEqual(second, first);
    assert.equal(find(second, 'aws-rds-deletion-protection').message.match(/exception expired/g)?.length, 1);
    const plain = lint({ 'm/main.tf': RDS() });
    const { findings } = applySuppressions({
      findings: plain.findings,
      resources: [],
      files: [{ path: 'm/main.tf', text: RDS('# hipaa-iac:ignore aws-rds-storage-encrypted reason="x"\n'), kind: 'terraform' }],
      catalog: suppressionCatalog(ALL_RULES),
      today: TODAY,
    });
    assert.ok(plain.findings.every((finding) => finding.suppression === undefined));
    assert.equal(findings.length, plain.findings.length);
  });

  test('scan reports carry the problems; coverage counts suppressed findings as exceptions', () => {
    const project = new Project(rules, { now: () => new Date(`${TODAY}T00:00:00Z`) });
    project.setFile('m/main.tf', '# hipaa-iac:ignore aws-kms-key-rotation-enabled reason="imported key material" owner="sec"\nresource "aws_kms_key" "k" {\n}\n# hipaa-iac:ignore aws-nope reason="x"\n');
    const report = lintProject(project);
    assert.deepEqual(report.problems?.map((problem) => problem.code), ['suppression-unknown-rule']);
    const coverage = computeCoverage(report, ALL_RULES);
    const exceptions = coverage.frameworks.flatMap((framework) => framework.controls).flatMap((control) => control.exceptions);
    assert.ok(exceptions.length > 0);
    assert.ok(exceptions.every((exception) => exception.ruleId === 'aws-kms-key-rotation-enabled' && exception.reason === 'imported key material' && exception.owner === 'sec'));
  });
});
