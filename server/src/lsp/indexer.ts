// Finds the IaC files of a workspace folder on disk, in the background: directories are read with the
// asynchronous fs API and files are handed over in chunks, yielding to the event loop between chunks so
// the server keeps answering while a large workspace is indexed.

import { readdir, readFile, stat } from 'node:fs/promises';
import { classifyPath } from '../engine/project';
import { SKIPPED_DIRECTORIES } from '../engine/scan';

/** Files larger than this are not linted (4 MiB); the editor shows one note on such a file instead. */
export const MAX_LINT_BYTES = 4 * 1024 * 1024;

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

/** What readIacFile found. */
export type ReadOutcome = { kind: 'file'; file: IndexedFile } | { kind: 'skipped'; skip: IndexSkip } | { kind: 'missing' };

/** Whether a path (key) is a file this server lints when it is open (Terraform, tfvars, a template). */
export function isIacKey(key: string): boolean {
  return classifyPath(key) !== 'other';
}

/**
 * Whether a file on disk is indexed: the files of a Terraform module (.tf, terraform.tfvars,
 * *.auto.tfvars). A CloudFormation template is a unit of its own, so it needs no siblings from disk.
 */
export function isIndexedKey(key: string): boolean {
  const kind = classifyPath(key);
  return kind === 'terraform' || kind === 'tfvars';
}

/** Reads one IaC file, refusing oversized and binary files. */
export async function readIacFile(key: string, maxBytes = MAX_LINT_BYTES): Promise<ReadOutcome> {
  let size: number;
  try {
    const stats = await stat(key);
    if (!stats.isFile()) return { kind: 'missing' };
    size = stats.size;
  } catch {
    return { kind: 'missing' };
  }
  if (size > maxBytes) return { kind: 'skipped', skip: { key, size, reason: 'too-large' } };
  try {
    const text = await readFile(key, 'utf8');
    if (text.includes('\0')) return { kind: 'skipped', skip: { key, size, reason: 'binary' } };
    return { kind: 'file', file: { key, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text } };
  } catch {
    return { kind: 'skipped', skip: { key, size, reason: 'unreadable' } };
  }
}

/** Options of a folder walk. */
export interface WalkOptions {
  /** Files handed over per chunk. */
  chunkSize?: number;
  maxBytes?: number;
  /** Descend into sub-directories (false: only the folder itself). */
  recursive?: boolean;
  /** Stops the walk early (the folder was removed, the server is shutting down). */
  cancelled?: () => boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One batch of a walk: files read, files skipped, and the directories now read completely. */
export interface WalkChunk {
  files: IndexedFile[];
  skipped: IndexSkip[];
  directories: string[];
}

/**
 * Walks `root` (a key: a path with `/` separators) and calls `onChunk` with batches of IaC files read and
 * skipped. A batch always ends at a directory boundary, so a module (directory) is never handed over
 * half read. Directories named in SKIPPED_DIRECTORIES and symbolic links to directories are not
 * followed. Never throws: unreadable directories are left out. Resolves with the number of files read.
 */
export async function walkIacFiles(root: string, onChunk: (chunk: WalkChunk) => void, options: WalkOptions = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? 64;
  const recursive = options.recursive ?? true;
  const base = root.endsWith('/') && root.length > 1 ? root.slice(0, -1) : root;
  const queue = [base];
  let chunk: WalkChunk = { files: [], skipped: [], directories: [] };
  let total = 0;
  const flush = async () => {
    if (chunk.files.length === 0 && chunk.skipped.length === 0 && chunk.directories.length === 0) return;
    const done = chunk;
    chunk = { files: [], skipped: [], directories: [] };
    onChunk(done);
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
    for (const entry of entries) {
      const key = directory === '/' ? `/${entry.name}` : `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive && !SKIPPED_DIRECTORIES.has(entry.name)) queue.push(key);
        continue;
      }
      if (!(entry.isFile() || entry.isSymbolicLink()) || !isIndexedKey(key)) continue;
      const outcome = await readIacFile(key, options.maxBytes);
      if (outcome.kind === 'file') {
        chunk.files.push(outcome.file);
        total++;
      } else if (outcome.kind === 'skipped') {
        chunk.skipped.push(outcome.skip);
      }
      if (options.cancelled?.()) return total;
    }
    chunk.directories.push(directory);
    if (chunk.files.length + chunk.skipped.length >= chunkSize) await flush();
  }
  await flush();
  return total;
}
