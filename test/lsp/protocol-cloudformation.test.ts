// The language server over stdio with CloudFormation templates (YAML, JSON), Terraform JSON and CDK synth
// output: as-you-type findings, non-templates ignored, syntax errors and warnings, and CDK findings traced
// to the line of the app that creates the construct. Every wait is bounded. Needs `npm run build` first.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConfigurationItem, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { fileUri, LspHarness, SERVER_PATH } from './harness';

const RDS = 'aws-rds-storage-encrypted';
const PITR = 'aws-dynamodb-point-in-time-recovery';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hipaa-lsp-cfn-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function withCode(params: PublishDiagnosticsParams | undefined, code: string): Diagnostic[] {
  return (params?.diagnostics ?? []).filter((diagnostic) => diagnostic.code === code);
}

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

/** The 0-based line of the first occurrence of `search`. */
function lineOf(text: string, search: string): number {
  const offset = text.indexOf(search);
  assert.ok(offset >= 0, `"${search}" not in text`);
  return positionAt(text, offset).line;
}

const YAML_TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  PatientsDb:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  '      Engine: postgres',
  '      StorageEncrypted: false',
  '',
].join('\n');

const WORKFLOW = ['name: ci', 'on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - run: npm test', ''].join('\n');

const BROKEN_JSON = [
  '{',
  '  "Resources": {',
  '    "A": { "Type": "AWS::RDS::DBInstance", "Properties": { "StorageEncrypted": false } },',
  '    "B": { "Type": "AWS::SQS::Queue" "Properties": {} },',
  '    "C": { "Type": "AWS::RDS::DBInstance", "Properties": { "StorageEncrypted": false } }',
  '  }',
  '}',
  '',
].join('\n');

function cdkTemplate(pointInTimeRecovery: boolean): string {
  return JSON.stringify(
    {
      Resources: {
        AppointmentsF2B0C8E1: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: pointInTimeRecovery },
          },
          Metadata: { 'aws:cdk:path': 'ClinicalStack/Appointments/Resource' },
        },
      },
    },
    null,
    2,
  );
}

const CDK_SOURCE = [
  "import { Stack, type StackProps } from 'aws-cdk-lib';",
  "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
  "import type { Construct } from 'constructs';",
  '',
  'export class ClinicalStack extends Stack {',
  '  constructor(scope: Construct, id: string, props?: StackProps) {',
  '    super(scope, id, props);',
  "    new dynamodb.Table(this, 'Appointments', {",
  "      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },",
  '    });',
  '  }',
  '}',
  '',
].join('\n');

before(() => {
  assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build`);
});

describe('CloudFormation, Terraform JSON and CDK output over stdio', () => {
  let root: string;
  let server: LspHarness;
  let settings: Record<string, unknown> = {};

  before(async () => {
    root = workspace({
      'cfn/db.yaml': YAML_TEMPLATE,
      '.github/workflows/ci.yml': WORKFLOW,
      'tfjson/variables.tf.json': JSON.stringify({ variable: { encrypt: { default: false } } }, null, 2),
      'tfjson/main.tf.json': '{}\n',
      'closed/queue.yaml': YAML_TEMPLATE,
      // The CDK app: its synthesised template, its source, the JavaScript tsc compiled beside it (not a
      // second creating line), and a dependency that must not be searched.
      'app/cdk.out/ClinicalStack.template.json': cdkTemplate(false),
      'app/cdk.out/manifest.json': '{"version": "36.0.0", "Resources": "not a template"}',
      'app/lib/clinical-stack.ts': CDK_SOURCE,
      'app/lib/clinical-stack.js': CDK_SOURCE.replace('type StackProps', 'StackProps'),
      'app/node_modules/other/index.js': "new Table(this, 'Appointments', {});\n",
    });
    server = await LspHarness.start({ folders: [root], settings: (_item: ConfigurationItem) => settings });
  });

  after(() => {
    if (server.child.exitCode === null) server.kill();
  });

  test('a YAML template: the finding is on the property at fault, and fixing it clears it', async () => {
    const uri = fileUri(join(root, 'cfn/db.yaml'));
    await server.open(uri, YAML_TEMPLATE, 1, 'yaml');
    const first = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    const [finding] = withCode(first, RDS);
    assert.ok(finding, JSON.stringify(first.diagnostics));
    const line = lineOf(YAML_TEMPLATE, 'StorageEncrypted: false');
    assert.equal(finding.range.start.line, line);
    assert.equal(finding.range.start.character, '      '.length);
    assert.equal(finding.severity, 1);
    assert.equal(finding.source, 'hipaa-iac');
    assert.match(finding.message, /"PatientsDb".*unencrypted.*HIPAA 164\.312\(a\)\(2\)\(iv\)/);

    const fix = edit(YAML_TEMPLATE, 'StorageEncrypted: false', 'StorageEncrypted: true');
    await server.change(uri, 2, [fix.change]);
    const second = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(withCode(second, RDS), []);
  });

  test('YAML that is not a template gets no diagnostics as typed; package.json is not even parsed', async () => {
    const workflow = fileUri(join(root, '.github/workflows/ci.yml'));
    const manifest = fileUri(join(root, 'package.json'));
    const template = fileUri(join(root, 'cfn/other.yaml'));
    await server.open(workflow, WORKFLOW, 1, 'yaml');
    await server.change(workflow, 2, [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } }, text: 'Resources' }]);
    await server.open(manifest, '{"name": "x", "Resources": {"A": {"Type": "AWS::S3::Bucket"}}}', 1, 'json');
    // A template opened afterwards is linted after them: when its diagnostics arrive, theirs would have.
    await server.open(template, YAML_TEMPLATE, 1, 'yaml');
    await server.waitForDiagnostics(template, (params) => withCode(params, RDS).length > 0);
    await server.connection.sendRequest('hipaaIac/relintWorkspace');
    for (const params of server.publishesFor(workflow)) assert.deepEqual(params.diagnostics, []);
    // Not a template whatever it says (known by its name): an empty answer, nothing more.
    assert.deepEqual(
      server.publishesFor(manifest).map((params) => params.diagnostics),
      [[]],
    );
  });

  test('a JSON syntax error is a diagnostic; the other resources keep their findings; a YAML duplicate key is a warning', async () => {
    const uri = fileUri(join(root, 'cfn/broken.json'));
    await server.open(uri, BROKEN_JSON, 1, 'json');
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    const syntax = withCode(published, 'syntax');
    assert.equal(syntax.length, 1, JSON.stringify(published.diagnostics));
    assert.equal(syntax[0].severity, 1);
    assert.equal(syntax[0].source, 'hipaa-iac');
    assert.equal(syntax[0].range.start.line, lineOf(BROKEN_JSON, '"B"'));
    assert.deepEqual(
      withCode(published, RDS).map((diagnostic) => diagnostic.range.start.line),
      [lineOf(BROKEN_JSON, '"A"'), lineOf(BROKEN_JSON, '"C"')],
    );

    const duplicate = fileUri(join(root, 'cfn/duplicate.yaml'));
    const text = YAML_TEMPLATE.replace('      Engine: postgres\n', '      Engine: postgres\n      Engine: mysql\n');
    await server.open(duplicate, text, 1, 'yaml');
    const warned = await server.waitForDiagnostics(duplicate, (params) => params.version === 1);
    const warning = withCode(warned, 'syntax');
    assert.equal(warning.length, 1, JSON.stringify(warned.diagnostics));
    assert.equal(warning[0].severity, 2);
    assert.equal(warning[0].range.start.line, lineOf(text, 'Engine: mysql'));
    assert.equal(withCode(warned, RDS).length, 1);
  });

  test('a .tf.json file joins its directory module (a variable from a closed .tf.json sibling)', async () => {
    const main = fileUri(join(root, 'tfjson/main.tf.json'));
    const text = JSON.stringify({ resource: { aws_db_instance: { db: { engine: 'postgres', storage_encrypted: '${var.encrypt}' } } } }, null, 2);
    await server.open(main, text, 1, 'json');
    const first = await server.waitForDiagnostics(main, (params) => params.version === 1 && withCode(params, RDS).length > 0, {
      what: 'finding from the variable default in variables.tf.json',
    });
    assert.equal(withCode(first, RDS)[0].range.start.line, lineOf(text, '"storage_encrypted"'));

    const variables = fileUri(join(root, 'tfjson/variables.tf.json'));
    const mark = server.publishes.length;
    await server.open(variables, JSON.stringify({ variable: { encrypt: { default: true } } }, null, 2), 1, 'json');
    await server.waitForDiagnostics(main, (params) => withCode(params, RDS).length === 0, { after: mark, what: 'finding gone with the open sibling' });
  });

  test('workspace-wide: a closed template on disk is linted too', async () => {
    const closed = fileUri(join(root, 'closed/queue.yaml'));
    settings = { diagnostics: { workspaceWide: true } };
    const mark = server.publishes.length;
    await server.configurationChanged();
    const published = await server.waitForDiagnostics(closed, (params) => withCode(params, RDS).length > 0, { after: mark });
    assert.equal(published.version, undefined);
    // The cdk.out metadata is never read as a template.
    assert.ok(!server.publishes.some((params) => params.uri.endsWith('manifest.json')));
    settings = {};
    const mark2 = server.publishes.length;
    await server.configurationChanged();
    await server.waitForDiagnostics(closed, (params) => params.diagnostics.length === 0, { after: mark2 });
  });

  test('CDK: the template finding points at the creating line, the source line gets it too, and both follow changes', async () => {
    const templatePath = join(root, 'app/cdk.out/ClinicalStack.template.json');
    const template = fileUri(templatePath);
    const source = fileUri(join(root, 'app/lib/clinical-stack.ts'));
    const creatingLine = lineOf(CDK_SOURCE, "new dynamodb.Table(this, 'Appointments'");
    const relatedToSource = (params: PublishDiagnosticsParams) =>
      withCode(params, PITR).some((diagnostic) => diagnostic.relatedInformation?.[0]?.location.uri === source);

    // The template: its diagnostic carries related information pointing at the source line. (Only publishes
    // from now on count: the workspace-wide test above published for these files while they were closed.)
    let mark = server.publishes.length;
    await server.open(template, cdkTemplate(false), 1, 'json');
    const published = await server.waitForDiagnostics(template, (params) => params.version === 1 && relatedToSource(params), {
      after: mark,
      what: 'template diagnostic with related information',
    });
    const [finding] = withCode(published, PITR);
    assert.match(finding.message, /\(construct ClinicalStack\/Appointments\)/);
    const related = finding.relatedInformation![0];
    assert.equal(related.location.range.start.line, creatingLine);
    assert.equal(related.location.range.start.character, CDK_SOURCE.split('\n')[creatingLine].indexOf('new'));
    assert.match(related.message, /ClinicalStack\/Appointments/);
    // Reading the app sources made the server watch them.
    const globs = server.registrations
      .filter((registration) => registration.method === 'workspace/didChangeWatchedFiles')
      .flatMap((registration) => (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((watcher) => watcher.globPattern));
    for (const glob of ['**/*.ts', '**/*.js', '**/*.py']) assert.ok(globs.includes(glob), globs.join(', '));

    // The source file: the same finding, mirrored on the creating line, pointing back at the template.
    mark = server.publishes.length;
    await server.open(source, CDK_SOURCE, 1, 'typescript');
    const mirrored = await server.waitForDiagnostics(source, (params) => params.version === 1 && withCode(params, PITR).length > 0, {
      after: mark,
      what: 'mirrored diagnostic',
    });
    const [mirror] = withCode(mirrored, PITR);
    assert.equal(mirrored.version, 1);
    assert.equal(mirror.range.start.line, creatingLine);
    assert.equal(mirror.message, finding.message);
    assert.equal(mirror.severity, finding.severity);
    assert.equal(mirror.source, 'hipaa-iac');
    assert.equal(mirror.relatedInformation?.[0].location.uri, template);
    assert.deepEqual(mirror.relatedInformation?.[0].location.range, finding.range);
    // Nothing but mirrors: the server does not lint TypeScript.
    for (const diagnostic of mirrored.diagnostics) {
      assert.equal(diagnostic.relatedInformation?.[0].location.uri, template);
      assert.notEqual(diagnostic.code, 'syntax');
    }

    // The setting off: the source line is cleared, the template keeps its related information.
    settings = { cdk: { showInSource: false } };
    mark = server.publishes.length;
    await server.configurationChanged();
    await server.waitForDiagnostics(source, (params) => params.diagnostics.length === 0, { after: mark, what: 'mirror removed' });
    assert.ok(relatedToSource(server.latest(template)!));
    settings = {};
    mark = server.publishes.length;
    await server.configurationChanged();
    await server.waitForDiagnostics(source, (params) => withCode(params, PITR).length > 0, { after: mark, what: 'mirror back' });

    // Typing in the source moves the mirror with the line.
    mark = server.publishes.length;
    await server.change(source, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// header\n' }]);
    const moved = await server.waitForDiagnostics(source, (params) => withCode(params, PITR)[0]?.range.start.line === creatingLine + 1, {
      after: mark,
      what: 'mirror on the moved line',
    });
    assert.equal(moved.version, 2);

    // Re-synthesised with the finding fixed, while the template is closed: the watcher event refreshes it.
    await server.close(template);
    writeFileSync(templatePath, cdkTemplate(true));
    mark = server.publishes.length;
    await server.filesChanged([{ uri: template, type: 2 }]);
    const refreshed = await server.waitForDiagnostics(source, (params) => withCode(params, PITR).length === 0, { after: mark, what: 'mirror gone after re-synth' });
    // The other findings of the table stay on its line.
    assert.ok(refreshed.diagnostics.length > 0);
    assert.ok(refreshed.diagnostics.every((diagnostic) => diagnostic.range.start.line === creatingLine + 1));

    // Synthesised again with the finding back.
    writeFileSync(templatePath, cdkTemplate(false));
    mark = server.publishes.length;
    await server.filesChanged([{ uri: template, type: 2 }]);
    await server.waitForDiagnostics(source, (params) => withCode(params, PITR).length > 0, { after: mark, what: 'mirror back after re-synth' });

    // Closing the source clears its mirrors (not workspace-wide).
    mark = server.publishes.length;
    await server.close(source);
    await server.waitForDiagnostics(source, (params) => params.diagnostics.length === 0, { after: mark, what: 'mirrors cleared on close' });
  });

  test('shutdown is clean; nothing was written to stderr', async () => {
    assert.equal(await server.shutdown(), 0);
    assert.equal(server.stderr, '');
  });
});
