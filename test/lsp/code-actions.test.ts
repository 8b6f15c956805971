// Code actions over the real protocol (`node dist/server.js --stdio`): quick fixes (resolved lazily,
// never for a stale version), fix-all, suppression problems and their removal, and the suppression edit
// the client command requests. Needs `npm run build` first.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DiagnosticSeverity,
  TextDocumentEdit,
  type CodeAction,
  type Command,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from '../../server/src/lsp/code-actions';
import { SUPPRESSION_EDIT_REQUEST, type SuppressionEditParams, type SuppressionEditResult, type SuppressTarget } from '../../server/src/lsp/suppression-protocol';
import { fileUri, LspHarness, SERVER_PATH } from './harness';

const TF = `resource "aws_db_instance" "db" {
  engine            = "postgres"
  storage_encrypted = false
}
`;
const YAML = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: false
`;
const JSON_TEMPLATE = `{
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "postgres",
        "StorageEncrypted": false
      }
    }
  }
}
`;

const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((diagnostic) => String(diagnostic.code));

/** A document the test edits: its text and version follow every change sent. */
class Doc {
  version = 1;
  constructor(
    readonly server: LspHarness,
    readonly uri: string,
    public text: string,
    readonly languageId: string,
  ) {}

  async open(): Promise<PublishDiagnosticsParams> {
    const mark = this.server.publishes.length;
    await this.server.open(this.uri, this.text, this.version, this.languageId);
    return this.diagnostics(mark);
  }

  diagnostics(after = 0): Promise<PublishDiagnosticsParams> {
    return this.server.waitForDiagnostics(this.uri, (params) => params.version === this.version, { after, what: `diagnostics of ${this.uri} v${this.version}` });
  }

  /** Replaces the whole text (a new version) and waits for its diagnostics. */
  async setText(text: string): Promise<PublishDiagnosticsParams> {
    const mark = this.server.publishes.length;
    this.text = text;
    this.version++;
    await this.server.change(this.uri, this.version, [{ text }]);
    return this.diagnostics(mark);
  }

  /** Applies a workspace edit the way a client does: refused for another version of the document. */
  async apply(edit: WorkspaceEdit): Promise<PublishDiagnosticsParams> {
    const changes = edit.documentChanges ?? [];
    assert.equal(changes.length, 1);
    const change = changes[0];
    assert.ok(TextDocumentEdit.is(change));
    assert.equal(change.textDocument.uri, this.uri);
    assert.equal(change.textDocument.version, this.version, 'the edit is for the current version');
    const doc = TextDocument.create(this.uri, this.languageId, this.version, this.text);
    return this.setText(TextDocument.applyEdits(doc, change.edits as never));
  }

  actions(diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: this.uri },
      range,
      context: only ? { diagnostics, only } : { diagnostics },
    }) as Promise<(CodeAction | Command)[]>;
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.server.connection.sendRequest(CodeActionResolveRequest.type, action);
  }

  suppression(target: SuppressTarget, details: { reason: string; owner?: string; expires?: string }): Promise<SuppressionEditResult> {
    const params: SuppressionEditParams = { ...target, ...details };
    return this.server.connection.sendRequest(SUPPRESSION_EDIT_REQUEST, params) as Promise<SuppressionEditResult>;
  }
}

const asActions = (list: (CodeAction | Command)[]) => list.filter((item): item is CodeAction => 'title' in item && !('arguments' in item && typeof item.command === 'string'));
const diagnosticOf = (params: PublishDiagnosticsParams, code: string) => {
  const found = params.diagnostics.find((diagnostic) => diagnostic.code === code);
  assert.ok(found, `a ${code} diagnostic in ${JSON.stringify(codes(params))}`);
  return found;
};

before(() => {
  assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build`);
});

describe('code actions over stdio', () => {
  let root: string;
  let server: LspHarness;
  let count = 0;

  const doc = (name: string, text: string, languageId: string) => {
    const dir = join(root, `case${++count}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), text);
    return new Doc(server, fileUri(join(dir, name)), text, languageId);
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'hipaa-actions-'));
    server = await LspHarness.start({
      initializationOptions: { debounceMs: 0 },
      textDocumentCapabilities: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true } },
    });
  });

  after(async () => {
    if (server) await server.shutdown().catch(() => server.kill());
  });

  test('the server announces quick fixes, fix-all and resolve', () => {
    const provider = server.initializeResult.capabilities.codeActionProvider;
    assert.ok(provider && typeof provider === 'object');
    assert.deepEqual(provider.codeActionKinds, ['quickfix', FIX_ALL_KIND]);
    assert.equal(provider.resolveProvider, true);
  });

  test('quick fixes are offered without an edit, preferred only when safe; resolving one fixes the finding', async () => {
    const tf = doc('main.tf', TF, 'terraform');
    const first = await tf.open();
    const safe = diagnosticOf(first, 'aws-rds-deletion-protection');
    const unsafe = diagnosticOf(first, 'aws-rds-storage-encrypted');

    const safeActions = asActions(await tf.actions([safe]));
    const fix = safeActions.find((action) => action.title === 'Set deletion_protection = true');
    assert.ok(fix, JSON.stringify(safeActions.map((action) => action.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.edit, undefined, 'the edit is computed in resolve');
    assert.deepEqual(fix.diagnostics, [safe]);

    const unsafeActions = asActions(await tf.actions([unsafe]));
    const suggestion = unsafeActions.find((action) => action.title.startsWith('Set storage_encrypted = true — '));
    assert.ok(suggestion, JSON.stringify(unsafeActions.map((action) => action.title)));
    assert.notEqual(suggestion.isPreferred, true);

    const resolved = await tf.resolve(fix);
    assert.ok(resolved.edit, 'resolve returns the edit');
    assert.ok(!server.logs.some((line) => line.includes('@cdktf/hcl2json is not available')), 'the HCL check ran under HashiCorp\'s parser');
    const after = await tf.apply(resolved.edit);
    assert.ok(!codes(after).includes('aws-rds-deletion-protection'), JSON.stringify(codes(after)));
    assert.match(tf.text, /deletion_protection\s+= true/);
    assert.ok(codes(after).includes('aws-rds-storage-encrypted'));
  });

  test('a fix whose target is a companion resource edits the companion, not the bucket', async () => {
    const text = [
      'resource "aws_s3_bucket" "records" {',
      '  bucket = "clinical-records"',
      '}',
      '',
      'resource "aws_s3_bucket_versioning" "records" {',
      '  bucket = aws_s3_bucket.records.id',
      '  versioning_configuration {',
      '    status = "Suspended"',
      '  }',
      '}',
      '',
    ].join('\n');
    const tf = doc('main.tf', text, 'terraform');
    const diagnostic = diagnosticOf(await tf.open(), 'aws-s3-bucket-versioning-enabled');
    assert.equal(diagnostic.range.start.line, 0, 'reported on the bucket');
    const fix = asActions(await tf.actions([diagnostic])).find((action) => action.title.startsWith('Set status = "Enabled" in aws_s3_bucket_versioning.records'));
    assert.ok(fix);
    assert.notEqual(fix.isPreferred, true, 'a suggestion');
    const resolved = await tf.resolve(fix);
    assert.ok(resolved.edit);
    const after = await tf.apply(resolved.edit);
    assert.ok(!codes(after).includes('aws-s3-bucket-versioning-enabled'), JSON.stringify(codes(after)));
    assert.equal(tf.text, text.replace('"Suspended"', '"Enabled"'), 'only the status in the companion changed');
  });

  test('a fix whose target is in another file of the module edits that file (at its open version, or on disk)', async () => {
    const bucket = 'resource "aws_s3_bucket" "records" {\n  bucket = "clinical-records"\n}\n';
    const companion = [
      'resource "aws_s3_bucket_versioning" "records" {',
      '  bucket = aws_s3_bucket.records.id',
      '  versioning_configuration {',
      '    status = "Suspended"',
      '  }',
      '}',
      '',
    ].join('\n');
    const main = doc('main.tf', bucket, 'terraform');
    const companionPath = join(dirname(fileURLToPath(main.uri)), 'versioning.tf');
    writeFileSync(companionPath, companion);
    const companionUri = fileUri(companionPath);
    const title = 'Set status = "Enabled" in aws_s3_bucket_versioning.records';

    // The companion's file is not open: the edit addresses the file on disk (no version).
    const closedDiagnostic = diagnosticOf(await main.open(), 'aws-s3-bucket-versioning-enabled');
    const closedFix = asActions(await main.actions([closedDiagnostic])).find((action) => action.title.startsWith(title));
    assert.ok(closedFix);
    const closedEdit = (await main.resolve(closedFix)).edit?.documentChanges?.[0];
    assert.ok(closedEdit && TextDocumentEdit.is(closedEdit));
    assert.equal(closedEdit.textDocument.uri, companionUri);
    assert.equal(closedEdit.textDocument.version, null);

    // Open: the edit is for its current version, and applying it clears the bucket's finding.
    const other = new Doc(server, companionUri, companion, 'terraform');
    await other.open();
    const diagnostic = diagnosticOf(await main.diagnostics(), 'aws-s3-bucket-versioning-enabled');
    const fix = asActions(await main.actions([diagnostic])).find((action) => action.title.startsWith(title));
    assert.ok(fix);
    const resolved = await main.resolve(fix);
    assert.ok(resolved.edit);
    const mark = server.publishes.length;
    await other.apply(resolved.edit);
    assert.equal(other.text, companion.replace('"Suspended"', '"Enabled"'), 'only the status in the companion changed');
    const after = await server.waitForDiagnostics(main.uri, (params) => !codes(params).includes('aws-s3-bucket-versioning-enabled'), { after: mark });
    assert.ok(!codes(after).includes('aws-s3-bucket-versioning-enabled'));
  });

  test('a quick fix resolved for a stale version has no edit', async () => {
    const tf = doc('main.tf', TF, 'terraform');
    const first = await tf.open();
    const [fix] = asActions(await tf.actions([diagnosticOf(first, 'aws-rds-deletion-protection')])).filter((action) => action.data);
    assert.ok(fix);
    await tf.setText(TF.replace('postgres', 'mysql'));
    const resolved = await tf.resolve(fix);
    assert.equal(resolved.edit, undefined);
    assert.equal(resolved.title, fix.title);
  });

  test('fix all applies every safe fix of the file, and only those', async () => {
    const tf = doc('main.tf', TF, 'terraform');
    const first = await tf.open();
    assert.ok(codes(first).includes('aws-rds-deletion-protection'));
    const quick = asActions(await tf.actions(first.diagnostics));
    assert.ok(!quick.some((action) => action.kind === FIX_ALL_KIND), 'fix-all is a source action, not in the light bulb');

    const [fixAll] = asActions(await tf.actions([], [FIX_ALL_KIND]));
    assert.ok(fixAll, 'fix-all is offered when asked for');
    assert.equal(fixAll.kind, FIX_ALL_KIND);
    assert.ok(fixAll.edit, 'asked for explicitly (on save), the edit comes with it');
    const after = await tf.apply(fixAll.edit);
    assert.ok(!codes(after).includes('aws-rds-deletion-protection'), JSON.stringify(codes(after)));
    // Unsafe fixes are suggestions to review: fix-all leaves them.
    assert.ok(codes(after).includes('aws-rds-storage-encrypted'));
    assert.ok(codes(after).includes('aws-rds-backup-retention'));
    assert.match(tf.text, /storage_encrypted\s+= false/);

    // Lazily (the Source Action menu): resolved against the current version; stale -> nothing.
    const yaml = doc('app.cfn.yaml', YAML, 'yaml');
    await yaml.open();
    const [lazy] = asActions(await yaml.actions([], ['source']));
    assert.ok(lazy && !lazy.edit && lazy.data);
    const resolved = await yaml.resolve(lazy);
    assert.ok(resolved.edit);
    const fixed = await yaml.apply(resolved.edit);
    assert.ok(!codes(fixed).includes('aws-rds-deletion-protection'), JSON.stringify(codes(fixed)));
    assert.equal((await yaml.resolve(lazy)).edit, undefined, 'the version moved on');
  });

  test('every finding offers "Suppress with justification…" (resource, and line when it differs)', async () => {
    const tf = doc('main.tf', TF, 'terraform');
    const first = await tf.open();
    const onLine = (await tf.actions([diagnosticOf(first, 'aws-rds-storage-encrypted')])).filter((action) => action.title.startsWith('Suppress'));
    assert.equal(onLine.length, 2, JSON.stringify(onLine));
    const commands = onLine.map((action) => (action as CodeAction).command);
    assert.deepEqual(
      commands.map((command) => [command?.command, (command?.arguments?.[0] as SuppressTarget).scope]),
      [
        ['hipaaIac.suppress', 'resource'],
        ['hipaaIac.suppress', 'line'],
      ],
    );
    const target = commands[0]!.arguments![0] as SuppressTarget;
    assert.equal(target.uri, tf.uri);
    assert.equal(target.version, tf.version);
    assert.equal(target.ruleId, 'aws-rds-storage-encrypted');
    assert.equal(target.resource, 'aws_db_instance.db');
    const onHeader = (await tf.actions([diagnosticOf(first, 'aws-rds-deletion-protection')])).filter((action) => action.title.startsWith('Suppress'));
    assert.equal(onHeader.length, 1, 'a finding on the resource header: one place');
  });

  test('HCL suppressions: above the resource and above the line; the findings are then suppressed', async () => {
    const tf = doc('main.tf', TF, 'terraform');
    const first = await tf.open();
    const target = (code: string, scope: SuppressTarget['scope']): SuppressTarget => {
      const diagnostic = diagnosticOf(first, code);
      return { uri: tf.uri, version: first.version!, ruleId: code, resource: 'aws_db_instance.db', range: diagnostic.range, scope };
    };
    const resourceLevel = await tf.suppression(target('aws-rds-deletion-protection', 'resource'), { reason: 'Scratch "db", rebuilt nightly', owner: 'data-platform', expires: '2999-12-31' });
    assert.ok(resourceLevel.edit, resourceLevel.error);
    let after = await tf.apply(resourceLevel.edit);
    assert.ok(tf.text.startsWith('# hipaa-iac:ignore aws-rds-deletion-protection reason="Scratch \\"db\\", rebuilt nightly" owner="data-platform" expires=2999-12-31\nresource'), tf.text);
    assert.ok(!codes(after).includes('aws-rds-deletion-protection'), JSON.stringify(codes(after)));
    assert.ok(!after.diagnostics.some((diagnostic) => String(diagnostic.code).startsWith('suppression-')), JSON.stringify(codes(after)));

    const encrypted = after.diagnostics.find((diagnostic) => diagnostic.code === 'aws-rds-storage-encrypted')!;
    const lineLevel = await tf.suppression(
      { uri: tf.uri, version: tf.version, ruleId: 'aws-rds-storage-encrypted', resource: 'aws_db_instance.db', range: encrypted.range, scope: 'line' },
      { reason: 'Synthetic data only' },
    );
    assert.ok(lineLevel.edit, lineLevel.error);
    after = await tf.apply(lineLevel.edit);
    assert.match(tf.text, /\n {2}# hipaa-iac:ignore aws-rds-storage-encrypted reason="Synthetic data only"\n {2}storage_encrypted = false\n/);
    assert.ok(!codes(after).includes('aws-rds-storage-encrypted'), JSON.stringify(codes(after)));

    // A stale request and a missing reason are refused.
    const stale = await tf.suppression(target('aws-rds-backup-retention', 'resource'), { reason: 'x' });
    assert.equal(stale.edit, undefined);
    assert.match(stale.error ?? '', /changed/);
    const current = { ...target('aws-rds-backup-retention', 'resource'), version: tf.version, range: diagnosticOf(after, 'aws-rds-backup-retention').range };
    assert.match((await tf.suppression(current, { reason: '  ' })).error ?? '', /reason is required/);
    assert.match((await tf.suppression(current, { reason: 'ok', expires: '2001-01-01' })).error ?? '', /future/);
  });

  test('YAML template suppression (line) and JSON template suppression (Metadata)', async () => {
    const yaml = doc('app.cfn.yaml', YAML, 'yaml');
    const first = await yaml.open();
    const encrypted = diagnosticOf(first, 'aws-rds-storage-encrypted');
    const yamlEdit = await yaml.suppression(
      { uri: yaml.uri, version: yaml.version, ruleId: 'aws-rds-storage-encrypted', resource: 'Db', range: encrypted.range, scope: 'line' },
      { reason: 'Synthetic data only', expires: '2999-01-31' },
    );
    assert.ok(yamlEdit.edit, yamlEdit.error);
    let after = await yaml.apply(yamlEdit.edit);
    assert.match(yaml.text, /\n {6}# hipaa-iac:ignore aws-rds-storage-encrypted reason="Synthetic data only" expires=2999-01-31\n {6}StorageEncrypted: false/);
    assert.ok(!codes(after).includes('aws-rds-storage-encrypted'), JSON.stringify(codes(after)));
    const deletion = diagnosticOf(after, 'aws-rds-deletion-protection');
    const yamlResource = await yaml.suppression(
      { uri: yaml.uri, version: yaml.version, ruleId: 'aws-rds-deletion-protection', resource: 'Db', range: deletion.range, scope: 'resource' },
      { reason: 'Scratch' },
    );
    after = await yaml.apply(yamlResource.edit!);
    assert.match(yaml.text, /^Resources:\n {2}# hipaa-iac:ignore aws-rds-deletion-protection reason="Scratch"\n {2}Db:\n/);
    assert.ok(!codes(after).includes('aws-rds-deletion-protection'), JSON.stringify(codes(after)));

    const json = doc('app.template.json', JSON_TEMPLATE, 'json');
    const jsonFirst = await json.open();
    const jsonDiagnostic = diagnosticOf(jsonFirst, 'aws-rds-storage-encrypted');
    const jsonActions = (await json.actions([jsonDiagnostic])).filter((action) => action.title.startsWith('Suppress'));
    assert.equal(jsonActions.length, 1, 'JSON: the resource Metadata only');
    const jsonEdit = await json.suppression(
      { uri: json.uri, version: json.version, ruleId: 'aws-rds-storage-encrypted', resource: 'Db', range: jsonDiagnostic.range, scope: 'resource' },
      { reason: 'Synthetic data only', owner: 'qa' },
    );
    assert.ok(jsonEdit.edit, jsonEdit.error);
    const jsonAfter = await json.apply(jsonEdit.edit);
    const parsed = JSON.parse(json.text) as { Resources: { Db: { Metadata: unknown } } };
    assert.deepEqual(parsed.Resources.Db.Metadata, { 'hipaa-iac': { ignore: [{ id: 'aws-rds-storage-encrypted', reason: 'Synthetic data only', owner: 'qa' }] } });
    assert.ok(!codes(jsonAfter).includes('aws-rds-storage-encrypted'), JSON.stringify(codes(jsonAfter)));
    assert.ok(codes(jsonAfter).includes('aws-rds-deletion-protection'));
    // Written with the file's indentation.
    assert.match(json.text, /\n {6}"Metadata": \{\n {8}"hipaa-iac": \{/);
  });

  test('suppression problems are warnings; the unknown rule is removed by its quick fix', async () => {
    const text = `# hipaa-iac:ignore aws-rds-no-such-rule reason="typo"\n${TF}`;
    const tf = doc('main.tf', text, 'terraform');
    const first = await tf.open();
    const unknown = diagnosticOf(first, 'suppression-unknown-rule');
    assert.equal(unknown.severity, DiagnosticSeverity.Warning);
    assert.equal(unknown.source, 'hipaa-iac');
    assert.equal(unknown.range.start.line, 0);
    const actions = asActions(await tf.actions([unknown]));
    const removal = actions.find((action) => action.title.startsWith('Remove unknown suppression'));
    assert.ok(removal?.edit, JSON.stringify(actions));
    const after = await tf.apply(removal.edit);
    assert.ok(!codes(after).some((code) => code.startsWith('suppression-')), JSON.stringify(codes(after)));
    assert.equal(tf.text, TF);

    // A missing reason is a warning too; removing the comment clears it.
    const noReason = await tf.setText(`# hipaa-iac:ignore aws-rds-deletion-protection\n${TF}`);
    assert.equal(diagnosticOf(noReason, 'suppression-missing-reason').severity, DiagnosticSeverity.Warning);
    const cleared = await tf.setText(TF);
    assert.ok(!codes(cleared).some((code) => code.startsWith('suppression-')));
  });
});
