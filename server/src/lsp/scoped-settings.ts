// The settings that govern each file. They are fetched from the client (workspace/configuration) per
// scope: an open document's URI, or for a file that is not open its workspace folder. Scopes asked for
// together are fetched in one request; answers are kept until the configuration changes, and a failed
// fetch falls back to the defaults. `exclude` globs are matched relative to the file's workspace folder.

import { describeError } from './errors';
import { matchesAnyGlob } from './glob';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';
import { keyToUri, relativeKey } from './uri';

/** Where the raw settings come from (the service's host). */
export interface SettingsSource {
  /** The raw `hipaaIac` settings for each scope URI (workspace/configuration), in order. */
  settings(scopeUris: string[]): Promise<unknown[]>;
  /** Writes an error to the server log. */
  error(message: string): void;
}

/** Finds the workspace folder of a file (the disk index). */
export interface FolderLookup {
  /** The innermost workspace folder holding a file, if any. */
  folderOf(key: string): { readonly uri: string; readonly key: string } | undefined;
}

/** The settings of each scope, fetched once and cached until the configuration changes. */
export class ScopedSettings {
  private cache = new Map<string, Promise<Settings>>();

  constructor(
    private readonly source: SettingsSource,
    private readonly folders: FolderLookup,
  ) {}

  /** Forgets every answer: the settings are fetched again when next asked for. */
  clear(): void {
    this.cache = new Map();
  }

  /** The settings of each scope URI, in order (one request for all the scopes not known yet). */
  get(scopes: readonly string[]): Promise<Settings[]> {
    const cache = this.cache;
    const missing = [...new Set(scopes.filter((scope) => !cache.has(scope)))];
    if (missing.length > 0) {
      const fetched = this.source.settings(missing).then(
        (raw) => missing.map((_, index) => normalizeSettings(raw[index])),
        (error) => {
          this.source.error(`reading settings failed: ${describeError(error)}`);
          return missing.map(() => DEFAULT_SETTINGS);
        },
      );
      missing.forEach((scope, index) => cache.set(scope, fetched.then((list) => list[index])));
    }
    return Promise.all(scopes.map((scope) => cache.get(scope) as Promise<Settings>));
  }

  /** The scope whose settings govern a file that is not open: its workspace folder (or itself). */
  scopeOf(key: string): string {
    return this.folders.folderOf(key)?.uri ?? keyToUri(key);
  }

  /** Whether a file matches an `exclude` glob of its settings (relative to its workspace folder). */
  isExcluded(key: string, settings: Settings): boolean {
    if (settings.exclude.length === 0) return false;
    const folder = this.folders.folderOf(key);
    const relative = folder ? relativeKey(key, folder.key) : key.replace(/^\/+/, '');
    return matchesAnyGlob(relative, settings.exclude);
  }
}
