// A test-only extension that runs inside code-server's extension host beside HIPAA IaC Lint (the VS Code
// server ignores --extensionTestsPath, so this is how the e2e test gets at the real `vscode` API).
// test/e2e/editor.e2e.ts bundles it to extension.js, installs it unpacked and starts code-server with
// HIPAA_IAC_E2E_OUT=<dir>. Everything it observes goes to <dir>/runner.json (rewritten atomically after every
// step); the outer test polls that file and drives the browser in between. Without the variable it is inert.
//
// Steps:
//   1. wait until the browser has opened main.tf (from the Explorer), then for our diagnostic on it (code
//      aws-rds-storage-encrypted);
//   2. apply a WorkspaceEdit that types the fix (false -> true) and wait until the diagnostic is gone;
//   3. undo it with another WorkspaceEdit (true -> false) and wait until the diagnostic is back;
//   4. publish "ready-for-ui": the browser checks squiggle and Problems view, then types the fix with the
//      keyboard; wait until the document says `storage_encrypted = true` and the diagnostic is gone;
//   5. save the document and publish "done".
// Then the controls coverage report (report.coverage.stage):
//   6. wait until the browser has opened the report panel with the command palette ("panel-open");
//   7. when the browser has checked the report (it writes <dir>/signal-revert), undo the fix in the buffer
//      (unsaved: the open buffer must win over the file on disk) and wait for the diagnostic ("reverted");
//      the browser then sees the open panel turn the encryption safeguard to failing by itself;
//   8. wait until a click on the finding in the panel has opened main.tf with the finding's range selected
//      ("drilled-down").
import * as vscode from 'vscode';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RULE = 'aws-rds-storage-encrypted';
const SOURCE = 'hipaa-iac';
const EXTENSION_ID = 'hipaa-iac-lint.hipaa-iac-lint';
const POLL_MS = 100;

interface DiagnosticInfo {
  message: string;
  source: string | undefined;
  code: string | undefined;
  codeHref: string | undefined;
  severity: string;
  range: { startLine: number; startCharacter: number; endLine: number; endCharacter: number };
}

interface Step {
  name: string;
  ok: boolean;
  ms: number;
  detail?: unknown;
}

interface Report {
  stage: 'started' | 'ready-for-ui' | 'done' | 'failed';
  vscodeVersion: string;
  remoteName: string | undefined;
  uiKind: string;
  extension?: { id: string; version: string; active: boolean };
  languageId?: string;
  steps: Step[];
  diagnostic?: DiagnosticInfo;
  coverage?: {
    stage: 'waiting-for-panel' | 'panel-open' | 'reverted' | 'drilled-down';
    viewType?: string;
    selection?: { file: string; startLine: number; startCharacter: number; endLine: number; endCharacter: number; text: string };
  };
  error?: string;
  log: string[];
}

let report: Report | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const out = process.env.HIPAA_IAC_E2E_OUT;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  report = {
    stage: 'started',
    vscodeVersion: vscode.version,
    remoteName: vscode.env.remoteName,
    uiKind: vscode.UIKind[vscode.env.uiKind],
    steps: [],
    log: [],
  };
  const save = (): void => {
    const tmp = join(out, 'runner.json.tmp');
    writeFileSync(tmp, JSON.stringify(report, null, 2));
    renameSync(tmp, join(out, 'runner.json'));
  };
  save();
  const started = Date.now();
  const log = (line: string): void => {
    report?.log.push(`${((Date.now() - started) / 1000).toFixed(2)}s ${line}`);
    save();
  };
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) {
        if (!uri.path.endsWith('/main.tf')) continue;
        const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
        log(`diagnostics for main.tf: [${ours.map((d) => codeOf(d)).join(', ')}]`);
      }
    }),
  );
  run(save, log).catch((error: unknown) => {
    if (!report) return;
    report.stage = 'failed';
    report.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    save();
  });
}

export function deactivate(): void {}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function findingOf(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && codeOf(d) === RULE);
}

function describe(d: vscode.Diagnostic): DiagnosticInfo {
  return {
    message: d.message,
    source: d.source,
    code: codeOf(d),
    codeHref: typeof d.code === 'object' ? d.code.target.toString() : undefined,
    severity: vscode.DiagnosticSeverity[d.severity],
    range: {
      startLine: d.range.start.line,
      startCharacter: d.range.start.character,
      endLine: d.range.end.line,
      endCharacter: d.range.end.character,
    },
  };
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The range of the value of `storage_encrypted = <value>` in the document. */
function valueRange(doc: vscode.TextDocument, value: 'true' | 'false'): vscode.Range | undefined {
  const match = new RegExp(`(storage_encrypted\\s*=\\s*)${value}\\b`).exec(doc.getText());
  if (!match) return undefined;
  const start = doc.positionAt(match.index + match[1].length);
  return new vscode.Range(start, start.translate(0, value.length));
}

async function replaceValue(doc: vscode.TextDocument, from: 'true' | 'false', to: 'true' | 'false'): Promise<void> {
  const range = valueRange(doc, from);
  if (!range) throw new Error(`main.tf has no "storage_encrypted = ${from}"`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('WorkspaceEdit was not applied');
}

async function run(save: () => void, log: (line: string) => void): Promise<void> {
  const r = report;
  if (!r) return;
  // Runs one step and records its duration; `summary` turns the result into the small JSON detail reported.
  const step = async <T>(name: string, body: () => Promise<T>, summary: (value: T) => unknown = (v) => v): Promise<T> => {
    const t0 = Date.now();
    log(`step ${name}: start`);
    const value = await body();
    r.steps.push({ name, ok: true, ms: Date.now() - t0, detail: summary(value) });
    log(`step ${name}: ok in ${Date.now() - t0} ms`);
    return value;
  };

  const folder = await step(
    'workspace-folder',
    async () => waitFor('a workspace folder', 30_000, () => vscode.workspace.workspaceFolders?.[0]),
    (f) => ({ uri: f.uri.toString() }),
  );
  const uri = vscode.Uri.joinPath(folder.uri, 'main.tf');

  // The browser opens main.tf from the Explorer, as a user would; the runner waits to see it in an editor.
  const doc = await step(
    'main.tf-opened-by-the-ui',
    async () =>
      waitFor('main.tf in a visible editor (opened from the Explorer by the browser)', 90_000, () =>
        vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.toString() === uri.toString()),
      ),
    (d) => ({ uri: d.uri.toString(), languageId: d.languageId, lines: d.lineCount }),
  );
  r.languageId = doc.languageId;

  await step('extension-active', async () => {
    const ext = await waitFor(`extension ${EXTENSION_ID} installed`, 30_000, () => vscode.extensions.getExtension(EXTENSION_ID));
    await waitFor(`extension ${EXTENSION_ID} active`, 60_000, () => ext.isActive);
    r.extension = { id: ext.id, version: String(ext.packageJSON.version), active: ext.isActive };
    return r.extension;
  });

  const finding = await step(
    'diagnostic-appears',
    async () => waitFor(`a ${RULE} diagnostic on main.tf`, 60_000, () => findingOf(uri)),
    (d) => describe(d),
  );
  r.diagnostic = describe(finding);
  save();

  await step('api-fix-clears-diagnostic', async () => {
    await replaceValue(doc, 'false', 'true');
    await waitFor(`the ${RULE} diagnostic to go away after the WorkspaceEdit`, 30_000, () => findingOf(uri) === undefined);
    return { text: doc.lineAt(finding.range.start.line).text.trim() };
  });

  await step('api-revert-restores-diagnostic', async () => {
    await replaceValue(doc, 'true', 'false');
    return waitFor(`the ${RULE} diagnostic to come back after reverting`, 30_000, () => findingOf(uri));
  }, (d) => describe(d));

  r.stage = 'ready-for-ui';
  save();

  await step('ui-typed-fix-clears-diagnostic', async () => {
    await waitFor('the browser to type the fix (storage_encrypted = true)', 120_000, () => valueRange(doc, 'true') !== undefined);
    await waitFor(`the ${RULE} diagnostic to go away after typing`, 30_000, () => findingOf(uri) === undefined);
    return { text: doc.lineAt(valueRange(doc, 'true')!.start.line).text.trim() };
  });

  await step('save', async () => {
    if (!(await doc.save())) throw new Error('saving main.tf failed');
    return { dirty: doc.isDirty };
  });

  r.stage = 'done';
  save();

  await coverageSteps(r, doc, finding, step, save);
}

/** The report panel's tab, when it is open (its view type is prefixed by the workbench). */
function coverageTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('hipaaIac.coverageReport'));
}

async function coverageSteps(
  r: Report,
  doc: vscode.TextDocument,
  finding: vscode.Diagnostic,
  step: <T>(name: string, body: () => Promise<T>, summary?: (value: T) => unknown) => Promise<T>,
  save: () => void,
): Promise<void> {
  const out = process.env.HIPAA_IAC_E2E_OUT ?? '';
  r.coverage = { stage: 'waiting-for-panel' };
  save();
  const tab = await step(
    'coverage-panel-opened-by-the-ui',
    async () => waitFor('the coverage report panel (opened from the command palette by the browser)', 120_000, () => coverageTab()),
    (t) => ({ label: t.label, viewType: (t.input as vscode.TabInputWebview).viewType }),
  );
  r.coverage = { stage: 'panel-open', viewType: (tab.input as vscode.TabInputWebview).viewType };
  save();

  await step('coverage-revert-in-buffer', async () => {
    await waitFor('the browser to check the report (signal-revert)', 120_000, () => existsSync(join(out, 'signal-revert')));
    await replaceValue(doc, 'true', 'false');
    return waitFor(`the ${RULE} diagnostic to come back after reverting`, 30_000, () => findingOf(doc.uri));
  }, (d) => ({ dirty: doc.isDirty, line: d.range.start.line }));
  r.coverage = { ...r.coverage, stage: 'reverted' };
  save();

  const selection = await step('coverage-drill-down-opens-the-finding', async () =>
    waitFor('main.tf active with the finding\'s range selected (a click in the report)', 120_000, () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.uri.toString() !== doc.uri.toString() || editor.selection.isEmpty) return undefined;
      return editor.selection.start.line === finding.range.start.line ? editor.selection : undefined;
    }),
    (s) => ({ start: [s.start.line, s.start.character], end: [s.end.line, s.end.character] }),
  );
  r.coverage = {
    ...r.coverage,
    stage: 'drilled-down',
    selection: {
      file: vscode.workspace.asRelativePath(doc.uri),
      startLine: selection.start.line,
      startCharacter: selection.start.character,
      endLine: selection.end.line,
      endCharacter: selection.end.character,
      text: doc.getText(selection),
    },
  };
  save();
}
