// Findings of synthesised CDK / CDKTF output traced to the line of the CDK app that creates the construct
// (found by lsp/cdk.ts): related information on the template's diagnostic and, with `cdk.showInSource`, a
// mirrored diagnostic on the source line. This keeps the mirrors each synthesised unit puts on source files
// and publishes their union per source file. (A source edit re-maps the findings of synthesised units: the
// project's lint cache answers without running the rules again.)

import { basename } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Project } from '../engine/project';
import { constructName } from '../engine/runner';
import { cdkAppDirectory, isSynthesisedUnit, type CdkSources } from './cdk';
import { compareDiagnostics, toLspRange, type DiagnosticHook } from './diagnostics';
import type { Settings } from './settings';
import { isPathKey, keyToUri } from './uri';

/** A diagnostic mirrored onto a CDK app source line; `wide`: shown even while the source file is closed. */
interface Mirror {
  diagnostic: Diagnostic;
  wide: boolean;
}

/** Source file key -> the mirrors one synthesised unit puts on it. */
type Mirrors = Map<string, Mirror[]>;

/** What the mirrors need from the language service. */
export interface CdkMirrorsHost {
  /** Sends textDocument/publishDiagnostics. */
  publish(params: PublishDiagnosticsParams): void;
  /** The open document with this key, if any; `role` is 'source' for an open CDK app source. */
  openDocument(key: string): { readonly uri: string; readonly version: number; readonly role: string } | undefined;
  /** The key of the workspace folder holding a file, if any. */
  folderOf(key: string): string | undefined;
}

/** One lint of a synthesised unit: hooks for the diagnostics of its files, then the mirrors they made. */
export interface MirrorPass {
  /** The hook for the diagnostics of one file of the unit (undefined when no CDK app can be searched). */
  hook(templateUri: string, settings: Settings): DiagnosticHook | undefined;
  /** Replaces the unit's mirrors with those collected and publishes the source files whose mirrors changed. */
  finish(): void;
}

/** The diagnostics synthesised units mirror onto CDK app source lines, and what was published for them. */
export class CdkMirrors {
  /** Units of synthesised CDK/CDKTF output seen so far (re-mapped when an app source changes). */
  private readonly synthesisedUnits = new Set<string>();
  /** Synthesised unit -> the diagnostics it mirrors onto source lines. */
  private readonly mirrorsByUnit = new Map<string, Mirrors>();
  /** Source file key -> what was last published for it (URI and diagnostics JSON). */
  private readonly mirrorPublished = new Map<string, { uri: string; json: string }>();

  constructor(
    private readonly project: Project,
    private readonly sources: CdkSources,
    private readonly host: CdkMirrorsHost,
  ) {}

  /** A unit's files or settings changed: remember it when it is synthesised output. */
  unitChanged(unit: string): void {
    if (isSynthesisedUnit(unit)) this.synthesisedUnits.add(unit);
  }

  /** Whether a unit has diagnostics mirrored onto source lines. */
  hasMirrors(unit: string): boolean {
    return this.mirrorsByUnit.has(unit);
  }

  /** The units with diagnostics mirrored onto source lines. */
  mirroringUnits(): IterableIterator<string> {
    return this.mirrorsByUnit.keys();
  }

  /** The units to map again when an app source changed: every synthesised unit seen, and every mirroring one. */
  unitsToRemap(): Set<string> {
    return new Set([...this.synthesisedUnits, ...this.mirrorsByUnit.keys()]);
  }

  /** Starts publishing one lint of a synthesised unit. */
  start(unit: string): MirrorPass {
    const root = this.sourceRootOf(unit);
    const mirrors: Mirrors = new Map();
    return {
      hook: (templateUri, settings) => (root === undefined ? undefined : this.constructHook(root, templateUri, settings, mirrors)),
      finish: () => this.updateMirrors(unit, mirrors),
    };
  }

  // Where the CDK app of a synthesised unit is searched: its workspace folder, else the directory above
  // cdk.out / cdktf.out. Non-file buffers have none.
  private sourceRootOf(unit: string): string | undefined {
    if (!isPathKey(unit)) return undefined;
    return this.host.folderOf(unit) ?? cdkAppDirectory(unit);
  }

  /**
   * For the diagnostics of a synthesised file: a finding whose construct is created on exactly one line of
   * the app gets related information pointing there and, when `cdk.showInSource` allows, a mirrored
   * diagnostic for that line (collected into `mirrors`).
   */
  private constructHook(root: string, templateUri: string, settings: Settings, mirrors: Mirrors): DiagnosticHook {
    return (finding, diagnostic) => {
      if (!finding.constructPath) return;
      const location = this.sources.locate(root, finding.constructPath);
      if (!location) return;
      const sourceDoc = this.host.openDocument(location.path);
      const range = toLspRange(location.range);
      diagnostic.relatedInformation = [
        { location: { uri: sourceDoc?.uri ?? keyToUri(location.path), range }, message: `${constructName(finding.constructPath)} is created here` },
      ];
      if (!settings.showInSource) return;
      const mirror: Diagnostic = {
        range,
        severity: diagnostic.severity,
        code: diagnostic.code,
        source: diagnostic.source,
        message: diagnostic.message,
        relatedInformation: [
          { location: { uri: templateUri, range: diagnostic.range }, message: `${finding.resource} in the synthesised ${basename(finding.file)}` },
        ],
      };
      if (diagnostic.codeDescription) mirror.codeDescription = diagnostic.codeDescription;
      let list = mirrors.get(location.path);
      if (!list) mirrors.set(location.path, (list = []));
      list.push({ diagnostic: mirror, wide: settings.workspaceWide });
    };
  }

  private updateMirrors(unit: string, next: Mirrors): void {
    const previous = this.mirrorsByUnit.get(unit);
    if (next.size > 0) this.mirrorsByUnit.set(unit, next);
    else this.mirrorsByUnit.delete(unit);
    if (this.project.filesOf(unit).length === 0) this.synthesisedUnits.delete(unit);
    const keys = new Set([...(previous?.keys() ?? []), ...next.keys()]);
    for (const key of keys) this.publish(key);
  }

  /**
   * Publishes the mirrored diagnostics of one source file: the union over every synthesised unit for an
   * open file, only the workspace-wide ones for a closed file. Nothing else is ever published for it (the
   * server does not lint app sources), and nothing at all when nothing changed.
   */
  publish(sourceKey: string): void {
    const doc = this.host.openDocument(sourceKey);
    const open = doc?.role === 'source' ? doc : undefined;
    const diagnostics: Diagnostic[] = [];
    for (const perUnit of this.mirrorsByUnit.values()) {
      for (const mirror of perUnit.get(sourceKey) ?? []) if (open || mirror.wide) diagnostics.push(mirror.diagnostic);
    }
    const last = this.mirrorPublished.get(sourceKey);
    if (diagnostics.length === 0) {
      if (!last) return;
      this.mirrorPublished.delete(sourceKey);
      this.host.publish({ uri: last.uri, diagnostics: [] });
      return;
    }
    diagnostics.sort(compareDiagnostics);
    const uri = open?.uri ?? keyToUri(sourceKey);
    const json = JSON.stringify(diagnostics);
    if (last && last.uri === uri && last.json === json) return;
    if (last && last.uri !== uri) this.host.publish({ uri: last.uri, diagnostics: [] });
    this.mirrorPublished.set(sourceKey, { uri, json });
    this.host.publish(open ? { uri, version: open.version, diagnostics } : { uri, diagnostics });
  }
}
