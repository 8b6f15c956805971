// The CDK app source index of the language server, and CDK findings mirrored onto source lines by the
// service (driven without a client).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { ALL_RULES } from '../../rules/index';
import { indexRules } from '../../server/src/engine/runner';
import { CdkSources, cdkAppDirectory, isCdkOutputKey, isCdkSourceKey, isSynthesisedUnit, SOURCE_WATCH_GLOBS } from '../../server/src/lsp/cdk';
import { LintService, type ServiceHost } from '../../server/src/lsp/service';
import { keyToUri, pathToKey } from '../../server/src/lsp/uri';

const PITR = 'aws-dynamodb-point-in-time-recovery';

function tempDir(files: Record<string, string>): string {
  const root = pathToKey(mkdtempSync(join(tmpdir(), 'hipaa-cdk-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const SOURCE = "export class S extends Stack {\n  constructor() {\n    new dynamodb.Table(this, 'Appointments', {});\n  }\n}\n";

function template(pitr: boolean): string {
  return JSON.stringify({
    Resources: {
      Appointments1: {
        Type: 'AWS::DynamoDB::Table',
        Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: pitr } },
        Metadata: { 'aws:cdk:path': 'ClinicalStack/Appointments/Resource' },
      },
    },
  });
}

function waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

test('which files are sources and which are synthesised output', () => {
  assert.ok(isCdkSourceKey('/w/lib/stack.ts'));
  assert.ok(isCdkSourceKey('/w/app.py'));
  assert.ok(isCdkSourceKey('/w/bin/app.mjs'));
  assert.ok(!isCdkSourceKey('/w/lib/stack.d.ts'));
  assert.ok(!isCdkSourceKey('/w/node_modules/aws-cdk-lib/index.js'));
  assert.ok(!isCdkSourceKey('/w/cdk.out/asset.1/index.js'));
  assert.ok(!isCdkSourceKey('/w/.venv/lib/site-packages/aws_cdk/__init__.py'));
  assert.ok(isCdkOutputKey('/w/cdk.out/App.template.json'));
  assert.ok(isCdkOutputKey('/w/cdk.out/assembly-Prod/App.template.json'));
  assert.ok(isCdkOutputKey('/w/cdktf.out/stacks/app/cdk.tf.json'));
  assert.ok(!isCdkOutputKey('/w/templates/App.template.json'));
  assert.ok(isSynthesisedUnit('/w/cdktf.out/stacks/app'));
  assert.ok(!isSynthesisedUnit('/w/infra'));
  assert.equal(cdkAppDirectory('/w/app/cdk.out/App.template.json'), '/w/app');
  assert.equal(cdkAppDirectory('/w/cdktf.out/stacks/app'), '/w');
  assert.deepEqual(SOURCE_WATCH_GLOBS, ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.py']);
});

test('the source index loads lazily, skips compiled twins and dependencies, and follows buffers and disk', async () => {
  const root = tempDir({
    'lib/stack.ts': SOURCE,
    'lib/stack.js': SOURCE,
    'node_modules/x/index.js': SOURCE,
    'cdk.out/asset.1/index.js': SOURCE,
  });
  let changed = 0;
  let firstLoads = 0;
  const sources = new CdkSources({ changed: () => changed++, log: () => undefined, firstLoad: () => firstLoads++ });
  assert.equal(sources.active, false);
  // Not read yet: no answer, loading starts.
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource'), undefined);
  assert.equal(firstLoads, 1);
  await waitUntil(() => (changed > 0 ? true : undefined), 'index ready');
  const found = sources.locate(root, 'ClinicalStack/Appointments/Resource');
  assert.equal(found?.path, `${root}/lib/stack.ts`);
  assert.equal(found?.range.start.line, 2);

  // An open buffer wins over the disk: a second creating line makes the construct ambiguous.
  sources.setOpen(`${root}/lib/stack.ts`, 2, SOURCE + "new dynamodb.Table(this, 'Appointments');\n");
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource'), undefined);
  sources.setOpen(`${root}/lib/stack.ts`, 3, '\n' + SOURCE);
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource')?.range.start.line, 3);
  sources.closeOpen(`${root}/lib/stack.ts`);
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource')?.range.start.line, 2);

  // The disk changes: a new file with another creating line, then its deletion.
  writeFileSync(`${root}/lib/other.py`, 'Table(self, "Appointments")\n');
  assert.equal(await sources.diskChanged(`${root}/lib/other.py`, 1), true);
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource'), undefined);
  rmSync(`${root}/lib/other.py`);
  assert.equal(await sources.diskChanged(`${root}/lib/other.py`, 3), true);
  assert.equal(sources.locate(root, 'ClinicalStack/Appointments/Resource')?.path, `${root}/lib/stack.ts`);
  // Outside every root: not our concern.
  assert.equal(await sources.diskChanged('/elsewhere/x.ts', 2), false);
  assert.equal(firstLoads, 1);
  sources.dispose();
});

class Host implements ServiceHost {
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly watched: string[][] = [];
  values: Record<string, unknown> = {};
  publish(params: PublishDiagnosticsParams): void {
    this.publishes.push(params);
  }
  async settings(scopes: string[]): Promise<unknown[]> {
    return scopes.map(() => this.values);
  }
  log(): void {}
  error(message: string): void {
    throw new Error(message);
  }
  showWarning(): void {}
  watch(globs: string[]): void {
    this.watched.push(globs);
  }
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return this.publishes.filter((params) => params.uri === uri).at(-1);
  }
}

function makeService(host: Host): LintService {
  return new LintService(host, { rules: indexRules(ALL_RULES), debounceMs: 0 });
}

test('workspace-wide: closed synthesised templates mirror onto closed sources; a re-synth and a deletion update them', async (t) => {
  const root = tempDir({ 'cdk.out/App.template.json': template(false), 'lib/stack.ts': SOURCE, 'README.md': '# x\n' });
  const host = new Host();
  host.values = { diagnostics: { workspaceWide: true } };
  const service = makeService(host);
  t.after(() => service.dispose());
  await service.setWorkspaceFolders([{ uri: keyToUri(root) }]);
  const source = keyToUri(`${root}/lib/stack.ts`);
  const templateKey = `${root}/cdk.out/App.template.json`;
  const mirrored = await waitUntil(() => {
    const params = host.latest(source);
    return params?.diagnostics.some((diagnostic) => diagnostic.code === PITR) ? params : undefined;
  }, 'mirror on the closed source');
  assert.equal(mirrored.version, undefined);
  assert.equal(mirrored.diagnostics.find((diagnostic) => diagnostic.code === PITR)?.range.start.line, 2);
  // The template's own diagnostic (workspace-wide) points at the source.
  const templateDiagnostic = host.latest(keyToUri(templateKey))?.diagnostics.find((diagnostic) => diagnostic.code === PITR);
  assert.equal(templateDiagnostic?.relatedInformation?.[0].location.uri, source);
  // Sources are watched once, when first read.
  assert.deepEqual(host.watched, [SOURCE_WATCH_GLOBS]);

  // Re-synthesised without the finding.
  writeFileSync(templateKey, template(true));
  service.filesChanged([{ uri: keyToUri(templateKey), type: 2 }]);
  await waitUntil(() => (host.latest(source)?.diagnostics.some((diagnostic) => diagnostic.code === PITR) === false ? true : undefined), 'mirror gone');

  // The source moves on disk: the mirrors follow.
  writeFileSync(`${root}/lib/stack.ts`, '\n\n' + SOURCE);
  service.filesChanged([{ uri: source, type: 2 }]);
  await waitUntil(() => (host.latest(source)?.diagnostics[0]?.range.start.line === 4 ? true : undefined), 'mirrors moved');

  // cdk.out removed: every mirror goes.
  rmSync(`${root}/cdk.out`, { recursive: true });
  service.filesChanged([{ uri: keyToUri(`${root}/cdk.out`), type: 3 }]);
  await waitUntil(() => (host.latest(source)?.diagnostics.length === 0 ? true : undefined), 'mirrors cleared');
});

test('not workspace-wide: nothing is linted for a closed template until a source is open; a TypeScript buffer is never linted', async (t) => {
  const root = tempDir({ 'cdk.out/App.template.json': template(false), 'lib/stack.ts': SOURCE });
  const host = new Host();
  const service = makeService(host);
  t.after(() => service.dispose());
  await service.setWorkspaceFolders([{ uri: keyToUri(root) }]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(host.publishes, []);
  assert.deepEqual(host.watched, []);
  const source = keyToUri(`${root}/lib/stack.ts`);
  service.openDocument(source, 'typescript', 7, SOURCE);
  const mirrored = await waitUntil(() => host.latest(source), 'mirror on the open source');
  assert.equal(mirrored.version, 7);
  assert.ok(mirrored.diagnostics.length > 0 && mirrored.diagnostics.every((diagnostic) => diagnostic.source === 'hipaa-iac'));
  assert.equal(service.project.getText(`${root}/lib/stack.ts`), undefined);
  // A TypeScript file that creates no construct of a finding gets nothing at all.
  const other = keyToUri(`${root}/lib/util.ts`);
  service.openDocument(other, 'typescript', 1, 'export const x = 1;\n');
  service.changeDocument(other, 2, 'export const x = 2;\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  service.closeDocument(other);
  assert.equal(host.latest(other), undefined);
  // Closing the source clears its mirrors.
  service.closeDocument(source);
  await waitUntil(() => (host.latest(source)?.diagnostics.length === 0 ? true : undefined), 'cleared on close');
});
