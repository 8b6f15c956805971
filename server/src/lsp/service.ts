// The language server's state and behaviour, independent of the connection: open buffers and the files
// of the workspace on disk feed one Project; each change schedules a debounced lint of the module
// (directory) it belongs to, and the results are published for the open files of that module (and for
// every file when `diagnostics.workspaceWide` is set). Everything the service says goes through a host,
// so it can be driven and observed in tests without a client.

import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../engine/finding';
import { Project, unitOf, type FileError, type UnitLintResult } from '../engine/project';
import type { RuleIndex } from '../engine/runner';
import { Debouncer, NODE_TIMERS, type Timers } from './debouncer';
import { fileDiagnostics, tooLargeDiagnostic, type DocsLink } from './diagnostics';
import { matchesAnyGlob } from './glob';
import { isIacKey, isIndexedKey, MAX_LINT_BYTES, readIacFile, walkIacFiles, type IndexedFile, type IndexSkip, type ReadOutcome } from './indexer';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';
import { isPathKey, isUnder, keyToUri, relativeKey, schemeOf, uriToKey } from './uri';

/** The default quiet period after a keystroke before the module is linted again. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** What the server tells the client about its work (notification `hipaaIac/status`). */
export interface ServerStatus {
  /** True while workspace folders are being read from disk. */
  indexing: boolean;
  /** IaC files known (open or on disk). */
  files: number;
  /** Set when a rule failed (the last internal error). */
  internalError?: string;
}

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

/** A workspace folder on disk. */
export interface WorkspaceFolderRef {
  uri: string;
  name?: string;
}

interface Folder {
  uri: string;
  key: string;
  /** Bumped when the folder is re-indexed or removed, so an older walk stops touching the project. */
  generation: number;
}

interface OpenDocument {
  uri: string;
  key: string;
  version: number;
  languageId: string;
  /** Size of the buffer when it is too large to lint. */
  tooLarge?: number;
}

const EMPTY_RESULT = { findings: [] as Finding[], errors: [] as FileError[] };

/** Holds the workspace state and lints it. */
export class LintService {
  readonly project: Project;
  private readonly debounceMs: number;
  private readonly maxBytes: number;
  private readonly scheduler: Debouncer<string>;
  private readonly readFile: (key: string, maxBytes: number) => Promise<ReadOutcome>;
  private readonly openByUri = new Map<string, OpenDocument>();
  private readonly openByKey = new Map<string, OpenDocument>();
  private folders: Folder[] = [];
  /** Directories whose IaC files have all been read from disk (by the index or for an opened buffer). */
  private readonly loadedDirectories = new Set<string>();
  private readonly loadingDirectories = new Map<string, Promise<void>>();
  /** Files on disk skipped for their size: key -> bytes. */
  private readonly tooLargeOnDisk = new Map<string, number>();
  /** Files that are not open and have diagnostics published (workspace-wide mode): key -> their JSON. */
  private readonly published = new Map<string, string>();
  private readonly reportedInternalErrors = new Set<string>();
  /** What was last published for each open document (to skip identical re-publishes). */
  private readonly lastPublished = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private readonly loggedSkips = new Set<string>();
  private settingsCache = new Map<string, Promise<Settings>>();
  private activeWalks = 0;
  private disposed = false;

  constructor(
    private readonly host: ServiceHost,
    private readonly options: ServiceOptions,
  ) {
    this.project = new Project(options.rules);
    this.debounceMs = Math.max(0, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.maxBytes = options.maxBytes ?? MAX_LINT_BYTES;
    this.scheduler = new Debouncer<string>(options.timers ?? NODE_TIMERS);
    this.readFile = options.readFile ?? readIacFile;
  }

  // ---------------------------------------------------------------- documents

  /** A buffer was opened: it replaces the disk version and is linted at once. */
  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const previous = this.openByUri.get(uri);
    if (previous) this.openByKey.delete(previous.key);
    const doc: OpenDocument = { uri, key: uriToKey(uri, languageId), version, languageId };
    this.openByUri.set(uri, doc);
    this.openByKey.set(doc.key, doc);
    this.published.delete(doc.key);
    this.lastPublished.delete(uri);
    if (!isIacKey(doc.key)) return;
    this.applyBuffer(doc, text);
    const unit = unitOf(doc.key);
    if (isIndexedKey(doc.key) && isPathKey(doc.key) && !this.loadedDirectories.has(unit)) {
      // The other files of the module are needed for a right first answer: read its directory first
      // (a few files; the workspace index may be busy elsewhere), then lint.
      void this.loadDirectory(unit).then(() => this.scheduleUnit(unit, 0));
    } else {
      this.scheduleUnit(unit, 0);
    }
  }

  /** A buffer changed: re-lint its module after the debounce. A repeated version is ignored. */
  changeDocument(uri: string, version: number, text: string): void {
    const doc = this.openByUri.get(uri);
    if (!doc || doc.version === version) return;
    doc.version = version;
    if (!isIacKey(doc.key)) return;
    this.applyBuffer(doc, text);
    this.scheduleUnit(unitOf(doc.key), this.debounceMs);
  }

  /**
   * A buffer was closed: its diagnostics are cleared (workspace-wide mode publishes them again for the
   * file on disk) and its module falls back to the disk version of the file.
   */
  closeDocument(uri: string): void {
    const doc = this.openByUri.get(uri);
    if (!doc) return;
    this.openByUri.delete(uri);
    if (this.openByKey.get(doc.key) === doc) this.openByKey.delete(doc.key);
    this.host.publish({ uri, diagnostics: [] });
    if (!isIacKey(doc.key)) return;
    const unit = unitOf(doc.key);
    this.lastPublished.delete(uri);
    if (!isIndexedKey(doc.key) || !this.isDiskBacked(doc.key)) {
      this.project.removeFile(doc.key);
      this.scheduleUnit(unit, 0);
      return;
    }
    void this.refreshFromDisk(doc.key);
  }

  /** Whether a URI is open. */
  isOpen(uri: string): boolean {
    return this.openByUri.has(uri);
  }

  private applyBuffer(doc: OpenDocument, text: string): void {
    // Cheap test first: a UTF-16 length over the limit is over it in UTF-8 too.
    const size = text.length > this.maxBytes ? text.length : text.length * 3 > this.maxBytes ? Buffer.byteLength(text) : 0;
    if (size > this.maxBytes) {
      if (doc.tooLarge === undefined) this.host.log(`skipped ${doc.key}: ${size} bytes is over the ${this.maxBytes}-byte limit`);
      doc.tooLarge = size;
      this.project.removeFile(doc.key);
      return;
    }
    doc.tooLarge = undefined;
    this.project.setFile(doc.key, text);
  }

  // ---------------------------------------------------------------- workspace on disk

  /** Sets the workspace folders and indexes the new ones in the background; resolves when done. */
  async setWorkspaceFolders(folders: readonly WorkspaceFolderRef[]): Promise<void> {
    const wanted = new Map<string, WorkspaceFolderRef>();
    for (const folder of folders) if (schemeOf(folder.uri) === 'file') wanted.set(uriToKey(folder.uri), folder);
    const removed = this.folders.filter((folder) => !wanted.has(folder.key));
    this.folders = this.folders.filter((folder) => wanted.has(folder.key));
    for (const folder of removed) {
      folder.generation++;
      this.forgetDiskFilesUnder(folder.key);
      for (const directory of [...this.loadedDirectories]) if (isUnder(directory, folder.key)) this.loadedDirectories.delete(directory);
    }
    const added: Folder[] = [];
    for (const [key, folder] of wanted) {
      if (this.folders.some((known) => known.key === key)) continue;
      const entry: Folder = { uri: folder.uri, key, generation: 0 };
      this.folders.push(entry);
      added.push(entry);
    }
    // Longest first, so the innermost folder of nested folders is found first.
    this.folders.sort((a, b) => b.key.length - a.key.length);
    await Promise.all(added.map((folder) => this.indexFolder(folder)));
  }

  /** Re-reads every workspace folder from disk and re-lints everything (the "Re-lint Workspace" command). */
  async reindex(): Promise<void> {
    this.settingsCache = new Map();
    await Promise.all(this.folders.map((folder) => this.indexFolder(folder)));
    this.relintAll();
  }

  /** Watched files changed on disk (workspace/didChangeWatchedFiles); type 1 created, 2 changed, 3 deleted. */
  filesChanged(changes: readonly { uri: string; type: number }[]): void {
    for (const change of changes) {
      if (schemeOf(change.uri) !== 'file') continue;
      const key = uriToKey(change.uri);
      if (change.type === 3) {
        this.forgetDiskFilesUnder(key);
        continue;
      }
      if (!isIndexedKey(key) || !this.isDiskBacked(key) || this.openByKey.has(key)) continue;
      void this.refreshFromDisk(key);
    }
  }

  private async indexFolder(folder: Folder): Promise<void> {
    const generation = ++folder.generation;
    const current = () => !this.disposed && folder.generation === generation && this.folders.includes(folder);
    const seen = new Set<string>();
    this.activeWalks++;
    this.reportStatus();
    const started = performance.now();
    try {
      const count = await walkIacFiles(
        folder.key,
        (chunk) => {
          if (!current()) return;
          for (const file of chunk.files) seen.add(file.key);
          for (const skip of chunk.skipped) seen.add(skip.key);
          for (const directory of chunk.directories) this.loadedDirectories.add(directory);
          this.addDiskFiles(chunk.files, chunk.skipped);
        },
        { cancelled: () => !current(), maxBytes: this.maxBytes },
      );
      if (!current()) return;
      // Files that disappeared while the server was not watching (a re-index).
      for (const key of this.diskKeysUnder(folder.key)) if (!seen.has(key)) this.forgetDiskFile(key);
      this.host.log(`indexed ${count} IaC files under ${folder.key} in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      this.host.error(`indexing ${folder.key} failed: ${describeError(error)}`);
    } finally {
      this.activeWalks--;
      this.reportStatus();
    }
  }

  // Reads the IaC files of one directory (not its sub-directories), once.
  private loadDirectory(directory: string): Promise<void> {
    const loading = this.loadingDirectories.get(directory);
    if (loading) return loading;
    this.activeWalks++;
    const done = walkIacFiles(directory, (chunk) => this.addDiskFiles(chunk.files, chunk.skipped), { recursive: false, maxBytes: this.maxBytes })
      .then(
        () => undefined,
        (error) => this.host.error(`reading ${directory} failed: ${describeError(error)}`),
      )
      .finally(() => {
        this.loadedDirectories.add(directory);
        this.loadingDirectories.delete(directory);
        this.activeWalks--;
        this.reportStatus();
      });
    this.loadingDirectories.set(directory, done);
    return done;
  }

  private addDiskFiles(files: readonly IndexedFile[], skipped: readonly IndexSkip[]): void {
    if (this.disposed) return;
    const units = new Set<string>();
    for (const file of files) {
      if (this.openByKey.has(file.key)) continue;
      this.tooLargeOnDisk.delete(file.key);
      if (this.project.getText(file.key) === file.text) continue;
      this.project.setFile(file.key, file.text);
      units.add(unitOf(file.key));
    }
    for (const skip of skipped) {
      if (this.openByKey.has(skip.key)) continue;
      if (!this.loggedSkips.has(skip.key)) {
        this.loggedSkips.add(skip.key);
        this.host.log(`skipped ${skip.key}: ${skip.reason === 'too-large' ? `${skip.size} bytes is over the ${this.maxBytes}-byte limit` : skip.reason}`);
      }
      this.project.removeFile(skip.key);
      if (skip.reason === 'too-large') this.tooLargeOnDisk.set(skip.key, skip.size);
      units.add(unitOf(skip.key));
    }
    for (const unit of units) this.scheduleUnit(unit, 0);
    this.reportStatus();
  }

  private async refreshFromDisk(key: string): Promise<void> {
    let outcome: ReadOutcome;
    try {
      outcome = await this.readFile(key, this.maxBytes);
    } catch (error) {
      outcome = { kind: 'skipped', skip: { key, size: 0, reason: 'unreadable' } };
      this.host.error(`reading ${key} failed: ${describeError(error)}`);
    }
    // The buffer was opened again meanwhile: it wins.
    if (this.disposed || this.openByKey.has(key)) return;
    if (outcome.kind === 'file') this.addDiskFiles([outcome.file], []);
    else if (outcome.kind === 'skipped') this.addDiskFiles([], [outcome.skip]);
    else this.forgetDiskFile(key);
    this.scheduleUnit(unitOf(key), 0);
  }

  // The files from disk at `path` or under it (a file or a directory).
  private diskKeysUnder(path: string): string[] {
    const keys: string[] = [];
    for (const unit of this.project.unitNames()) {
      if (!isUnder(unit, path) && !isUnder(path, unit)) continue;
      for (const key of this.project.filesOf(unit)) if (isUnder(key, path) && !this.openByKey.has(key)) keys.push(key);
    }
    for (const key of this.tooLargeOnDisk.keys()) if (isUnder(key, path)) keys.push(key);
    return keys;
  }

  private forgetDiskFilesUnder(path: string): void {
    for (const key of this.diskKeysUnder(path)) this.forgetDiskFile(key);
    for (const key of [...this.published.keys()]) if (isUnder(key, path)) this.forgetDiskFile(key);
  }

  private forgetDiskFile(key: string): void {
    if (this.openByKey.has(key)) return;
    this.project.removeFile(key);
    this.tooLargeOnDisk.delete(key);
    if (this.published.delete(key)) this.host.publish({ uri: keyToUri(key), diagnostics: [] });
    this.scheduleUnit(unitOf(key), 0);
  }

  private folderOf(key: string): Folder | undefined {
    if (!isPathKey(key)) return undefined;
    return this.folders.find((folder) => isUnder(key, folder.key));
  }

  private isDiskBacked(key: string): boolean {
    return isPathKey(key) && (this.folderOf(key) !== undefined || this.loadedDirectories.has(unitOf(key)));
  }

  // ---------------------------------------------------------------- settings

  /** The settings changed (didChangeConfiguration): fetch them again and re-lint everything. */
  configurationChanged(): void {
    this.settingsCache = new Map();
    this.relintAll();
  }

  /** Lints every known module again (at the next turn). */
  relintAll(): void {
    const units = new Set(this.project.unitNames());
    for (const doc of this.openByUri.values()) if (isIacKey(doc.key)) units.add(unitOf(doc.key));
    for (const key of this.published.keys()) units.add(unitOf(key));
    for (const key of this.tooLargeOnDisk.keys()) units.add(unitOf(key));
    for (const unit of units) this.scheduleUnit(unit, 0);
  }

  private settingsFor(scopes: readonly string[]): Promise<Settings[]> {
    const cache = this.settingsCache;
    const missing = [...new Set(scopes.filter((scope) => !cache.has(scope)))];
    if (missing.length > 0) {
      const fetched = this.host.settings(missing).then(
        (raw) => missing.map((_, index) => normalizeSettings(raw[index])),
        (error) => {
          this.host.error(`reading settings failed: ${describeError(error)}`);
          return missing.map(() => DEFAULT_SETTINGS);
        },
      );
      missing.forEach((scope, index) => cache.set(scope, fetched.then((list) => list[index])));
    }
    return Promise.all(scopes.map((scope) => cache.get(scope) as Promise<Settings>));
  }

  // The scope whose settings govern a file that is not open: its workspace folder (or itself).
  private scopeOf(key: string): string {
    return this.folderOf(key)?.uri ?? keyToUri(key);
  }

  private isExcluded(key: string, settings: Settings): boolean {
    if (settings.exclude.length === 0) return false;
    const folder = this.folderOf(key);
    const relative = folder ? relativeKey(key, folder.key) : key.replace(/^\/+/, '');
    return matchesAnyGlob(relative, settings.exclude);
  }

  // ---------------------------------------------------------------- linting

  private scheduleUnit(unit: string, delayMs: number): void {
    if (this.disposed) return;
    this.scheduler.schedule(unit, delayMs, () => {
      this.lintAndPublish(unit).catch((error) => this.host.error(`linting ${unit} failed: ${describeError(error)}`));
    });
  }

  private openDocumentsIn(unit: string): OpenDocument[] {
    const docs: OpenDocument[] = [];
    for (const doc of this.openByUri.values()) if (isIacKey(doc.key) && unitOf(doc.key) === unit) docs.push(doc);
    return docs;
  }

  private closedFilesIn(unit: string): string[] {
    const keys = new Set<string>();
    for (const key of this.project.filesOf(unit)) if (!this.openByKey.has(key)) keys.add(key);
    for (const key of this.tooLargeOnDisk.keys()) if (unitOf(key) === unit && !this.openByKey.has(key)) keys.add(key);
    for (const key of this.published.keys()) if (unitOf(key) === unit && !this.openByKey.has(key)) keys.add(key);
    return [...keys].sort();
  }

  /**
   * Lints one module and publishes for its open files (and its other files in workspace-wide mode).
   * The only wait is for settings; everything after it runs in one turn, so the texts linted and the
   * document versions published are always the same ones: a stale version is never published.
   */
  async lintAndPublish(unit: string): Promise<void> {
    if (this.disposed) return;
    const scopes = this.openDocumentsIn(unit).map((doc) => doc.uri);
    const closed = this.closedFilesIn(unit);
    if (closed.length > 0) scopes.push(this.scopeOf(closed[0]));
    const settingsList = await this.settingsFor(scopes);
    if (this.disposed) return;
    const settingsByScope = new Map<string, Settings>();
    scopes.forEach((scope, index) => settingsByScope.set(scope, settingsList[index]));

    // From here on, nothing waits: state is read and published in the same turn.
    const docs = this.openDocumentsIn(unit).filter((doc) => settingsByScope.has(doc.uri));
    const closedNow = this.closedFilesIn(unit);
    const closedSettings = closedNow.length > 0 ? settingsByScope.get(this.scopeOf(closedNow[0])) : undefined;
    const workspaceWide = closedSettings?.workspaceWide === true;
    const hasPublished = closedNow.some((key) => this.published.has(key));
    if (docs.length === 0 && !workspaceWide && !hasPublished) return;

    const result = this.project.filesOf(unit).length > 0 ? this.project.lintUnit(unit) : undefined;
    const byFile = groupByFile(result);
    const diagnosticsOf = (key: string, settings: Settings, tooLarge: number | undefined): Diagnostic[] => {
      if (!settings.enable || this.isExcluded(key, settings)) return [];
      if (tooLarge !== undefined) return [tooLargeDiagnostic(tooLarge, this.maxBytes)];
      const entry = byFile.get(key) ?? EMPTY_RESULT;
      return fileDiagnostics(entry.findings, entry.errors, settings, this.options.docsLink);
    };

    for (const doc of docs) {
      const settings = settingsByScope.get(doc.uri) ?? DEFAULT_SETTINGS;
      const diagnostics = diagnosticsOf(doc.key, settings, doc.tooLarge);
      // The same version again (a sibling was re-read, settings were re-fetched) with the same result:
      // nothing to say. Only then is the comparison paid for.
      const last = this.lastPublished.get(doc.uri);
      if (last && last.version === doc.version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) continue;
      this.lastPublished.set(doc.uri, { version: doc.version, diagnostics });
      this.host.publish({ uri: doc.uri, version: doc.version, diagnostics });
    }
    for (const key of closedNow) {
      if (workspaceWide && closedSettings) {
        const diagnostics = diagnosticsOf(key, closedSettings, this.tooLargeOnDisk.get(key));
        if (diagnostics.length === 0 && !this.published.has(key)) continue;
        // A closed file's text did not change; most edits elsewhere leave its diagnostics as they were.
        const json = JSON.stringify(diagnostics);
        if (this.published.get(key) === json) continue;
        this.host.publish({ uri: keyToUri(key), diagnostics });
        if (diagnostics.length > 0) this.published.set(key, json);
        else this.published.delete(key);
      } else if (this.published.delete(key)) {
        this.host.publish({ uri: keyToUri(key), diagnostics: [] });
      }
    }
    if (result) this.reportInternalErrors(result);
  }

  private reportInternalErrors(result: UnitLintResult): void {
    for (const error of result.internalErrors) {
      if (this.reportedInternalErrors.has(error.ruleId)) continue;
      this.reportedInternalErrors.add(error.ruleId);
      this.host.error(`internal error in rule ${error.ruleId}: ${error.message} (the other rules still ran)`);
      this.host.showWarning(
        `HIPAA IaC Lint: rule ${error.ruleId} failed with an internal error and was skipped; the other rules still ran. See the output for details.`,
      );
      this.reportStatus(`${error.ruleId}: ${error.message}`);
    }
  }

  private reportStatus(internalError?: string): void {
    if (!this.host.status) return;
    let files = 0;
    for (const unit of this.project.unitNames()) files += this.project.filesOf(unit).length;
    const status: ServerStatus = { indexing: this.activeWalks > 0, files };
    if (internalError) status.internalError = internalError;
    this.host.status(status);
  }

  /** Lints every pending module now (tests; shutdown). */
  flush(): void {
    this.scheduler.flush();
  }

  /** Stops all work: pending lints are dropped and running walks stop. */
  dispose(): void {
    this.disposed = true;
    this.scheduler.dispose();
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

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
