// The language status item: "linting", the number of findings in the active file, or an error state.
// Clicking it shows the output channel.

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { describeStatus, type StatusInput } from './statusText';

/** The `source` of the server's diagnostics. */
const SOURCE = 'hipaa-iac';
/** Stop showing "linting" if no diagnostics arrive (a file the server does not lint). */
const LINTING_TIMEOUT_MS = 3000;

/** Server state notification (see server/src/lsp/status-reporter.ts ServerStatus). */
interface ServerStatus {
  indexing: boolean;
  files: number;
  internalError?: string;
}

/** Keeps the language status item up to date. */
export class StatusController implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private client: StatusInput['client'] = 'starting';
  private server: ServerStatus = { indexing: false, files: 0 };

  constructor(
    languageClient: LanguageClient,
    private readonly selector: vscode.DocumentSelector,
    showOutputCommand: string,
  ) {
    this.item = vscode.languages.createLanguageStatusItem('hipaaIac.status', selector);
    this.item.name = 'HIPAA IaC Lint';
    this.item.command = { title: 'Show Output', command: showOutputCommand, tooltip: 'Show the HIPAA IaC Lint output' };
    this.disposables.push(
      this.item,
      languageClient.onDidChangeState((event) => {
        this.client = event.newState === State.Running ? 'running' : event.newState === State.Starting ? 'starting' : 'stopped';
        this.update();
      }),
      languageClient.onNotification('hipaaIac/status', (status: ServerStatus) => {
        this.server = status;
        this.update();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || vscode.languages.match(this.selector, event.document) === 0) return;
        this.markLinting(event.document.uri);
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) this.clearLinting(uri);
        this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  private markLinting(uri: vscode.Uri): void {
    const key = uri.toString();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous);
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.update();
      }, LINTING_TIMEOUT_MS),
    );
    this.update();
  }

  private clearLinting(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (!timer) return;
    clearTimeout(timer);
    this.pending.delete(key);
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    let findings = 0;
    let syntaxErrors = 0;
    if (document) {
      for (const diagnostic of vscode.languages.getDiagnostics(document.uri)) {
        if (diagnostic.source !== SOURCE) continue;
        const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
        if (code === 'syntax') syntaxErrors++;
        else if (code !== 'file-too-large') findings++;
      }
    }
    const view = describeStatus({
      client: this.client,
      indexing: this.server.indexing,
      files: this.server.files,
      linting: document !== undefined && this.pending.has(document.uri.toString()),
      findings,
      syntaxErrors,
      internalError: this.server.internalError,
    });
    this.item.text = view.text;
    this.item.detail = view.detail;
    this.item.busy = view.busy;
    this.item.severity =
      view.severity === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : view.severity === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
