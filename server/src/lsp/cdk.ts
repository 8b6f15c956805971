// The CDK app sources of the workspace, for tracing a finding in synthesised output (cdk.out templates,
// CDKTF's cdktf.out) back to the line of the app that creates the construct. The sources (TypeScript,
// JavaScript, Python) are read lazily: only when a finding with a construct path asks for them, once per
// root (a workspace folder), then kept fresh by watcher events and open buffers (which win over disk).
// Answers are cached per construct path until a source under the root changes; each file remembers which
// construct ids its text mentions, so after a keystroke only the edited file is searched again.

import { readdir, readFile, stat } from 'node:fs/promises';
import { CDK_SOURCE_EXTENSIONS, constructId, findConstructSource, type ConstructLocation } from '../engine/cdk-source';
import { isSkippedDirectory, yieldToEventLoop } from './indexer';
import { isUnder } from './uri';

/** Source files larger than this are not searched (bundles, generated code). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Source files read at most per root. */
export const MAX_SOURCE_FILES = 20_000;

/** Globs the client watches once sources are indexed. */
export const SOURCE_WATCH_GLOBS = CDK_SOURCE_EXTENSIONS.map((extension) => `**/*${extension}`);

/** Directories with build output or synthesised output rather than app sources. */
const SOURCE_SKIPPED_DIRECTORIES = new Set(['cdk.out', 'cdktf.out']);

/** Whether a key names a file of synthesised CDK output: a cdk.out template or Terraform JSON under cdktf.out. */
export function isCdkOutputKey(key: string): boolean {
  return (/(^|\/)cdk\.out\//.test(key) && key.endsWith('.template.json')) || (/(^|\/)cdktf\.out\//.test(key) && key.endsWith('.tf.json'));
}

/** Whether a unit (a template file, or a Terraform module directory) is synthesised CDK or CDKTF output. */
export function isSynthesisedUnit(unit: string): boolean {
  return isCdkOutputKey(unit) || /(^|\/)cdktf\.out(\/|$)/.test(unit);
}

/** For a unit of synthesised output, the directory the CDK app lives in (the parent of cdk.out / cdktf.out). */
export function cdkAppDirectory(key: string): string | undefined {
  const match = /(^|\/)(cdk|cdktf)\.out(\/|$)/.exec(key);
  if (!match) return undefined;
  return key.slice(0, match.index) || '/';
}

function skippedSourceDirectory(name: string, parent: string): boolean {
  return SOURCE_SKIPPED_DIRECTORIES.has(name) || isSkippedDirectory(name, parent);
}

/** Whether a key is a CDK app source file we search: .ts, .js, .mjs, .py, outside dependency and output folders. */
export function isCdkSourceKey(key: string): boolean {
  if (!CDK_SOURCE_EXTENSIONS.some((extension) => key.endsWith(extension)) || key.endsWith('.d.ts')) return false;
  const segments = key.split('/');
  for (let i = 0; i < segments.length - 1; i++) if (skippedSourceDirectory(segments[i], segments.slice(0, i).join('/'))) return false;
  return true;
}

// `x.js` beside `x.ts` is compiled output (the CDK TypeScript template compiles in place): searching both
// would make every construct ambiguous.
function compiledTwin(key: string): string | undefined {
  const match = /\.m?js$/.exec(key);
  return match ? key.slice(0, match.index) + '.ts' : undefined;
}

interface SourceFile {
  key: string;
  text: string;
  /** Open buffers: the document version; disk files: undefined. */
  version?: number;
  /** construct id -> whether the text mentions it (filled lazily). */
  mentions: Map<string, boolean>;
}

interface SourceRoot {
  key: string;
  ready: boolean;
  files: Map<string, SourceFile>;
  /** construct path -> where it is created (null: nowhere or more than once). */
  answers: Map<string, ConstructLocation | null>;
}

/** What the source index needs from the service. */
export interface CdkSourcesHost {
  /** A root finished loading, or a source changed: synthesised units should be linted again. */
  changed(): void;
  log(message: string): void;
  /** Called once, when the first root starts loading (register file watchers for sources). */
  firstLoad?(): void;
}

function sourceFile(key: string, text: string, version?: number): SourceFile {
  return { key, text, version, mentions: new Map() };
}

function mentions(file: SourceFile, id: string): boolean {
  let found = file.mentions.get(id);
  if (found === undefined) file.mentions.set(id, (found = file.text.includes(id)));
  return found;
}

/** The CDK app sources of the workspace roots that synthesised output was found in. */
export class CdkSources {
  private readonly roots = new Map<string, SourceRoot>();
  private readonly open = new Map<string, SourceFile>();
  private disposed = false;
  private loadedOnce = false;

  constructor(private readonly host: CdkSourcesHost) {}

  /** Whether any root has been asked for (then source changes matter). */
  get active(): boolean {
    return this.roots.size > 0;
  }

  /**
   * The single line under `root` that creates the construct, or undefined (none, several, or the sources
   * are still being read: then they start loading and the host hears `changed` when they are ready).
   */
  locate(root: string, constructPath: string): ConstructLocation | undefined {
    const id = constructId(constructPath);
    if (id === undefined) return undefined;
    const entry = this.roots.get(root) ?? this.load(root);
    if (!entry.ready) return undefined;
    const cached = entry.answers.get(constructPath);
    if (cached !== undefined) return cached ?? undefined;
    const candidates: SourceFile[] = [];
    for (const [key, disk] of entry.files) {
      const file = this.open.get(key) ?? disk;
      if (mentions(file, id)) candidates.push(file);
    }
    for (const [key, file] of this.open) {
      if (!entry.files.has(key) && isUnder(key, root) && mentions(file, id)) candidates.push(file);
    }
    const known = (key: string) => entry.files.has(key) || this.open.has(key);
    const sources = candidates
      .filter((file) => {
        const twin = compiledTwin(file.key);
        return twin === undefined || !known(twin);
      })
      .map((file) => ({ path: file.key, text: file.text }));
    const found = findConstructSource(sources, constructPath);
    entry.answers.set(constructPath, found ?? null);
    return found;
  }

  /** An open buffer of a source file (opened or changed); it wins over the disk. */
  setOpen(key: string, version: number, text: string): void {
    const previous = this.open.get(key);
    if (previous && previous.version === version && previous.text === text) return;
    this.open.set(key, sourceFile(key, text, version));
    this.invalidate(key);
  }

  /** The buffer was closed: the disk version counts again. */
  closeOpen(key: string): void {
    if (this.open.delete(key)) this.invalidate(key);
  }

  /** Whether a source buffer is open. */
  hasOpen(): boolean {
    return this.open.size > 0;
  }

  /** A file or directory changed on disk (type 1 created, 2 changed, 3 deleted); true when a root holds it. */
  async diskChanged(key: string, type: number): Promise<boolean> {
    const roots = [...this.roots.values()].filter((entry) => isUnder(key, entry.key));
    if (roots.length === 0) return false;
    if (type === 3) {
      let removed = false;
      for (const entry of roots) {
        for (const file of [...entry.files.keys()]) {
          if (isUnder(file, key)) {
            entry.files.delete(file);
            removed = true;
          }
        }
        if (removed) entry.answers.clear();
      }
      return removed;
    }
    if (!isCdkSourceKey(key)) return false;
    const text = await readSource(key);
    if (this.disposed) return false;
    for (const entry of roots) {
      const previous = entry.files.get(key);
      if (text === undefined) entry.files.delete(key);
      else if (previous?.text !== text) entry.files.set(key, sourceFile(key, text));
      else continue;
      entry.answers.clear();
    }
    return true;
  }

  /** A workspace folder was removed: its sources are forgotten (read again if asked for again). */
  forgetRoot(root: string): void {
    this.roots.delete(root);
  }

  /** Stops loading. */
  dispose(): void {
    this.disposed = true;
  }

  private invalidate(key: string): void {
    for (const entry of this.roots.values()) if (isUnder(key, entry.key)) entry.answers.clear();
  }

  private load(root: string): SourceRoot {
    const entry: SourceRoot = { key: root, ready: false, files: new Map(), answers: new Map() };
    if (!this.loadedOnce) {
      this.loadedOnce = true;
      this.host.firstLoad?.();
    }
    this.roots.set(root, entry);
    const started = performance.now();
    walkSources(root, entry.files, () => this.disposed)
      .then(
        (count) => this.host.log(`indexed ${count} CDK app source files under ${root} in ${Math.round(performance.now() - started)} ms`),
        (error) => this.host.log(`reading CDK app sources under ${root} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        entry.ready = true;
        entry.answers.clear();
        if (!this.disposed) this.host.changed();
      });
    return entry;
  }
}

async function readSource(key: string): Promise<string | undefined> {
  try {
    const stats = await stat(key);
    if (!stats.isFile() || stats.size > MAX_SOURCE_BYTES) return undefined;
    const text = await readFile(key, 'utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

// Reads the source files under `root` into `files`, yielding between batches; resolves with their number.
async function walkSources(root: string, files: Map<string, SourceFile>, cancelled: () => boolean): Promise<number> {
  const base = root.endsWith('/') && root.length > 1 ? root.slice(0, -1) : root;
  const queue = [base];
  let count = 0;
  while (queue.length > 0 && count < MAX_SOURCE_FILES) {
    if (cancelled()) return count;
    const directory = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const key = directory === '/' ? `/${entry.name}` : `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedSourceDirectory(entry.name, directory)) queue.push(key);
        continue;
      }
      if (!entry.isFile() || !isCdkSourceKey(key) || files.has(key)) continue;
      const text = await readSource(key);
      if (text === undefined) continue;
      files.set(key, sourceFile(key, text));
      if (++count % 64 === 0) await yieldToEventLoop();
      if (count >= MAX_SOURCE_FILES) break;
    }
  }
  return count;
}
