// What the client was last told about each IaC file: the diagnostics published for each open document
// (with its version) and for each closed file (workspace-wide mode). Re-lints happen far more often than
// results change (a sibling was re-read, settings were re-fetched, a CDK source was edited), so an identical
// re-publish is skipped, and a closed file that leaves the workspace is cleared. Mirrors on CDK app
// sources keep their own record (lsp/cdk-mirrors.ts).

import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { keyToUri } from './uri';

/** The diagnostics last published per file, and publishing that skips repeats. */
export class PublishedDiagnostics {
  /** Open document URI -> what was last published for it (to skip identical re-publishes). */
  private readonly open = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  /** Files that are not open and have diagnostics published (workspace-wide mode): key -> their JSON. */
  private readonly closed = new Map<string, string>();

  constructor(private readonly publish: (params: PublishDiagnosticsParams) => void) {}

  /** Publishes the diagnostics of an open document, unless this version already has exactly these. */
  publishOpen(uri: string, version: number, diagnostics: Diagnostic[]): void {
    // The same version again (a sibling was re-read, settings were re-fetched) with the same result:
    // nothing to say. Only then is the comparison paid for.
    const last = this.open.get(uri);
    if (last && last.version === version && JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics)) return;
    this.open.set(uri, { version, diagnostics });
    this.publish({ uri, version, diagnostics });
  }

  /** Forgets what was published for an open document (it was opened again or closed). */
  forgetOpen(uri: string): void {
    this.open.delete(uri);
  }

  /** Publishes the diagnostics of a closed file (workspace-wide mode) when they changed; none clears it. */
  publishClosed(key: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0 && !this.closed.has(key)) return;
    // A closed file's text did not change; most edits elsewhere leave its diagnostics as they were.
    const json = JSON.stringify(diagnostics);
    if (this.closed.get(key) === json) return;
    this.publish({ uri: keyToUri(key), diagnostics });
    if (diagnostics.length > 0) this.closed.set(key, json);
    else this.closed.delete(key);
  }

  /** Clears the diagnostics of a closed file, if it has any. */
  clearClosed(key: string): void {
    if (this.closed.delete(key)) this.publish({ uri: keyToUri(key), diagnostics: [] });
  }

  /** Forgets a closed file's diagnostics without clearing them: its buffer was opened and publishes now. */
  forgetClosed(key: string): void {
    this.closed.delete(key);
  }

  /** Whether a closed file has diagnostics published. */
  hasClosed(key: string): boolean {
    return this.closed.has(key);
  }

  /** The closed files that have diagnostics published. */
  closedKeys(): IterableIterator<string> {
    return this.closed.keys();
  }
}
