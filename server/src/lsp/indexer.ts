// Finds the IaC files of a workspace folder on disk, in the background: directories are read with the
// asynchronous fs API and files are handed over in chunks, yielding to the event loop between chunks so
// the server keeps answering while a large workspace is indexed. Which files take part is decided by
// name first (cheap), then, for YAML/JSON, by a text pre-check; the Project has the last word.

import { readdir, readFile, stat } from 'node:fs/promises';
import { classifyPath, mayBeTemplate } from '../engine/project';
import { MAX_FILE_BYTES, SKIPPED_DIRECTORIES, maxFileBytes } from '../engine/scan';

/**
 * Files larger than this are not linted: the engine's limit, shared with the CLI (5 MB, i.e. 5 x 1024 x 1024
 * bytes). The editor shows one note on such a file instead.
 */
export const MAX_LINT_BYTES = MAX_FILE_BYTES;

/** Files a startup walk reads at most per folder; the rest of a huge folder is left to open buffers. */
export const MAX_INDEXED_FILES = 20_000;

/** What the server asks the client to watch (workspace/didChangeWatchedFiles). */
export const WATCHED_GLOBS = ['**/*.tf', '**/*.tfvars', '**/*.json', '**/*.yaml', '**/*.yml', '**/*.template'];

/** Tool and cache directories that never hold IaC sources, beyond the engine's list. */
const EXTRA_SKIPPED_DIRECTORIES = new Set(['.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.aws-sam', '.serverless']);

/** JSON files that are never templates, whatever they contain (package managers, tool configuration). */
const NEVER_TEMPLATES = new Set(['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'composer.json', 'cdk.json', 'cdk.context.json']);

/** A file read from disk. */
export interface IndexedFile {
  key: string;
  text: string;
}

/** A file found but not read. */
export interface IndexSkip {
  key: string;
  size: number;
  reason: 'too-large' | 'binary' | 'unreadable';
}

/**
 * What readIacFile found. `ignored`: a YAML/JSON file that is not a template (or cannot be told apart from
 * one because it is too large or binary): it takes no part, silently.
 */
export type ReadOutcome = { kind: 'file'; file: IndexedFile } | { kind: 'skipped'; skip: IndexSkip } | { kind: 'missing' } | { kind: 'ignored' };

/** Whether a directory is never descended into. `parent` is the key of the directory holding it. */
export function isSkippedDirectory(name: string, parent: string): boolean {
  if (SKIPPED_DIRECTORIES.has(name) || EXTRA_SKIPPED_DIRECTORIES.has(name)) return true;
  // cdk.out/asset.<hash>/: bundled Lambda code and Docker contexts, often large.
  return name.startsWith('asset.') && inCdkOut(parent + '/');
}

function inCdkOut(key: string): boolean {
  return key.includes('/cdk.out/') || key.startsWith('cdk.out/');
}

function inCdktfOut(key: string): boolean {
  return key.includes('/cdktf.out/') || key.startsWith('cdktf.out/');
}

/**
 * Whether a YAML/JSON/.template path is known, by name alone, not to be a template: package manager and
 * tool files, anything under skipped directories, everything in cdk.out but `*.template.json`, and every
 * data file in cdktf.out (its Terraform JSON is not a template candidate).
 */
export function isIgnoredTemplateCandidate(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (NEVER_TEMPLATES.has(name) || /^[tj]sconfig.*\.json$/.test(name)) return true;
  if (inCdkOut(key) && !name.endsWith('.template.json')) return true;
  if (inCdktfOut(key)) return true;
  const segments = key.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (isSkippedDirectory(segments[i], segments.slice(0, i).join('/'))) return true;
  }
  return false;
}

/** Whether a path (key) is a file this server lints when it is open (Terraform, tfvars, a template candidate). */
export function isIacKey(key: string): boolean {
  const kind = classifyPath(key);
  if (kind === 'other') return false;
  return kind !== 'template' || !isIgnoredTemplateCandidate(key);
}

/** Whether a file is a member of a Terraform module (its directory): .tf, .tf.json, tfvars(.json). */
export function isModuleKey(key: string): boolean {
  const kind = classifyPath(key);
  return kind === 'terraform' || kind === 'terraform-json' || kind === 'tfvars' || kind === 'tfvars-json';
}

/**
 * Whether a file on disk is indexed: the files of Terraform modules and the template candidates (a template
 * is a unit of its own, but closed templates are linted for workspace-wide diagnostics and CDK source
 * mapping).
 */
export function isIndexedKey(key: string): boolean {
  return isIacKey(key);
}


/** Reads one IaC file, refusing oversized and binary files; YAML/JSON that cannot be a template is ignored. */
export async function readIacFile(key: string, baseMaxBytes = MAX_LINT_BYTES): Promise<ReadOutcome> {
  const candidate = classifyPath(key) === 'template';
  const maxBytes = maxFileBytes(key, baseMaxBytes);
  let size: number;
  try {
    const stats = await stat(key);
    if (!stats.isFile()) return { kind: 'missing' };
    size = stats.size;
  } catch {
    return { kind: 'missing' };
  }
  if (size > maxBytes) return candidate ? { kind: 'ignored' } : { kind: 'skipped', skip: { key, size, reason: 'too-large' } };
  try {
    const text = await readFile(key, 'utf8');
    if (text.includes('\0')) return candidate ? { kind: 'ignored' } : { kind: 'skipped', skip: { key, size, reason: 'binary' } };
    if (candidate && !mayBeTemplate(text)) return { kind: 'ignored' };
    return { kind: 'file', file: { key, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text } };
  } catch {
    return candidate ? { kind: 'ignored' } : { kind: 'skipped', skip: { key, size, reason: 'unreadable' } };
  }
}

/** Options of a folder walk. */
export interface WalkOptions {
  /** Files handed over per chunk. */
  chunkSize?: number;
  maxBytes?: number;
  /** Descend into sub-directories (false: only the folder itself). */
  recursive?: boolean;
  /** Files read at most (every kind, templates or not); the walk stops there and calls onLimit. */
  maxFiles?: number;
  onLimit?: () => void;
  /** Stops the walk early (the folder was removed, the server is shutting down). */
  cancelled?: () => boolean;
}

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One batch of a walk: files read, files skipped, and the directories now read completely. */
export interface WalkChunk {
  files: IndexedFile[];
  skipped: IndexSkip[];
  directories: string[];
}

/**
 * Walks `root` (a key: a path with `/` separators) and calls `onChunk` with batches of IaC files read and
 * skipped. A batch always ends at a directory boundary, so a module (directory) is never handed over
 * half read. Skipped directories (isSkippedDirectory) and symbolic links to directories are not
 * followed. Never throws: unreadable directories are left out. Resolves with the number of files read.
 */
export async function walkIacFiles(root: string, onChunk: (chunk: WalkChunk) => void, options: WalkOptions = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? 64;
  const recursive = options.recursive ?? true;
  const maxFiles = options.maxFiles ?? MAX_INDEXED_FILES;
  const base = root.endsWith('/') && root.length > 1 ? root.slice(0, -1) : root;
  const queue = [base];
  let chunk: WalkChunk = { files: [], skipped: [], directories: [] };
  let total = 0;
  let reads = 0;
  let sinceYield = 0;
  const flush = async () => {
    if (chunk.files.length === 0 && chunk.skipped.length === 0 && chunk.directories.length === 0) return;
    const done = chunk;
    chunk = { files: [], skipped: [], directories: [] };
    onChunk(done);
    sinceYield = 0;
    await yieldToEventLoop();
  };
  while (queue.length > 0) {
    if (options.cancelled?.()) return total;
    const directory = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const filesBefore = chunk.files.length;
    const skippedBefore = chunk.skipped.length;
    for (const entry of entries) {
      const key = directory === '/' ? `/${entry.name}` : `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive && !isSkippedDirectory(entry.name, directory)) queue.push(key);
        continue;
      }
      if (!(entry.isFile() || entry.isSymbolicLink()) || !isIndexedKey(key)) continue;
      if (reads >= maxFiles) {
        // Hand over what is complete; the directory being read is not (its module would be half read).
        total -= chunk.files.length - filesBefore;
        chunk.files.length = filesBefore;
        chunk.skipped.length = skippedBefore;
        await flush();
        options.onLimit?.();
        return total;
      }
      reads++;
      const outcome = await readIacFile(key, options.maxBytes);
      if (outcome.kind === 'file') {
        chunk.files.push(outcome.file);
        total++;
      } else if (outcome.kind === 'skipped') {
        chunk.skipped.push(outcome.skip);
      }
      // Many ignored YAML/JSON files in a row hand nothing over: still let the server answer meanwhile.
      if (++sinceYield >= chunkSize * 4) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      if (options.cancelled?.()) return total;
    }
    chunk.directories.push(directory);
    if (chunk.files.length + chunk.skipped.length >= chunkSize) await flush();
  }
  await flush();
  return total;
}
