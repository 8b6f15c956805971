// The client half of "Suppress with justification…": the code action runs this command with the finding;
// it asks for a reason (required), an owner and an expiry date (optional), asks the server for the edit
// (hipaaIac/suppressionEdit) and applies it, unless the document changed meanwhile.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SUPPRESS_COMMAND,
  SUPPRESSION_EDIT_REQUEST,
  utcToday,
  validateExpiry,
  validateOwner,
  validateReason,
  type SuppressionEditParams,
  type SuppressionEditResult,
  type SuppressTarget,
} from '../../server/src/lsp/suppression-protocol';

/** Registers the `hipaaIac.suppress` command (hidden from the command palette in package.json). */
export function registerSuppressCommand(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(SUPPRESS_COMMAND, (target: SuppressTarget) => suppress(client, target));
}

async function suppress(client: LanguageClient, target: SuppressTarget): Promise<void> {
  const where = target.scope === 'line' ? 'this line' : target.resource;
  const reason = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId} for ${where} (1/3)`,
    prompt: 'Why is this risk accepted? (required, recorded next to the code)',
    placeHolder: 'e.g. Synthetic data only (ticket SEC-142)',
    ignoreFocusOut: true,
    validateInput: validateReason,
  });
  if (reason === undefined) return;
  const owner = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId} for ${where} (2/3)`,
    prompt: 'Who owns this decision? (optional)',
    placeHolder: 'e.g. data-platform',
    ignoreFocusOut: true,
    validateInput: validateOwner,
  });
  if (owner === undefined) return;
  const expires = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId} for ${where} (3/3)`,
    prompt: 'Until when does the exception apply? YYYY-MM-DD, in the future (optional)',
    placeHolder: 'e.g. 2027-03-31',
    ignoreFocusOut: true,
    validateInput: (value) => validateExpiry(value, utcToday()),
  });
  if (expires === undefined) return;

  const params: SuppressionEditParams = { ...target, reason: reason.trim() };
  if (owner.trim()) params.owner = owner.trim();
  if (expires.trim()) params.expires = expires.trim();
  const result = await client.sendRequest<SuppressionEditResult>(SUPPRESSION_EDIT_REQUEST, params);
  if (!result.edit) {
    void vscode.window.showWarningMessage(`HIPAA IaC Lint: ${result.error ?? 'the suppression could not be written.'}`);
    return;
  }
  // The edit was computed for the version the action was offered on: never apply it to another one.
  const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === target.uri);
  if (!document || document.version !== target.version) {
    void vscode.window.showWarningMessage('HIPAA IaC Lint: the document changed; run the action again.');
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showWarningMessage('HIPAA IaC Lint: the suppression could not be applied.');
}
