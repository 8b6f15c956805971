// The extension inside VS Code: activation on a Terraform file, diagnostics from the language server,
// and a typed edit that clears a finding.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'hipaa-iac-lint.hipaa-iac-lint';
const RULE = 'aws-rds-storage-encrypted';

function workspaceFile(name: string): vscode.Uri {
  const root = process.env.HIPAA_IAC_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'no test workspace');
  return vscode.Uri.file(join(root, name));
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

function findings(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'hipaa-iac' && codeOf(diagnostic) === RULE);
}

/** Waits (bounded) until `check` holds, re-checking on every diagnostics change and every 100 ms. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      listener.dispose();
      if (error) reject(error);
      else resolve();
    };
    const test = () => {
      if (check()) done();
    };
    const listener = vscode.languages.onDidChangeDiagnostics(test);
    const poll = setInterval(test, 100);
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
}

suite('HIPAA IaC Lint extension', () => {
  let document: vscode.TextDocument;
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    document = await vscode.workspace.openTextDocument(workspaceFile('main.tf'));
    editor = await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('activates on a Terraform file and contributes its commands', async () => {
    assert.equal(document.languageId, 'terraform');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await waitFor(() => extension.isActive, 'activation');
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['hipaaIac.showOutput', 'hipaaIac.relintWorkspace']) assert.ok(commands.includes(command), command);
  });

  test('publishes the finding on the attribute at fault, linked to its documentation', async () => {
    await waitFor(() => findings(document.uri).length > 0, `${RULE} on main.tf`);
    const [finding] = findings(document.uri);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(finding.range.start.line, 2);
    assert.equal(document.getText(finding.range), 'storage_encrypted = false');
    assert.match(finding.message, /HIPAA 164\.312\(a\)\(2\)\(iv\)/);
    const code = finding.code;
    assert.ok(typeof code === 'object' && code.target.scheme === 'file' && code.target.path.endsWith(`/docs/rules/${RULE}.md`));
  });

  test('typing the fix clears the finding', async () => {
    const line = document.lineAt(2);
    const start = line.text.indexOf('false');
    const ok = await editor.edit((builder) => builder.replace(new vscode.Range(2, start, 2, start + 'false'.length), 'true'));
    assert.ok(ok);
    await waitFor(() => findings(document.uri).length === 0, 'the finding to clear');
  });

  test('re-lint workspace runs without error', async () => {
    await vscode.commands.executeCommand('hipaaIac.relintWorkspace');
    await vscode.commands.executeCommand('hipaaIac.showOutput');
  });
});
