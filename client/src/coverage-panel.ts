// "HIPAA IaC: Show Controls Coverage Report": a webview panel with the coverage of every HIPAA safeguard and
// ISO 27017 control over the whole workspace, computed by the language server (request hipaaIac/coverage).
// The panel refreshes when the server says the report went stale (hipaaIac/coverageChanged), shows progress
// with a Cancel button when a scan takes a while, opens a finding's file at its range on click, and exports
// the report as JSON, Markdown or HTML rendered by the server with the CLI's renderers.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { State, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { COVERAGE_CHANGED_NOTIFICATION, COVERAGE_REQUEST, type CoverageFormat, type CoverageParams, type CoverageResult } from '../../server/src/lsp/coverage-protocol';
import {
  EXPORT_FORMATS,
  exportFileName,
  makeNonce,
  PAGE_FINDINGS_PER_CONTROL,
  parsePageMessage,
  progressIncrement,
  renderCoverageBody,
  renderCoveragePage,
  renderPlaceholder,
  type HostMessage,
  type PageRange,
} from './coverage-page';

/** The command that opens (or reveals and refreshes) the panel. */
export const SHOW_COVERAGE_COMMAND = 'hipaaIac.showCoverageReport';
/** The webview's view type. */
export const COVERAGE_VIEW_TYPE = 'hipaaIac.coverageReport';
/** A scan that takes longer than this shows a notification with progress and a Cancel button. */
const PROGRESS_DELAY_MS = 400;
/** Coalesces bursts of change notifications (the server debounces too). */
const CHANGE_DEBOUNCE_MS = 150;

let progressTokens = 0;

/**
 * Sends hipaaIac/coverage with a work done token. When the scan takes longer than PROGRESS_DELAY_MS, a
 * notification shows its progress with a Cancel button; cancelling (there or through `token`) cancels the
 * request on the server. Resolves undefined when cancelled.
 */
export async function requestCoverage(
  client: LanguageClient,
  params: CoverageParams,
  token: vscode.CancellationToken,
  title: string,
): Promise<CoverageResult | undefined> {
  const source = new vscode.CancellationTokenSource();
  const outer = token.onCancellationRequested(() => source.cancel());
  const progressToken = `hipaaIac.coverage.${process.pid}.${++progressTokens}`;
  let percentage = 0;
  let message: string | undefined;
  let sink: vscode.Progress<{ increment?: number; message?: string }> | undefined;
  const subscription = client.onProgress(WorkDoneProgress.type, progressToken, (value) => {
    if (value.kind === 'end') return;
    const increment = progressIncrement(percentage, value.percentage);
    percentage += increment;
    message = value.message ?? message;
    sink?.report({ increment, message });
  });
  let settled = false;
  const request = client.sendRequest<CoverageResult | null>(COVERAGE_REQUEST, { ...params, workDoneToken: progressToken }, source.token);
  const timer = setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
      const onCancel = cancel.onCancellationRequested(() => source.cancel());
      sink = progress;
      progress.report({ increment: percentage, message });
      await request.catch(() => undefined);
      sink = undefined;
      onCancel.dispose();
    });
  }, PROGRESS_DELAY_MS);
  try {
    const result = await request;
    return source.token.isCancellationRequested || !result ? undefined : result;
  } finally {
    settled = true;
    clearTimeout(timer);
    subscription.dispose();
    outer.dispose();
    source.dispose();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Owns the coverage report panel (at most one). */
export class CoveragePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private latest: CoverageResult | undefined;
  private status: { text: string; busy: boolean; error?: boolean } = { text: '', busy: false };
  /** The page's script has started and listens for messages. */
  private pageReady = false;
  /** webview.html holds an older report than the one on screen (updates went by message). */
  private htmlOutdated = false;
  /** A change arrived while the panel was hidden: refresh when it is shown. */
  private staleWhileHidden = false;
  /** A change arrived during a refresh: refresh again when it ends. */
  private refreshAgain = false;
  private inflight: vscode.CancellationTokenSource | undefined;
  private changeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(
      client.onNotification(COVERAGE_CHANGED_NOTIFICATION, () => this.changed()),
      // A restarted server knows nothing of the panel: recompute (which also subscribes it to changes).
      client.onDidChangeState((event) => {
        if (event.newState === State.Running && this.panel) this.changed();
      }),
    );
  }

  /** Opens the panel, or reveals it, and computes the report. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      void this.refresh(true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      COVERAGE_VIEW_TYPE,
      'HIPAA IaC Controls Coverage',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [], enableFindWidget: true, retainContextWhenHidden: false },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'icon.png');
    this.panel = panel;
    this.panelDisposables = [
      panel.onDidDispose(() => this.closed()),
      panel.onDidChangeViewState(() => this.viewStateChanged()),
      panel.webview.onDidReceiveMessage((data: unknown) => this.received(data)),
    ];
    this.render();
    void this.refresh(true);
  }

  // ------------------------------------------------------------------------------------------- computing

  private changed(): void {
    if (!this.panel) return;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.refresh(false);
    }, CHANGE_DEBOUNCE_MS);
  }

  /** Computes the report; `restart` cancels a running computation, otherwise one more runs after it. */
  private async refresh(restart: boolean): Promise<void> {
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.staleWhileHidden = true;
      return;
    }
    this.staleWhileHidden = false;
    if (this.inflight) {
      if (!restart) {
        this.refreshAgain = true;
        return;
      }
      this.inflight.cancel();
    }
    this.refreshAgain = false;
    const source = new vscode.CancellationTokenSource();
    this.inflight = source;
    this.setStatus({ text: 'Computing the coverage of the workspace\u2026', busy: true });
    try {
      if (this.client.state !== State.Running) await this.client.start();
      const result = await requestCoverage(this.client, { maxFindingsPerControl: PAGE_FINDINGS_PER_CONTROL }, source.token, 'HIPAA IaC: computing the controls coverage report');
      if (this.inflight !== source) return;
      if (!result) {
        this.setStatus({ text: 'Cancelled. Press Refresh to compute the report again.', busy: false });
        return;
      }
      this.showResult(result);
      this.setStatus({ text: '', busy: false });
    } catch (error) {
      if (this.inflight !== source) return;
      this.setStatus({ text: `Computing the report failed: ${describe(error)}`, busy: false, error: true });
    } finally {
      if (this.inflight === source) {
        this.inflight = undefined;
        if (this.refreshAgain) void this.refresh(false);
      }
      source.dispose();
    }
  }

  // ------------------------------------------------------------------------------------------- the page

  private render(): void {
    if (!this.panel) return;
    const body = this.latest ? renderCoverageBody(this.latest) : renderPlaceholder('Computing the coverage of the workspace\u2026');
    this.pageReady = false;
    this.htmlOutdated = false;
    this.panel.webview.html = renderCoveragePage(body, makeNonce(randomBytes), this.status);
  }

  private post(message: HostMessage): void {
    if (!this.panel || !this.pageReady || !this.panel.visible) return;
    void this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (!delivered) this.render();
      },
      () => this.render(),
    );
  }

  private showResult(result: CoverageResult): void {
    this.latest = result;
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.render();
      return;
    }
    // In place: scroll position, filter and open sections stay as they are. A page still loading gets the
    // report as soon as it says it is ready.
    this.htmlOutdated = true;
    this.post({ type: 'update', html: renderCoverageBody(result) });
  }

  private setStatus(status: { text: string; busy: boolean; error?: boolean }): void {
    this.status = status;
    this.post({ type: 'status', ...status });
  }

  private viewStateChanged(): void {
    const panel = this.panel;
    if (!panel) return;
    if (!panel.visible) {
      // A hidden webview is discarded and rebuilt from webview.html when shown: keep that current.
      this.pageReady = false;
      if (this.htmlOutdated) this.render();
      return;
    }
    if (this.staleWhileHidden) void this.refresh(false);
  }

  private received(data: unknown): void {
    const message = parsePageMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        // The page may have been built from an older webview.html (hidden, then shown).
        if (this.latest && this.htmlOutdated) this.post({ type: 'update', html: renderCoverageBody(this.latest) });
        this.post({ type: 'status', ...this.status });
        return;
      case 'refresh':
        void this.refresh(true);
        return;
      case 'open':
        void this.open(message.file, message.range);
        return;
      case 'export':
        void this.export(message.format);
        return;
    }
  }

  // ------------------------------------------------------------------------------------------- actions

  private async open(file: string, range: PageRange): Promise<void> {
    const target = this.latest?.fileUris[file];
    if (!target) return;
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    // Beside the report: in a group that already shows a text editor, else a new one to the side.
    const column = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== this.panel?.viewColumn)?.viewColumn;
    try {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(target), { selection, viewColumn: column ?? vscode.ViewColumn.Beside, preview: true });
      editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      void vscode.window.showErrorMessage(`HIPAA IaC: cannot open ${file}: ${describe(error)}`);
    }
  }

  private async export(format: CoverageFormat): Promise<void> {
    const { label, filter, extensions } = EXPORT_FORMATS[format];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = exportFileName(format, new Date());
    const target = await vscode.window.showSaveDialog({
      title: `Export the controls coverage report as ${label}`,
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [filter]: extensions },
    });
    if (!target) return;
    const source = new vscode.CancellationTokenSource();
    this.setStatus({ text: `Exporting the report as ${label}\u2026`, busy: true });
    try {
      const result = await requestCoverage(this.client, { format, maxFindingsPerControl: PAGE_FINDINGS_PER_CONTROL }, source.token, `HIPAA IaC: exporting the controls coverage report`);
      if (!result || result.text === undefined) {
        this.setStatus({ text: 'Export cancelled.', busy: false });
        return;
      }
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
      // The panel shows exactly what was saved.
      this.showResult(result);
      const where = vscode.workspace.asRelativePath(target, false);
      this.setStatus({ text: `Saved the ${label} report to ${where}.`, busy: false });
      void vscode.window.showInformationMessage(`HIPAA IaC: controls coverage report saved to ${where}.`, 'Open').then((choice) => {
        if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', target);
      });
    } catch (error) {
      this.setStatus({ text: `Export failed: ${describe(error)}`, busy: false, error: true });
      void vscode.window.showErrorMessage(`HIPAA IaC: exporting the coverage report failed: ${describe(error)}`);
    } finally {
      source.dispose();
    }
  }

  private closed(): void {
    this.inflight?.cancel();
    this.inflight = undefined;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    for (const disposable of this.panelDisposables) disposable.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.latest = undefined;
    this.pageReady = false;
    this.status = { text: '', busy: false };
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
