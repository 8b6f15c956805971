// The language server's state and behaviour, independent of the connection: the façade server.ts and the
// tests drive. Open buffers (lsp/open-documents.ts) and the files of the workspace on disk
// (lsp/disk-index.ts) feed one Project; each change schedules a debounced lint of the unit it belongs to
// (a Terraform module is a directory, a CloudFormation template is its own unit), and the results are
// published for the open files of that unit (and for every file when `diagnostics.workspaceWide` is set)
// under each file's settings (lsp/scoped-settings.ts), skipping repeats (lsp/published-diagnostics.ts).
// Findings of synthesised CDK output are traced to the line of the CDK app that creates the construct
// (lsp/cdk.ts): related information on the template's diagnostic and, with `cdk.showInSource`, a mirrored
// diagnostic on the source line (lsp/cdk-mirrors.ts). Everything the service says goes through a host
// (status: lsp/status-reporter.ts), so it can be driven and observed in tests without a client.

import { maxFileBytes } from '../engine/scan';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../engine/finding';
import { classifyPath, Project, unitOf, type FileError, type UnitLintResult, mayBeTemplate } from '../engine/project';
import type { RuleIndex } from '../engine/runner';
import { CdkSources, isCdkSourceKey, isSynthesisedUnit, SOURCE_WATCH_GLOBS } from './cdk';
import { CdkMirrors } from './cdk-mirrors';
import { Debouncer, NODE_TIMERS, type Timers } from './debouncer';
import { fileDiagnostics, tooLargeDiagnostic, type DocsLink } from './diagnostics';
import { DiskIndex, type WorkspaceFolderRef } from './disk-index';
import { describeError } from './errors';
import { isIndexedKey, isModuleKey, MAX_LINT_BYTES, readIacFile, type ReadOutcome } from './indexer';
import { OpenDocuments, type OpenDocument } from './open-documents';
import { PublishedDiagnostics } from './published-diagnostics';
import { ScopedSettings } from './scoped-settings';
import { StatusReporter, type ServerStatus } from './status-reporter';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { withSuppressionProblems } from './suppression-diagnostics';
import { isPathKey, keyToUri, schemeOf, uriToKey } from './uri';

export type { WorkspaceFolderRef } from './disk-index';
export type { ServerStatus } from './status-reporter';

/** The default quiet period after a keystroke before the module is linted again. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Everything the service needs from its environment. */
export interface ServiceHost {
  /** Sends textDocument/publishDiagnostics. */
  publish(params: PublishDiagnosticsParams): void;
  /** The raw `hipaaIac` settings for each scope URI (workspace/configuration), in order. */
  settings(scopeUris: string[]): Promise<unknown[]>;
  /** Writes a line to the server log. */
  log(message: string): void;
  /** Writes an error to the server log. */
  error(message: string): void;
  /** Shows a message to the user (used once per problem, never per keystroke). */
  showWarning(message: string): void;
  /** Reports progress and state (optional). */
  status?(status: ServerStatus): void;
  /** Asks the client to watch more files (optional; used once CDK app sources are indexed). */
  watch?(globs: string[]): void;
  /** A module's files or settings changed and it is linted again (optional; the coverage report listens). */
  unitChanged?(unit: string): void;
}

/** How the service is set up. */
export interface ServiceOptions {
  rules: RuleIndex;
  /** Quiet period after a change; 0 lints at the next turn of the event loop. */
  debounceMs?: number;
  /** Links diagnostics to rule documentation. */
  docsLink?: DocsLink;
  /** Files (and buffers) larger than this are not linted. */
  maxBytes?: number;
  timers?: Timers;
  /** Reads a file from disk (tests replace it). */
  readFile?: (key: string, maxBytes: number) => Promise<ReadOutcome>;
}

const EMPTY_RESULT = { findings: [] as Finding[], errors: [] as FileError[] };

/** The debouncer key of "map the findings of synthesised units again" (a source changed); never a path. */
const CDK_REFRESH = '\u0000cdk-refresh';

/** Holds the workspace state and lints it. */
export class LintService {
  readonly project: Project;
  private readonly debounceMs: number;
  private readonly maxBytes: number;
  private readonly scheduler: Debouncer<string>;
  /** Units scheduled because their files or settings changed (not only to re-map CDK findings). */
  private readonly changedUnits = new Set<string>();
  /** The buffers open in the editor. */
  private readonly documents = new OpenDocuments();
  /** The workspace folders and the files read from them. */
  private readonly disk: DiskIndex;
  /** The settings of each scope (open document or workspace folder). */
  private readonly settings: ScopedSettings;
  /** What was last published for each open document and each closed file. */
  private readonly published: PublishedDiagnostics;
  /** The CDK app sources, read when synthesised output first needs them. */
  private readonly cdk: CdkSources;
  /** The findings of synthesised units mirrored onto CDK app source lines. */
  private readonly mirrors: CdkMirrors;
  /** The status notification and the warnings about failing rules. */
  private readonly status: StatusReporter;
  private disposed = false;

  constructor(
    private readonly host: ServiceHost,
    private readonly options: ServiceOptions,
  ) {
    this.project = new Project(options.rules);
    this.debounceMs = Math.max(0, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.maxBytes = options.maxBytes ?? MAX_LINT_BYTES;
    this.scheduler = new Debouncer<string>(options.timers ?? NODE_TIMERS);
    this.published = new PublishedDiagnostics((params) => this.host.publish(params));
    this.cdk = new CdkSources({
      changed: () => this.scheduleCdkRefresh(0),
      log: (message) => this.host.log(message),
      firstLoad: () => this.host.watch?.(SOURCE_WATCH_GLOBS),
    });
    this.disk = new DiskIndex(
      this.project,
      {
        isOpen: (key) => this.documents.hasKey(key),
        hasPublished: (key) => this.published.hasClosed(key),
        publishedKeys: () => this.published.closedKeys(),
        forgotten: (key) => {
          this.published.clearClosed(key);
          this.scheduleUnit(unitOf(key), 0);
        },
        changed: (unit) => this.scheduleUnit(unit, 0),
        statusChanged: () => this.status.report(),
        folderRemoved: (key) => this.cdk.forgetRoot(key),
        log: (message) => this.host.log(message),
        error: (message) => this.host.error(message),
      },
      { maxBytes: this.maxBytes, readFile: options.readFile ?? readIacFile },
    );
    this.settings = new ScopedSettings(host, this.disk);
    this.status = new StatusReporter(host, this.project, this.disk);
    this.mirrors = new CdkMirrors(this.project, this.cdk, {
      publish: (params) => this.host.publish(params),
      openDocument: (key) => this.documents.withKey(key),
      folderOf: (key) => this.disk.folderOf(key)?.key,
    });
  }

  // ---------------------------------------------------------------- documents

  /**
   * A buffer was opened: it replaces the disk version and is linted at once. A CDK app source (TypeScript,
   * JavaScript, Python) is never linted: it is only searched for the lines that create constructs.
   */
  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const { doc, previous } = this.documents.open(uri, languageId, version);
    if (previous?.role === 'source') this.cdk.closeOpen(previous.key);
    this.published.forgetClosed(doc.key);
    this.published.forgetOpen(uri);
    if (doc.role === 'source') {
      this.cdk.setOpen(doc.key, version, text);
      this.scheduleCdkRefresh(0);
      return;
    }
    if (doc.role !== 'iac') {
      this.answerIgnored(doc);
      return;
    }
    this.applyBuffer(doc, text);
    const unit = unitOf(doc.key);
    if (isModuleKey(doc.key) && isPathKey(doc.key) && !this.disk.isLoaded(unit)) {
      // The other files of the module are needed for a right first answer: read its directory first
      // (a few files; the workspace index may be busy elsewhere), then lint.
      void this.disk.loadDirectory(unit).then(() => this.scheduleUnit(unit, 0));
    } else {
      this.scheduleUnit(unit, 0);
    }
  }

  /** A buffer changed: re-lint its module after the debounce. A repeated version is ignored. */
  changeDocument(uri: string, version: number, text: string): void {
    const doc = this.documents.get(uri);
    if (!doc || doc.version === version) return;
    doc.version = version;
    if (doc.role === 'source') {
      this.cdk.setOpen(doc.key, version, text);
      this.scheduleCdkRefresh(this.debounceMs);
      return;
    }
    if (doc.role !== 'iac') {
      this.answerIgnored(doc);
      return;
    }
    this.applyBuffer(doc, text);
    this.scheduleUnit(unitOf(doc.key), this.debounceMs);
  }

  /**
   * A buffer was closed: its diagnostics are cleared (workspace-wide mode publishes them again for the
   * file on disk) and its module falls back to the disk version of the file.
   */
  closeDocument(uri: string): void {
    const doc = this.documents.close(uri);
    if (!doc) return;
    if (doc.role === 'source') {
      // Its mirrors stay only in workspace-wide mode; the disk text counts again.
      this.cdk.closeOpen(doc.key);
      this.mirrors.publish(doc.key);
      this.scheduleCdkRefresh(0);
      return;
    }
    if (doc.role !== 'iac') return;
    this.host.publish({ uri, diagnostics: [] });
    const unit = unitOf(doc.key);
    this.published.forgetOpen(uri);
    if (!isIndexedKey(doc.key) || !this.disk.isDiskBacked(doc.key)) {
      this.project.removeFile(doc.key);
      this.scheduleUnit(unit, 0);
      return;
    }
    void this.disk.refresh(doc.key);
  }

  // A YAML/JSON document never linted (package.json, tsconfig.json, files under node_modules...): an empty
  // answer per version, without reading it, so that a client waiting for diagnostics (a "linting" status)
  // is not left waiting.
  private answerIgnored(doc: OpenDocument): void {
    this.host.publish({ uri: doc.uri, version: doc.version, diagnostics: [] });
  }

  /** Whether a URI is open. */
  isOpen(uri: string): boolean {
    return this.documents.has(uri);
  }

  private applyBuffer(doc: OpenDocument, text: string): void {
    // Cheap test first: a UTF-16 length over the limit is over it in UTF-8 too.
    const limit = maxFileBytes(doc.key, this.maxBytes);
    const size = text.length > limit ? text.length : text.length * 3 > limit ? Buffer.byteLength(text) : 0;
    if (size > limit) {
      // A large YAML/JSON file that cannot be a template (data, a lock file) is no concern of ours: no note.
      if (classifyPath(doc.key) === 'template' && !mayBeTemplate(text)) {
        doc.tooLarge = undefined;
        this.project.removeFile(doc.key);
        return;
      }
      if (doc.tooLarge === undefined) this.host.log(`skipped ${doc.key}: ${size} bytes is over the ${limit}-byte limit`);
      doc.tooLarge = size;
      this.project.removeFile(doc.key);
      return;
    }
    doc.tooLarge = undefined;
    this.project.setFile(doc.key, text);
  }

  // ---------------------------------------------------------------- workspace on disk

  /** Sets the workspace folders and indexes the new ones in the background; resolves when done. */
  setWorkspaceFolders(folders: readonly WorkspaceFolderRef[]): Promise<void> {
    return this.disk.setFolders(folders);
  }

  /** Re-reads every workspace folder from disk and re-lints everything (the "Re-lint Workspace" command). */
  async reindex(): Promise<void> {
    this.settings.clear();
    await this.disk.reindex();
    this.relintAll();
  }

  /**
   * Watched files changed on disk (workspace/didChangeWatchedFiles); type 1 created, 2 changed, 3 deleted.
   * A re-synthesised cdk.out template is re-read like any template; a changed CDK app source re-maps the
   * findings of the synthesised units.
   */
  filesChanged(changes: readonly { uri: string; type: number }[]): void {
    for (const change of changes) {
      if (schemeOf(change.uri) !== 'file') continue;
      const key = uriToKey(change.uri);
      if (isCdkSourceKey(key)) {
        if (this.cdk.active) this.sourceChangedOnDisk(key, change.type);
        continue;
      }
      if (change.type === 3) {
        // A file or a whole directory (cdk.out removed before a synth, a module deleted).
        this.disk.forgetUnder(key);
        if (this.cdk.active) this.sourceChangedOnDisk(key, 3);
        continue;
      }
      if (!isIndexedKey(key) || !this.disk.isDiskBacked(key) || this.documents.hasKey(key)) continue;
      void this.disk.refresh(key);
    }
  }

  private sourceChangedOnDisk(key: string, type: number): void {
    this.cdk.diskChanged(key, type).then(
      (changed) => {
        if (changed) this.scheduleCdkRefresh(0);
      },
      (error) => this.host.error(`reading ${key} failed: ${describeError(error)}`),
    );
  }

  // ---------------------------------------------------------------- settings

  /** The settings changed (didChangeConfiguration): fetch them again and re-lint everything. */
  configurationChanged(): void {
    this.settings.clear();
    this.relintAll();
  }

  /** Lints every known module again (at the next turn). */
  relintAll(): void {
    const units = new Set(this.project.unitNames());
    for (const unit of this.mirrors.mirroringUnits()) units.add(unit);
    for (const unit of this.documents.iacUnits()) units.add(unit);
    for (const key of this.published.closedKeys()) units.add(unitOf(key));
    for (const key of this.disk.tooLargeKeys()) units.add(unitOf(key));
    for (const unit of units) this.scheduleUnit(unit, 0);
  }

  // ---------------------------------------------------------------- linting

  /** `remap`: only CDK app sources changed, the unit itself did not (no unitChanged for it). */
  private scheduleUnit(unit: string, delayMs: number, remap = false): void {
    if (this.disposed) return;
    if (!remap) {
      this.changedUnits.add(unit);
      this.mirrors.unitChanged(unit);
    }
    this.scheduler.schedule(unit, delayMs, () => {
      if (this.changedUnits.delete(unit)) this.host.unitChanged?.(unit);
      this.lintAndPublish(unit).catch((error) => this.host.error(`linting ${unit} failed: ${describeError(error)}`));
    });
  }

  // After a CDK app source changed (or its index is ready): the synthesised units map their findings again.
  private scheduleCdkRefresh(delayMs: number): void {
    if (this.disposed) return;
    this.scheduler.schedule(CDK_REFRESH, delayMs, () => {
      for (const unit of this.mirrors.unitsToRemap()) this.scheduleUnit(unit, 0, true);
    });
  }

  private closedFilesIn(unit: string): string[] {
    const keys = new Set<string>();
    for (const key of this.project.filesOf(unit)) if (!this.documents.hasKey(key)) keys.add(key);
    for (const key of this.disk.tooLargeKeys()) if (unitOf(key) === unit && !this.documents.hasKey(key)) keys.add(key);
    for (const key of this.published.closedKeys()) if (unitOf(key) === unit && !this.documents.hasKey(key)) keys.add(key);
    return [...keys].sort();
  }

  /**
   * Lints one module and publishes for its open files (and its other files in workspace-wide mode).
   * The only wait is for settings; everything after it runs in one turn, so the texts linted and the
   * document versions published are always the same ones: a stale version is never published.
   */
  async lintAndPublish(unit: string): Promise<void> {
    if (this.disposed) return;
    const scopes = this.documents.iacIn(unit).map((doc) => doc.uri);
    const closed = this.closedFilesIn(unit);
    if (closed.length > 0) scopes.push(this.settings.scopeOf(closed[0]));
    const settingsList = await this.settings.get(scopes);
    if (this.disposed) return;
    const settingsByScope = new Map<string, Settings>();
    scopes.forEach((scope, index) => settingsByScope.set(scope, settingsList[index]));

    // From here on, nothing waits: state is read and published in the same turn.
    const docs = this.documents.iacIn(unit).filter((doc) => settingsByScope.has(doc.uri));
    const closedNow = this.closedFilesIn(unit);
    const closedSettings = closedNow.length > 0 ? settingsByScope.get(this.settings.scopeOf(closedNow[0])) : undefined;
    const workspaceWide = closedSettings?.workspaceWide === true;
    const hasPublished = closedNow.some((key) => this.published.hasClosed(key));
    // Synthesised output is linted while closed too when its findings may show on an app source line.
    const synthesised = isSynthesisedUnit(unit);
    const forSources = synthesised && (this.cdk.hasOpen() || workspaceWide || this.mirrors.hasMirrors(unit));
    if (docs.length === 0 && !workspaceWide && !hasPublished && !forSources) return;

    // The project answers from its cache while the unit's texts are the same (a CDK app source edit only
    // re-maps a synthesised unit's findings).
    const result = this.project.filesOf(unit).length === 0 ? undefined : this.project.lintUnit(unit);
    const byFile = groupByFile(result);
    const mirrorPass = synthesised ? this.mirrors.start(unit) : undefined;
    const diagnosticsOf = (key: string, uri: string, settings: Settings, tooLarge: number | undefined): Diagnostic[] => {
      if (!settings.enable || this.settings.isExcluded(key, settings)) return [];
      if (tooLarge !== undefined) return [tooLargeDiagnostic(tooLarge, this.maxBytes)];
      const entry = byFile.get(key) ?? EMPTY_RESULT;
      const hook = mirrorPass?.hook(uri, settings);
      return withSuppressionProblems(fileDiagnostics(entry.findings, entry.errors, settings, this.options.docsLink, hook), result?.problems ?? [], key);
    };

    for (const doc of docs) {
      const settings = settingsByScope.get(doc.uri) ?? DEFAULT_SETTINGS;
      this.published.publishOpen(doc.uri, doc.version, diagnosticsOf(doc.key, doc.uri, settings, doc.tooLarge));
    }
    for (const key of closedNow) {
      if (workspaceWide && closedSettings) {
        this.published.publishClosed(key, diagnosticsOf(key, keyToUri(key), closedSettings, this.disk.tooLarge(key)));
      } else {
        // Not shown itself, but its findings may show on the lines of the CDK app.
        if (forSources && closedSettings) diagnosticsOf(key, keyToUri(key), closedSettings, undefined);
        this.published.clearClosed(key);
      }
    }
    mirrorPass?.finish();
    if (result) this.status.internalErrors(result);
  }

  // ---------------------------------------------------------------- coverage report (lsp/coverage.ts)

  /** True while workspace folders or directories are being read from disk. */
  get indexing(): boolean {
    return this.disk.indexing;
  }

  /** The workspace folders on disk (URI and path key). */
  workspaceFolders(): { uri: string; key: string }[] {
    return this.disk.workspaceFolders();
  }

  /** Whether a file is reported on under its settings (`enable`, `exclude`), as its diagnostics would be. */
  async isReported(key: string): Promise<boolean> {
    const [settings] = await this.settings.get([this.documents.withKey(key)?.uri ?? this.settings.scopeOf(key)]);
    return settings.enable && !this.settings.isExcluded(key, settings);
  }

  /** Lints every pending module now (tests; shutdown). */
  flush(): void {
    this.scheduler.flush();
  }

  /** Stops all work: pending lints are dropped and running walks stop. */
  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
    this.disk.dispose();
    this.cdk.dispose();
  }
}

function groupByFile(result: UnitLintResult | undefined): Map<string, { findings: Finding[]; errors: FileError[] }> {
  const byFile = new Map<string, { findings: Finding[]; errors: FileError[] }>();
  if (!result) return byFile;
  const entry = (file: string) => {
    let found = byFile.get(file);
    if (!found) byFile.set(file, (found = { findings: [], errors: [] }));
    return found;
  };
  for (const finding of result.findings) entry(finding.file).findings.push(finding);
  for (const error of result.errors) entry(error.file).errors.push(error);
  return byFile;
}
