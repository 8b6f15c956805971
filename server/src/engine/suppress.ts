// Justified suppressions: a documented exception (reason, owner, expiry) turns a finding into a
// suppressed one, which stays in the results (JSON, SARIF, coverage "exception") but fails nothing.
// Reads comments (HCL, YAML), CloudFormation Metadata and Terraform JSON `//` entries, only in files
// whose text holds a suppression marker, and only matches them against the findings of that file.
// Problems with the suppressions themselves (no reason, unknown rule, bad date) are warnings.

import type { RuleMeta } from '../../../rules/api';
import type { Range } from '../parse/range';
import type { DataNode } from '../parse/tree';
import type { Resource } from '../model/resource';
import type { Finding, Suppression, SuppressionSyntax } from './finding';
import { commentDirectives, lineStartsOf, scanComments, type CommentScan } from './suppress-comments';
import { cloudFormationDirectives, terraformJsonDirectives } from './suppress-metadata';

/** What can be wrong with a suppression. */
export type SuppressionProblemCode =
  /** A hipaa-iac suppression without `reason` (it does not apply), or a Checkov/tfsec/Trivy one without a reason that silenced a finding. */
  | 'suppression-missing-reason'
  /** A hipaa-iac suppression naming a rule id that does not exist (it suppresses nothing for that id). */
  | 'suppression-unknown-rule'
  /** `expires` / `:exp:` is not a YYYY-MM-DD date (the suppression does not apply). */
  | 'suppression-invalid-expiry'
  /** `hipaa-iac:` text or a Metadata entry that is not a suppression we can read (it does not apply). */
  | 'suppression-malformed';

/** A text edit in the LSP sense (replace `range` with `newText`). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A warning about a suppression, at the suppression. */
export interface SuppressionProblem {
  code: SuppressionProblemCode;
  severity: 'warning';
  message: string;
  file: string;
  /** What to underline: the unknown rule id, or the whole suppression. */
  range: Range;
  /** The whole suppression: the comment from its marker to the end of the line, or the Metadata / `//` entry. */
  suppressionRange: Range;
  /** The rule id as written (unknown-rule, missing-reason). */
  ruleId?: string;
  /**
   * For `suppression-unknown-rule`: the edit that removes the unknown id (with its comma when the comment names
   * several), or the whole comment line / the whole list entry when it is the only id.
   */
  removal?: TextEdit;
}

/** A suppression as read from the source, before it is checked against the rules. */
export interface RawDirective {
  syntax: SuppressionSyntax;
  /** The rule ids (ours, or Checkov/tfsec/Trivy ids for migration syntaxes) as written. */
  ids: { id: string; range: Range; removal?: Range }[];
  reason?: string;
  owner?: string;
  expires?: string;
  /** Not a suppression we can read. */
  malformed?: boolean;
  /** A qualifier we cannot honour (tfsec `:ws:`, Trivy attribute filters): the suppression does not apply. */
  unsupported?: string;
  /** Keys we do not know (`reson=`), named in the missing-reason warning. */
  unknownKeys?: string[];
  range: Range;
  /** What deleting the whole suppression removes (comment line, or list entry). */
  removal?: Range;
  /** A comment on a line (`alone`: nothing else on that line), or data attached to a resource (its header offset). */
  anchor: { kind: 'line'; line: number; alone: boolean } | { kind: 'resource'; offset: number };
}

/** The rule ids suppressions may name, and the migration table from other scanners' ids. */
export interface SuppressionCatalog {
  known: ReadonlySet<string>;
  /** Checkov id (upper case) -> our rule ids. */
  checkov: ReadonlyMap<string, string[]>;
  /** tfsec / Trivy id (lower case) -> our rule ids. */
  tfsec: ReadonlyMap<string, string[]>;
}

/** Builds the catalogue from the rules' metadata (`equivalents`). */
export function suppressionCatalog(rules: readonly RuleMeta[]): SuppressionCatalog {
  const checkov = new Map<string, string[]>();
  const tfsec = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const rule of rules) {
    for (const id of rule.equivalents?.checkov ?? []) add(checkov, id.toUpperCase(), rule.id);
    for (const id of rule.equivalents?.tfsec ?? []) add(tfsec, id.toLowerCase(), rule.id);
  }
  return { known: new Set(rules.map((rule) => rule.id)), checkov, tfsec };
}

const MARKER = /hipaa-iac|checkov|tfsec:ignore|trivy:ignore/;

/** True when a file's text may hold a suppression: the one check every file with findings pays. */
export function hasSuppressionMarker(text: string): boolean {
  return MARKER.test(text);
}

/** The UTC calendar date of `date`, as YYYY-MM-DD. */
export function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDate(date) === text;
}

/** How a file takes part: HCL comments, YAML comments and Metadata, JSON Metadata, Terraform JSON `//`. */
export type SuppressionFileKind = 'terraform' | 'template-yaml' | 'template-json' | 'terraform-json';

/** One file of the unit being linted. */
export interface SuppressionFile {
  path: string;
  text: string;
  kind: SuppressionFileKind;
  /** The parsed JSON tree (Terraform JSON only), parsed on demand. */
  tree?: () => DataNode | undefined;
}

/** Keeps, per file and while its text is unchanged, whether it holds a marker and its comment scan. */
export class CommentScanCache {
  private readonly entries = new Map<string, { text: string; marker: boolean; scan?: CommentScan }>();

  private entry(path: string, text: string): { text: string; marker: boolean; scan?: CommentScan } {
    let entry = this.entries.get(path);
    // The project hands back the same string while a file is unchanged: this is a pointer comparison.
    if (!entry || entry.text !== text) this.entries.set(path, (entry = { text, marker: hasSuppressionMarker(text) }));
    return entry;
  }

  /** hasSuppressionMarker, remembered. */
  hasMarker(path: string, text: string): boolean {
    return this.entry(path, text).marker;
  }

  /** The comments of a file, scanned once per text. */
  get(path: string, text: string, syntax: 'hcl' | 'yaml'): CommentScan {
    const entry = this.entry(path, text);
    return (entry.scan ??= scanComments(text, syntax));
  }

  /** Drops a file's entry. */
  forget(path: string): void {
    this.entries.delete(path);
  }
}

/** What applySuppressions needs: the findings of a unit and the files and resources they are in. */
export interface SuppressionInput {
  findings: readonly Finding[];
  resources: readonly Resource[];
  files: readonly SuppressionFile[];
  catalog: SuppressionCatalog;
  /** Today's UTC date (YYYY-MM-DD): an exception expiring before it no longer applies. */
  today: string;
  cache?: CommentScanCache;
}

interface Checked {
  directive: RawDirective;
  /** Our rule ids it suppresses. */
  rules: Set<string>;
  /** False when it cannot suppress anything (no reason, bad date, malformed, unsupported qualifier). */
  applies: boolean;
}

interface FileDirectives {
  scan?: CommentScan;
  byLine: Map<number, Checked[]>;
  byResource: Map<number, Checked[]>;
  /** Checkov comments, which apply anywhere inside the resource they are written in. */
  checkovComments: Checked[];
}

const OWN_SYNTAXES: ReadonlySet<SuppressionSyntax> = new Set(['comment', 'metadata', 'terraform-json']);

const SYNTAX_NAMES: Record<SuppressionSyntax, string> = {
  comment: 'hipaa-iac:ignore comment',
  metadata: 'Metadata entry',
  'terraform-json': '"//" entry',
  checkov: 'checkov:skip comment',
  'checkov-metadata': 'Checkov Metadata entry',
  tfsec: 'tfsec:ignore comment',
  trivy: 'trivy:ignore comment',
};

/** The findings with the suppressions applied, and what is wrong with the suppressions. */
export interface SuppressionResult {
  /**
   * The same findings, in the same order; a suppressed one is a copy with `suppression` set, one whose
   * exceptions all expired is a copy with `expiredSuppression` set and `(exception expired on ...)` appended
   * to its message. The input findings are never modified.
   */
  findings: Finding[];
  problems: SuppressionProblem[];
}

/**
 * Applies the suppressions written in `files` to `findings`. Files without a suppression marker cost one
 * search for the markers (remembered per text by the cache).
 */
export function applySuppressions(input: SuppressionInput): SuppressionResult {
  const problems: SuppressionProblem[] = [];
  const cache = input.cache ?? new CommentScanCache();
  const byFile = new Map<string, FileDirectives>();
  for (const file of input.files) {
    // A JSON template can only hold suppressions in its resources' Metadata, which readDirectives looks up
    // directly: cheaper than searching a synthesised template of many megabytes for the markers.
    if (file.kind !== 'template-json' && !cache.hasMarker(file.path, file.text)) continue;
    const directives = readDirectives(file, input.resources, cache);
    if (directives.raw.length === 0) continue;
    const entry: FileDirectives = { scan: directives.scan, byLine: new Map(), byResource: new Map(), checkovComments: [] };
    for (const raw of directives.raw) {
      const checked = check(raw, file.path, input.catalog, problems);
      if (raw.anchor.kind === 'resource') push(entry.byResource, raw.anchor.offset, checked);
      else {
        push(entry.byLine, raw.anchor.line, checked);
        if (raw.syntax === 'checkov') entry.checkovComments.push(checked);
      }
    }
    byFile.set(file.path, entry);
  }
  const findings = byFile.size > 0 ? matchFindings(input, byFile, problems) : [...input.findings];
  problems.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { findings, problems };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function readDirectives(file: SuppressionFile, resources: readonly Resource[], cache: CommentScanCache): { raw: RawDirective[]; scan?: CommentScan } {
  const raw: RawDirective[] = [];
  let scan: CommentScan | undefined;
  if (file.kind === 'terraform' || file.kind === 'template-yaml') {
    scan = cache.get(file.path, file.text, file.kind === 'terraform' ? 'hcl' : 'yaml');
    for (const comment of scan.comments) {
      if (!hasSuppressionMarker(comment.text)) continue;
      raw.push(...commentDirectives(comment, scan, file.text));
    }
  }
  if (file.kind === 'template-yaml' || file.kind === 'template-json') {
    // The line table is only needed to remove a list item: built on the first such request.
    let lineStarts = scan?.lineStarts;
    const text = file.text;
    const context = {
      text,
      get lineStarts() {
        return (lineStarts ??= lineStartsOf(text));
      },
      json: file.kind === 'template-json',
    };
    for (const resource of resources) {
      if (resource.file === file.path && resource.family === 'cloudformation') raw.push(...cloudFormationDirectives(resource, context));
    }
  }
  if (file.kind === 'terraform-json') {
    raw.push(...terraformJsonDirectives(file.tree?.(), { text: file.text, lineStarts: lineStartsOf(file.text), json: true }));
  }
  return { raw, scan };
}

/** Checks one suppression against the rules; reports what is wrong with it. */
function check(directive: RawDirective, file: string, catalog: SuppressionCatalog, problems: SuppressionProblem[]): Checked {
  const rules = new Set<string>();
  let applies = directive.unsupported === undefined;
  const own = OWN_SYNTAXES.has(directive.syntax);
  const problem = (code: SuppressionProblemCode, message: string, range = directive.range, extra: Partial<SuppressionProblem> = {}) =>
    problems.push({ code, severity: 'warning', message, file, range, suppressionRange: directive.range, ...extra });
  if (directive.malformed || (own && directive.ids.length === 0)) {
    applies = false;
    problem(
      'suppression-malformed',
      directive.syntax === 'comment'
        ? 'malformed suppression: write `hipaa-iac:ignore <rule-id>[,<rule-id>] reason="..." owner="..." expires=YYYY-MM-DD`'
        : `malformed suppression ${SYNTAX_NAMES[directive.syntax]}: each entry needs an "id"${directive.syntax === 'checkov-metadata' ? '' : ' and a "reason"'}`,
    );
  }
  for (const written of directive.ids) {
    if (own) {
      if (catalog.known.has(written.id)) rules.add(written.id);
      else {
        const single = directive.ids.length === 1;
        const removalRange = written.removal ?? (single ? directive.removal : undefined);
        const suggestion = closest(written.id, catalog.known);
        problem(
          'suppression-unknown-rule',
          `unknown rule "${written.id}" in suppression: it suppresses nothing${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          written.range,
          { ruleId: written.id, ...(removalRange ? { removal: { range: removalRange, newText: '' } } : {}) },
        );
      }
    } else {
      const mapped = directive.syntax === 'checkov' || directive.syntax === 'checkov-metadata' ? catalog.checkov.get(written.id.toUpperCase()) : catalog.tfsec.get(written.id.toLowerCase());
      for (const id of mapped ?? []) rules.add(id);
    }
  }
  if (own && !directive.malformed && directive.ids.length > 0 && !directive.reason) {
    applies = false;
    const keys = directive.unknownKeys ? ` (unknown key${directive.unknownKeys.length > 1 ? 's' : ''} ${directive.unknownKeys.map((key) => `"${key}"`).join(', ')})` : '';
    problem(
      'suppression-missing-reason',
      `suppression of ${directive.ids.map((id) => id.id).join(', ')} has no reason${keys}, so it does not apply: ` +
        `add ${directive.syntax === 'comment' ? 'reason="..."' : '"reason": "..."'} saying why the risk is accepted`,
      directive.range,
      { ruleId: directive.ids[0].id },
    );
  }
  if (directive.expires !== undefined && !isValidDate(directive.expires)) {
    applies = false;
    problem('suppression-invalid-expiry', `expiry "${directive.expires}" is not a date (YYYY-MM-DD), so the suppression does not apply`);
  }
  return { directive, rules, applies };
}

/** The known id nearest to a misspelt one (edit distance at most 3), for "did you mean". */
function closest(id: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    if (Math.abs(candidate.length - id.length) >= bestDistance) continue;
    const distance = editDistance(id, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length];
}

function matchFindings(input: SuppressionInput, byFile: Map<string, FileDirectives>, problems: SuppressionProblem[]): Finding[] {
  const resources = new Map<string, Resource>();
  const headersByFile = new Map<string, Resource[]>();
  for (const resource of input.resources) {
    resources.set(`${resource.file}\u0000${resource.address}`, resource);
    if (byFile.has(resource.file)) push(headersByFile, resource.file, resource);
  }
  const warned = new Set<Checked>();
  // Comment lines directly above each resource header belong to that resource (and not to the one before it).
  const headerGroups = new Map<string, Map<number, number>>();
  const groupOwner = (file: string, entry: FileDirectives): Map<number, number> => {
    let owners = headerGroups.get(file);
    if (owners) return owners;
    owners = new Map();
    for (const resource of headersByFile.get(file) ?? []) {
      for (const line of groupLines(entry, resource.headerRange.start.line)) owners.set(line, resource.headerRange.start.offset);
    }
    headerGroups.set(file, owners);
    return owners;
  };
  return input.findings.map((finding) => {
    const entry = byFile.get(finding.file);
    if (!entry) return finding;
    const resource = resources.get(`${finding.file}\u0000${finding.resource}`);
    const candidates = new Set<Checked>();
    const addAll = (list: readonly Checked[] | undefined, filter?: (checked: Checked) => boolean) => {
      for (const checked of list ?? []) if (!filter || filter(checked)) candidates.add(checked);
    };
    const trailing = (checked: Checked) => checked.directive.anchor.kind === 'line' && !checked.directive.anchor.alone;
    const line = finding.range.start.line;
    addAll(entry.byLine.get(line), trailing);
    for (const above of groupLines(entry, line)) addAll(entry.byLine.get(above));
    if (resource) {
      const header = resource.headerRange.start.line;
      if (header !== line) {
        addAll(entry.byLine.get(header), trailing);
        for (const above of groupLines(entry, header)) addAll(entry.byLine.get(above));
      }
      addAll(entry.byResource.get(resource.headerRange.start.offset));
      if (entry.checkovComments.length > 0) {
        const last = resource.range.end.character === 0 ? resource.range.end.line - 1 : resource.range.end.line;
        const owners = groupOwner(finding.file, entry);
        for (const checked of entry.checkovComments) {
          const at = (checked.directive.anchor as { line: number }).line;
          const owner = owners.get(at);
          if (at > header && at <= last && (owner === undefined || owner === resource.headerRange.start.offset)) candidates.add(checked);
        }
      }
    }
    return decide(finding, [...candidates], input.today, warned, problems);
  });
}

/** The lines of the run of comment-only lines directly above `line`, nearest first. */
function groupLines(entry: FileDirectives, line: number): number[] {
  const lines: number[] = [];
  if (!entry.scan) return lines;
  for (let above = line - 1; above >= 0 && entry.scan.commentLines.has(above); above--) lines.push(above);
  return lines;
}

function decide(finding: Finding, candidates: Checked[], today: string, warned: Set<Checked>, problems: SuppressionProblem[]): Finding {
  const matching = candidates.filter((checked) => checked.applies && checked.rules.has(finding.ruleId));
  if (matching.length === 0) return finding;
  const active = matching.filter((checked) => checked.directive.expires === undefined || checked.directive.expires >= today);
  // A justified exception wins over a migrated one without a reason.
  const chosen = active.find((checked) => checked.directive.reason !== undefined) ?? active[0];
  if (chosen) {
    if (chosen.directive.reason === undefined && !warned.has(chosen)) {
      warned.add(chosen);
      const { directive } = chosen;
      problems.push({
        code: 'suppression-missing-reason',
        severity: 'warning',
        message:
          `${finding.ruleId} is suppressed by a ${SYNTAX_NAMES[directive.syntax]} without a reason: record why the risk is accepted ` +
          `(# hipaa-iac:ignore ${finding.ruleId} reason="..." owner="..." expires=YYYY-MM-DD)`,
        file: finding.file,
        range: directive.range,
        suppressionRange: directive.range,
        ruleId: finding.ruleId,
      });
    }
    return { ...finding, suppression: suppressionOf(chosen.directive, finding.file) };
  }
  const latest = matching.reduce((a, b) => ((a.directive.expires ?? '') >= (b.directive.expires ?? '') ? a : b));
  return {
    ...finding,
    message: `${finding.message} (exception expired on ${latest.directive.expires})`,
    expiredSuppression: suppressionOf(latest.directive, finding.file),
  };
}

function suppressionOf(directive: RawDirective, file: string): Suppression {
  return {
    ...(directive.reason !== undefined ? { reason: directive.reason } : {}),
    ...(directive.owner !== undefined ? { owner: directive.owner } : {}),
    ...(directive.expires !== undefined ? { expires: directive.expires } : {}),
    file,
    range: directive.range,
    syntax: directive.syntax,
  };
}
