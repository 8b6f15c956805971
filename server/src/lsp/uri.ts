// Maps document URIs to the keys the engine's Project uses and back. A file on disk is keyed by its
// path with `/` separators (what unitOf and classifyPath expect); a buffer of another scheme (a virtual
// workspace, an untitled editor) is keyed by its URI so it still groups with the buffers beside it.

import { fileURLToPath, pathToFileURL } from 'node:url';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** The scheme of a URI (`file`, `untitled`, ...), lower-cased, or '' when there is none. */
export function schemeOf(uri: string): string {
  const match = SCHEME.exec(uri);
  return match ? match[1].toLowerCase() : '';
}

/** Whether a key is a file-system path (rather than the URI of a non-file buffer). */
export function isPathKey(key: string): boolean {
  return key.startsWith('/') || /^[a-zA-Z]:\//.test(key);
}

/** Converts a native path to a key: `/` separators. */
export function pathToKey(path: string): string {
  return path.replace(/\\/g, '/');
}

/** The file name an untitled buffer of a language is linted under. */
const UNTITLED_NAMES = new Map([
  ['terraform', 'untitled.tf'],
  ['yaml', 'untitled.yaml'],
  ['json', 'untitled.json'],
  ['jsonc', 'untitled.json'],
]);

/**
 * The Project key of a document. `languageId` lets an untitled Terraform, YAML or JSON buffer take part in
 * linting (it gets a name ending in `.tf`, `.yaml` or `.json` under its own unit).
 */
export function uriToKey(uri: string, languageId?: string): string {
  const scheme = schemeOf(uri);
  if (scheme === 'file') {
    try {
      return pathToKey(fileURLToPath(uri));
    } catch {
      return uri;
    }
  }
  const untitled = languageId === undefined ? undefined : UNTITLED_NAMES.get(languageId);
  if (scheme === 'untitled' && untitled !== undefined) return `${uri}/${untitled}`;
  return uri;
}

/** The URI to publish for a key that has no open document (a file found on disk). */
export function keyToUri(key: string): string {
  return isPathKey(key) ? pathToFileURL(key).href : key;
}

/** Whether `key` lies inside the directory key `dir` (or is it). */
export function isUnder(key: string, dir: string): boolean {
  if (key === dir) return true;
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  return key.startsWith(prefix);
}

/** `key` relative to the directory key `dir` (which must contain it), with `/` separators. */
export function relativeKey(key: string, dir: string): string {
  if (key === dir) return '';
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}
