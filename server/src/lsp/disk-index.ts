// The IaC files of the workspace on disk, kept in the service's Project: workspace folders are walked in
// the background (lsp/indexer.ts), the directory of a buffer opened outside them is read on its own, and
// watcher events re-read or forget single files or whole directories. Open buffers win over disk: a file
// open in the editor is never touched here. Files too large to lint are remembered with their size (the
// editor shows a note on them instead of diagnostics).

import { unitOf, type Project } from '../engine/project';
import { describeError } from './errors';
import { MAX_INDEXED_FILES, walkIacFiles, type IndexedFile, type IndexSkip, type ReadOutcome } from './indexer';
import { isPathKey, isUnder, schemeOf, uriToKey } from './uri';

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

/** What the disk index needs from the language service. */
export interface DiskIndexHost {
  /** Whether a file is open in the editor: then its buffer wins and the disk version is left alone. */
  isOpen(key: string): boolean;
  /** Whether a closed file has diagnostics published (workspace-wide mode): it is known until they are cleared. */
  hasPublished(key: string): boolean;
  /** The closed files that have diagnostics published. */
  publishedKeys(): Iterable<string>;
  /** A file left the project: clear its published diagnostics, if any, and lint its module again. */
  forgotten(key: string): void;
  /** Files of a module were read from disk or skipped: lint it again. */
  changed(unit: string): void;
  /** The number of known files or of running walks changed (status reporting). */
  statusChanged(): void;
  /** A workspace folder was removed (its key). */
  folderRemoved(key: string): void;
  /** Writes a line to the server log. */
  log(message: string): void;
  /** Writes an error to the server log. */
  error(message: string): void;
}

/** How the disk index reads files. */
export interface DiskIndexOptions {
  /** Files larger than this are not linted (remembered as too large). */
  maxBytes: number;
  /** Reads one file from disk. */
  readFile: (key: string, maxBytes: number) => Promise<ReadOutcome>;
}

/** The workspace folders and the IaC files read from them into the Project. */
export class DiskIndex {
  private folders: Folder[] = [];
  /** Directories whose IaC files have all been read from disk (by the index or for an opened buffer). */
  private readonly loadedDirectories = new Set<string>();
  private readonly loadingDirectories = new Map<string, Promise<void>>();
  /** Files on disk skipped for their size: key -> bytes. */
  private readonly tooLargeOnDisk = new Map<string, number>();
  private readonly loggedSkips = new Set<string>();
  private activeWalks = 0;
  private disposed = false;

  constructor(
    private readonly project: Project,
    private readonly host: DiskIndexHost,
    private readonly options: DiskIndexOptions,
  ) {}

  /** True while workspace folders or directories are being read from disk. */
  get indexing(): boolean {
    return this.activeWalks > 0;
  }

  /** The workspace folders on disk (URI and path key). */
  workspaceFolders(): { uri: string; key: string }[] {
    return this.folders.map((folder) => ({ uri: folder.uri, key: folder.key }));
  }

  /** Sets the workspace folders and indexes the new ones in the background; resolves when done. */
  async setFolders(folders: readonly WorkspaceFolderRef[]): Promise<void> {
    const wanted = new Map<string, WorkspaceFolderRef>();
    for (const folder of folders) if (schemeOf(folder.uri) === 'file') wanted.set(uriToKey(folder.uri), folder);
    const removed = this.folders.filter((folder) => !wanted.has(folder.key));
    this.folders = this.folders.filter((folder) => wanted.has(folder.key));
    for (const folder of removed) {
      folder.generation++;
      this.forgetUnder(folder.key);
      this.host.folderRemoved(folder.key);
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

  /** Re-reads every workspace folder from disk. */
  async reindex(): Promise<void> {
    await Promise.all(this.folders.map((folder) => this.indexFolder(folder)));
  }

  /** The innermost workspace folder holding a file, if any. */
  folderOf(key: string): { readonly uri: string; readonly key: string } | undefined {
    if (!isPathKey(key)) return undefined;
    return this.folders.find((folder) => isUnder(key, folder.key));
  }

  /** Whether a file's disk version is known here (it is in a workspace folder or a directory read on its own). */
  isDiskBacked(key: string): boolean {
    return isPathKey(key) && (this.folderOf(key) !== undefined || this.loadedDirectories.has(unitOf(key)));
  }

  /** Whether every IaC file of a directory has been read. */
  isLoaded(directory: string): boolean {
    return this.loadedDirectories.has(directory);
  }

  /** The size of a file on disk skipped as too large to lint, or undefined. */
  tooLarge(key: string): number | undefined {
    return this.tooLargeOnDisk.get(key);
  }

  /** The files on disk skipped as too large to lint. */
  tooLargeKeys(): IterableIterator<string> {
    return this.tooLargeOnDisk.keys();
  }

  // Walks a workspace folder; a newer walk of the same folder (or its removal) stops this one.
  private async indexFolder(folder: Folder): Promise<void> {
    const generation = ++folder.generation;
    const current = () => !this.disposed && folder.generation === generation && this.folders.includes(folder);
    const seen = new Set<string>();
    this.activeWalks++;
    this.host.statusChanged();
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
        {
          cancelled: () => !current(),
          maxBytes: this.options.maxBytes,
          onLimit: () => this.host.log(`indexing ${folder.key} stopped after ${MAX_INDEXED_FILES} files; open files are still linted`),
        },
      );
      if (!current()) return;
      // Files that disappeared while the server was not watching (a re-index).
      for (const key of this.diskKeysUnder(folder.key)) if (!seen.has(key)) this.forgetDiskFile(key);
      this.host.log(`indexed ${count} IaC files under ${folder.key} in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      this.host.error(`indexing ${folder.key} failed: ${describeError(error)}`);
    } finally {
      this.activeWalks--;
      this.host.statusChanged();
    }
  }

  /** Reads the IaC files of one directory (not its sub-directories), once. */
  loadDirectory(directory: string): Promise<void> {
    const loading = this.loadingDirectories.get(directory);
    if (loading) return loading;
    this.activeWalks++;
    const done = walkIacFiles(directory, (chunk) => this.addDiskFiles(chunk.files, chunk.skipped), { recursive: false, maxBytes: this.options.maxBytes })
      .then(
        () => undefined,
        (error) => this.host.error(`reading ${directory} failed: ${describeError(error)}`),
      )
      .finally(() => {
        this.loadedDirectories.add(directory);
        this.loadingDirectories.delete(directory);
        this.activeWalks--;
        this.host.statusChanged();
      });
    this.loadingDirectories.set(directory, done);
    return done;
  }

  private addDiskFiles(files: readonly IndexedFile[], skipped: readonly IndexSkip[]): void {
    if (this.disposed) return;
    const units = new Set<string>();
    for (const file of files) {
      if (this.host.isOpen(file.key)) continue;
      this.tooLargeOnDisk.delete(file.key);
      if (this.project.getText(file.key) === file.text) continue;
      this.project.setFile(file.key, file.text);
      units.add(unitOf(file.key));
    }
    for (const skip of skipped) {
      if (this.host.isOpen(skip.key)) continue;
      if (!this.loggedSkips.has(skip.key)) {
        this.loggedSkips.add(skip.key);
        this.host.log(
          `skipped ${skip.key}: ${skip.reason === 'too-large' ? `${skip.size} bytes is over the ${this.options.maxBytes}-byte limit` : skip.reason}`,
        );
      }
      this.project.removeFile(skip.key);
      if (skip.reason === 'too-large') this.tooLargeOnDisk.set(skip.key, skip.size);
      units.add(unitOf(skip.key));
    }
    for (const unit of units) this.host.changed(unit);
    this.host.statusChanged();
  }

  /** Reads one file from disk again (it changed, or its buffer was closed) unless it is open meanwhile. */
  async refresh(key: string): Promise<void> {
    let outcome: ReadOutcome;
    try {
      outcome = await this.options.readFile(key, this.options.maxBytes);
    } catch (error) {
      outcome = { kind: 'skipped', skip: { key, size: 0, reason: 'unreadable' } };
      this.host.error(`reading ${key} failed: ${describeError(error)}`);
    }
    // The buffer was opened again meanwhile: it wins.
    if (this.disposed || this.host.isOpen(key)) return;
    if (outcome.kind === 'file') this.addDiskFiles([outcome.file], []);
    else if (outcome.kind === 'skipped') this.addDiskFiles([], [outcome.skip]);
    else if (this.knowsDiskFile(key)) this.forgetDiskFile(key);
    // A YAML/JSON file that is not (or no longer) a template and was never known: nothing to do.
    else return;
    this.host.changed(unitOf(key));
  }

  private knowsDiskFile(key: string): boolean {
    return this.project.getText(key) !== undefined || this.tooLargeOnDisk.has(key) || this.host.hasPublished(key);
  }

  // The files from disk at `path` or under it (a file or a directory).
  private diskKeysUnder(path: string): string[] {
    const keys: string[] = [];
    for (const unit of this.project.unitNames()) {
      if (!isUnder(unit, path) && !isUnder(path, unit)) continue;
      for (const key of this.project.filesOf(unit)) if (isUnder(key, path) && !this.host.isOpen(key)) keys.push(key);
    }
    for (const key of this.tooLargeOnDisk.keys()) if (isUnder(key, path)) keys.push(key);
    return keys;
  }

  /** Forgets the files from disk at `path` or under it (a deleted file or directory, a removed folder). */
  forgetUnder(path: string): void {
    for (const key of this.diskKeysUnder(path)) this.forgetDiskFile(key);
    for (const key of [...this.host.publishedKeys()]) if (isUnder(key, path)) this.forgetDiskFile(key);
  }

  private forgetDiskFile(key: string): void {
    if (this.host.isOpen(key)) return;
    this.project.removeFile(key);
    this.tooLargeOnDisk.delete(key);
    this.host.forgotten(key);
  }

  /** Stops all work: running walks stop and late reads are dropped. */
  dispose(): void {
    this.disposed = true;
  }
}
