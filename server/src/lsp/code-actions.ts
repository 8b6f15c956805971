// Code actions: quick fixes for findings (the edit computed lazily in codeAction/resolve, against the
// current document, never for a stale version), "fix all safe problems" (source.fixAll.hipaaIac, also on
// save), "Remove unknown suppression" for suppression problems, and "Suppress with justification…" (a
// client command that asks for the reason and then requests the edit: hipaaIac/suppressionEdit).
// Everything goes through a host, so it can be tested without a connection; registerCodeActions wires it.

import {
  CodeActionKind,
  type CodeAction,
  type CodeActionOptions,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type Range as LspRange,
  type TextDocuments,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULES } from '../../../rules/index';
import type { Finding } from '../engine/finding';
import { unitOf, type Project, type UnitLintResult } from '../engine/project';
import { indexRules, type RuleIndex } from '../engine/runner';
import type { SuppressionProblem } from '../engine/suppress';
import { applyEdits, fixEditsForFinding, FixError, formatOf, type TextEdit } from '../fixes/index';
import type { Resource } from '../model/resource';
import { DIAGNOSTIC_SOURCE, toLspRange } from './diagnostics';
import { changedRegion, fixAllText, isSafelyFixable } from './fix-all';
import { hclParses, loadHashiCorpParser } from './hcl-validate';
import type { LintService } from './service';
import { commentLineEdit, metadataSuppressionEdits, suppressionCommentText } from './suppression-edit';
import {
  SUPPRESS_COMMAND,
  SUPPRESSION_EDIT_REQUEST,
  validateExpiry,
  validateOwner,
  validateReason,
  type SuppressionEditParams,
  type SuppressionEditResult,
  type SuppressTarget,
} from './suppression-protocol';
import { keyToUri, uriToKey } from './uri';

/** The kind of "fix all safe problems" (`editor.codeActionsOnSave: { "source.fixAll.hipaaIac": "explicit" }`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.hipaaIac`;

/** The server capability. */
export const CODE_ACTION_OPTIONS: CodeActionOptions = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true };

/** Title of the fix-all action. */
export const FIX_ALL_TITLE = 'Fix all safe HIPAA IaC problems';

/** Title of the removal of an unknown rule id from a suppression. */
export const REMOVE_UNKNOWN_TITLE = 'Remove unknown suppression';

/** An open document as the client last sent it. */
export interface DocumentState {
  uri: string;
  version: number;
  languageId: string;
  text: string;
}

/** What the code actions need from the server. */
export interface CodeActionHost {
  /** The service's project (the texts the diagnostics were computed from). */
  project(): Project | undefined;
  rules: RuleIndex;
  document(uri: string): DocumentState | undefined;
  /** The open document of a Project key, if any (a fix may edit another file of the module). */
  documentWithKey?(key: string): DocumentState | undefined;
  /** The diagnostics last published for a URI, with the version (fix-all only fixes rules that are shown). */
  published?(uri: string): PublishDiagnosticsParams | undefined;
  /** HCL check of a fixed text (default: HashiCorp's parser). */
  validateHcl?(text: string): Promise<boolean>;
  log?(message: string): void;
}

/** A document an edit applies to; `version` null for a file that is not open (the client applies it to the file). */
interface EditedDocument {
  uri: string;
  version: number | null;
  text: string;
}

/** Finding identity and document version carried from codeAction to codeAction/resolve. */
export type ActionData =
  | { kind: 'fix'; uri: string; version: number; ruleId: string; resource: string; range: LspRange }
  | { kind: 'fixAll'; uri: string; version: number };

/** Whether a requested `only` list lets `kind` through (an entry is the kind or a parent of it). */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return kind.startsWith(CodeActionKind.QuickFix);
  return only.some((entry) => entry === '' || kind === entry || kind.startsWith(`${entry}.`));
}

const sameRange = (a: LspRange, b: LspRange) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** LSP edits (positions from offsets) of our edits on `text`. */
export function toLspEdits(text: string, edits: readonly TextEdit[]): LspTextEdit[] {
  const doc = TextDocument.create('file:///x', 'plaintext', 0, text);
  return edits.map((edit) => ({ range: { start: doc.positionAt(edit.range.start.offset), end: doc.positionAt(edit.range.end.offset) }, newText: edit.newText }));
}

/** A workspace edit of one document at one version (the client rejects it for another version). */
export function versionedEdit(uri: string, version: number, edits: LspTextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

function isActionData(value: unknown): value is ActionData {
  const data = value as Partial<ActionData> | null | undefined;
  return typeof data?.uri === 'string' && typeof data.version === 'number' && (data.kind === 'fix' || data.kind === 'fixAll');
}

/** The code actions of the server. */
export class CodeActionProvider {
  /** Whether the client resolves the edit lazily (codeAction/resolve with `edit`); else edits are eager. */
  resolveEdits = true;

  constructor(private readonly host: CodeActionHost) {}

  /** The document, its key and the project, when the project holds exactly the client's text. */
  private current(uri: string): { doc: DocumentState; key: string; project: Project } | undefined {
    const doc = this.host.document(uri);
    const project = this.host.project();
    if (!doc || !project) return undefined;
    const key = uriToKey(uri, doc.languageId);
    if (project.getText(key) !== doc.text) return undefined;
    return { doc, key, project };
  }

  /** textDocument/codeAction. */
  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const state = this.current(params.textDocument.uri);
    if (!state) return [];
    const { doc, key, project } = state;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    let lint: UnitLintResult | undefined;
    const lintResult = () => (lint ??= project.lintUnit(unitOf(key)));

    if (kindRequested(CodeActionKind.QuickFix, only)) {
      const ours = params.context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && typeof diagnostic.code === 'string');
      for (const diagnostic of ours) {
        const code = diagnostic.code as string;
        if (code === 'suppression-unknown-rule') {
          const problem = lintResult().problems.find((item) => item.file === key && item.code === code && sameRange(toLspRange(item.range), diagnostic.range));
          const removal = problem && this.removalAction(doc, problem, diagnostic);
          if (removal) actions.push(removal);
          continue;
        }
        const findings = lintResult().findings.filter(
          (finding) => finding.file === key && !finding.suppression && finding.ruleId === code && sameRange(toLspRange(finding.range), diagnostic.range),
        );
        for (const finding of findings) {
          if (finding.fix) actions.push(this.fixAction(doc, finding, diagnostic));
          actions.push(...this.suppressActions(doc, key, project, finding, diagnostic));
        }
      }
      if (actions.some((action) => isActionData(action.data)) && formatOf(key, doc.text) === 'hcl') void loadHashiCorpParser(this.host.log);
    }

    if (kindRequested(FIX_ALL_KIND, only) && lintResult().findings.some((finding) => finding.file === key && isSafelyFixable(finding))) {
      const data: ActionData = { kind: 'fixAll', uri: doc.uri, version: doc.version };
      const action: CodeAction = { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data };
      // Asked for explicitly (on save, "Fix all"): the edit comes with the action.
      const explicit = only?.some((entry) => entry === CodeActionKind.SourceFixAll || entry === FIX_ALL_KIND) ?? false;
      actions.push(explicit ? await this.resolve(action) : action);
    }

    if (!this.resolveEdits) {
      for (let i = 0; i < actions.length; i++) if (isActionData(actions[i].data) && !actions[i].edit) actions[i] = await this.resolve(actions[i]);
    }
    return actions;
  }

  private fixAction(doc: DocumentState, finding: Finding, diagnostic: Diagnostic): CodeAction {
    const fix = finding.fix!;
    const data: ActionData = { kind: 'fix', uri: doc.uri, version: doc.version, ruleId: finding.ruleId, resource: finding.resource, range: toLspRange(finding.range) };
    const action: CodeAction = {
      title: fix.safe || !fix.note ? fix.title : `${fix.title} — ${fix.note}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      data,
    };
    if (fix.safe) action.isPreferred = true;
    return action;
  }

  private suppressActions(doc: DocumentState, key: string, project: Project, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
    const base = { uri: doc.uri, version: doc.version, ruleId: finding.ruleId, resource: finding.resource, range: toLspRange(finding.range) };
    const resource = findResource(project, key, finding);
    const scopes: SuppressTarget['scope'][] = ['resource'];
    if (formatOf(key, doc.text) !== 'json' && resource && resource.headerRange.start.line !== finding.range.start.line) scopes.push('line');
    return scopes.map((scope) => {
      const target: SuppressTarget = { ...base, scope };
      const title = scopes.length === 1 ? 'Suppress with justification…' : `Suppress with justification… (${scope === 'resource' ? `for ${finding.resource}` : 'for this line'})`;
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: SUPPRESS_COMMAND, arguments: [target] } };
    });
  }

  private removalAction(doc: DocumentState, problem: SuppressionProblem, diagnostic: Diagnostic): CodeAction | undefined {
    if (!problem.removal) return undefined;
    return {
      title: problem.ruleId ? `${REMOVE_UNKNOWN_TITLE} (${problem.ruleId})` : REMOVE_UNKNOWN_TITLE,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: versionedEdit(doc.uri, doc.version, toLspEdits(doc.text, [problem.removal])),
    };
  }

  /** codeAction/resolve: the edit, recomputed on the current document; none for a stale version. */
  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data;
    if (!isActionData(data)) return action;
    const state = this.current(data.uri);
    if (!state || state.doc.version !== data.version) return withoutEdit(action);
    const { doc, key, project } = state;
    const validator = (file: string, text: string) => (formatOf(file, text) === 'hcl' ? (this.host.validateHcl ?? ((value: string) => hclParses(value, 'main.tf', this.host.log))) : undefined);
    const validate = (text: string) => validator(key, doc.text)?.(text) ?? Promise.resolve(true);

    let newText: string | undefined;
    let edits: LspTextEdit[] | undefined;
    // The document the edits apply to: this one, or another file of the module a fix targets.
    let target: EditedDocument = { uri: doc.uri, version: doc.version, text: doc.text };
    if (data.kind === 'fix') {
      const finding = project
        .lintUnit(unitOf(key))
        .findings.find(
          (item) =>
            item.file === key &&
            item.fix &&
            item.ruleId === data.ruleId &&
            item.resource === data.resource &&
            item.range.start.line === data.range.start.line &&
            item.range.start.character === data.range.start.character,
        );
      if (!finding) return withoutEdit(action);
      try {
        const result = fixEditsForFinding(project, finding);
        if (!result || result.edits.length === 0) return withoutEdit(action);
        const edited = result.file === key ? target : this.editedDocument(result.file, project);
        if (!edited) return withoutEdit(action);
        target = edited;
        newText = applyEdits(target.text, result.edits);
        edits = toLspEdits(target.text, result.edits);
        const check = validator(result.file, target.text);
        if (check && !(await check(newText))) {
          this.host.log?.(`no edit for "${action.title}": the result would not parse under HashiCorp's HCL parser`);
          return withoutEdit(action);
        }
      } catch (error) {
        if (!(error instanceof FixError)) throw error;
        this.host.log?.(`no edit for "${action.title}": ${error.message}`);
        return withoutEdit(action);
      }
    } else {
      const shown = this.shownRules(doc);
      const result = await fixAllText(project, this.host.rules, key, { accept: shown ? (finding) => shown.has(finding.ruleId) : undefined, validate });
      const region = changedRegion(doc.text, result.text);
      if (!region) return withoutEdit(action);
      const text = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.text);
      edits = [{ range: { start: text.positionAt(region.start), end: text.positionAt(region.end) }, newText: region.newText }];
    }
    // The documents may have changed while the check ran.
    const now = this.host.document(data.uri);
    if (!now || now.version !== data.version || now.text !== doc.text) return withoutEdit(action);
    if (target.uri !== doc.uri && target.version !== null) {
      const other = this.host.document(target.uri);
      if (!other || other.version !== target.version || other.text !== target.text) return withoutEdit(action);
    }
    return { ...action, edit: { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits }] } };
  }

  // Another file of the module, as the edit must address it: open in the editor (its buffer, which the
  // project holds, and its version), or on disk (no version). Undefined when the project's text is not
  // the open buffer's (the edit would be computed against an older text).
  private editedDocument(file: string, project: Project): EditedDocument | undefined {
    const text = project.getText(file);
    if (text === undefined) return undefined;
    const open = this.host.documentWithKey?.(file);
    if (open) return open.text === text ? { uri: open.uri, version: open.version, text } : undefined;
    return { uri: keyToUri(file), version: null, text };
  }

  // The rule ids shown on the document at its current version (undefined: not known, fix every rule).
  private shownRules(doc: DocumentState): Set<string> | undefined {
    const published = this.host.published?.(doc.uri);
    if (!published || published.version !== doc.version) return undefined;
    return new Set(published.diagnostics.map((diagnostic) => String(diagnostic.code)));
  }

  /** hipaaIac/suppressionEdit: the edit that writes the suppression, or why there is none. */
  suppressionEdit(params: SuppressionEditParams): SuppressionEditResult {
    const problem = validateReason(params.reason ?? '') ?? validateOwner(params.owner ?? '') ?? validateExpiry(params.expires ?? '');
    if (problem) return { error: problem };
    const state = this.current(params.uri);
    if (!state || state.doc.version !== params.version) return { error: 'The document changed; run the action again.' };
    const { doc, key, project } = state;
    const finding = project
      .lintUnit(unitOf(key))
      .findings.find((item) => item.file === key && item.ruleId === params.ruleId && item.resource === params.resource && sameRange(toLspRange(item.range), params.range));
    if (!finding) return { error: `The finding ${params.ruleId} on ${params.resource} is no longer reported.` };
    const resource = findResource(project, key, finding);
    if (!resource) return { error: `${params.resource} is not in this file.` };
    const details = { reason: params.reason, owner: params.owner, expires: params.expires };
    try {
      let edits: TextEdit[];
      if (formatOf(key, doc.text) === 'json') edits = metadataSuppressionEdits(doc.text, resource, params.ruleId, details);
      else {
        const line = params.scope === 'line' ? finding.range.start.line : resource.headerRange.start.line;
        edits = [commentLineEdit(doc.text, line, suppressionCommentText(params.ruleId, details))];
      }
      return { edit: versionedEdit(doc.uri, doc.version, toLspEdits(doc.text, edits)) };
    } catch (error) {
      if (error instanceof FixError) return { error: `The suppression cannot be written here: ${error.message}` };
      throw error;
    }
  }
}

function withoutEdit(action: CodeAction): CodeAction {
  const { edit: _edit, ...rest } = action;
  return rest;
}

function findResource(project: Project, key: string, finding: Finding): Resource | undefined {
  const config = project.configurationOf(unitOf(key)).config;
  return config?.resources.find((resource) => resource.address === finding.resource && resource.file === key);
}

/** Connects the provider to the connection; returns what the server needs at initialize and on publish. */
export function registerCodeActions(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  service: () => LintService | undefined,
): { published(params: PublishDiagnosticsParams): void; initialize(resolveEdits: boolean): CodeActionOptions } {
  const published = new Map<string, PublishDiagnosticsParams>();
  const provider = new CodeActionProvider({
    project: () => service()?.project,
    rules: indexRules(ALL_RULES),
    document: (uri) => {
      const doc = documents.get(uri);
      return doc && { uri, version: doc.version, languageId: doc.languageId, text: doc.getText() };
    },
    documentWithKey: (key) => {
      const doc = documents.all().find((item) => uriToKey(item.uri, item.languageId) === key);
      return doc && { uri: doc.uri, version: doc.version, languageId: doc.languageId, text: doc.getText() };
    },
    published: (uri) => published.get(uri),
    log: (message) => connection.console.log(message),
  });
  const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
  connection.onCodeAction(async (params) => {
    try {
      return await provider.codeActions(params);
    } catch (error) {
      connection.console.error(`codeAction failed: ${describe(error)}`);
      return [];
    }
  });
  connection.onCodeActionResolve(async (action) => {
    try {
      return await provider.resolve(action);
    } catch (error) {
      connection.console.error(`codeAction/resolve failed: ${describe(error)}`);
      return withoutEdit(action);
    }
  });
  connection.onRequest(SUPPRESSION_EDIT_REQUEST, (params: SuppressionEditParams): SuppressionEditResult => {
    try {
      return provider.suppressionEdit(params);
    } catch (error) {
      connection.console.error(`${SUPPRESSION_EDIT_REQUEST} failed: ${describe(error)}`);
      return { error: 'The suppression could not be written (see the output).' };
    }
  });
  return {
    published: (params) => {
      published.set(params.uri, params);
    },
    initialize: (resolveEdits) => {
      provider.resolveEdits = resolveEdits;
      return CODE_ACTION_OPTIONS;
    },
  };
}
