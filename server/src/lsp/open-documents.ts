// The buffers open in the editor, found by URI and by Project key, each with what the server does with
// it: lint it (an IaC file), search it for the lines that create CDK constructs (an app source, never
// linted), or nothing (YAML/JSON that is not ours, any other language).

import { unitOf } from '../engine/project';
import { isCdkSourceKey } from './cdk';
import { isIacKey } from './indexer';
import { uriToKey } from './uri';

/** What the server does with an open buffer. */
export type DocumentRole = 'iac' | 'source' | 'none';

/** A buffer open in the editor. */
export interface OpenDocument {
  uri: string;
  key: string;
  version: number;
  languageId: string;
  /** What the server does with it: lint it, keep it as a CDK app source (never linted), or nothing. */
  role: DocumentRole;
  /** Size of the buffer when it is too large to lint. */
  tooLarge?: number;
}

/** The open buffers by URI and by key. */
export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();
  private readonly byKey = new Map<string, OpenDocument>();

  /** Registers an opened buffer; `previous` is the earlier open of the same URI it replaces, if any. */
  open(uri: string, languageId: string, version: number): { doc: OpenDocument; previous: OpenDocument | undefined } {
    const previous = this.byUri.get(uri);
    if (previous) this.byKey.delete(previous.key);
    const key = uriToKey(uri, languageId);
    const role: DocumentRole = isIacKey(key) ? 'iac' : isCdkSourceKey(key) ? 'source' : 'none';
    const doc: OpenDocument = { uri, key, version, languageId, role };
    this.byUri.set(uri, doc);
    this.byKey.set(key, doc);
    return { doc, previous };
  }

  /** Removes a closed buffer and returns it (undefined when it was not open). */
  close(uri: string): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    this.byUri.delete(uri);
    if (this.byKey.get(doc.key) === doc) this.byKey.delete(doc.key);
    return doc;
  }

  /** The open buffer of a URI. */
  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  /** Whether a URI is open. */
  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  /** The open buffer of a Project key (a file path, or the URI of a non-file buffer). */
  withKey(key: string): OpenDocument | undefined {
    return this.byKey.get(key);
  }

  /** Whether a key is open: then its buffer wins over the file on disk. */
  hasKey(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The open IaC buffers of a unit. */
  iacIn(unit: string): OpenDocument[] {
    const docs: OpenDocument[] = [];
    for (const doc of this.byUri.values()) if (doc.role === 'iac' && unitOf(doc.key) === unit) docs.push(doc);
    return docs;
  }

  /** The units of every open IaC buffer. */
  iacUnits(): Set<string> {
    const units = new Set<string>();
    for (const doc of this.byUri.values()) if (doc.role === 'iac') units.add(unitOf(doc.key));
    return units;
  }
}
