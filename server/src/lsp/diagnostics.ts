// Turns findings and syntax errors of one file into LSP diagnostics under the user's settings.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range as LspRange } from 'vscode-languageserver';
import type { Severity } from '../../../rules/api';
import type { Finding } from '../engine/finding';
import type { FileError } from '../engine/project';
import type { Range } from '../parse/range';
import { effectiveSeverity, type Settings } from './settings';

/** The `source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = 'hipaa-iac';

/** The `code` of a syntax error diagnostic. */
export const SYNTAX_CODE = 'syntax';

/** The `code` of the note shown on a file too large to lint. */
export const TOO_LARGE_CODE = 'file-too-large';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** An engine range (with offsets) as an LSP range. */
export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** Resolves the documentation link of a rule; undefined when there is no page to link to. */
export type DocsLink = (ruleId: string) => string | undefined;

/**
 * Links to `<docsDir>/<rule-id>.md` as file:// URIs, for the pages that exist. The server computes
 * docsDir from its own location (dist/../docs/rules), so it points into the installed extension.
 */
export function fileDocsLink(docsDir: string): DocsLink {
  const known = new Map<string, string | undefined>();
  return (ruleId) => {
    if (!known.has(ruleId)) {
      const page = join(docsDir, `${ruleId}.md`);
      known.set(ruleId, existsSync(page) ? pathToFileURL(page).href : undefined);
    }
    return known.get(ruleId);
  };
}

/** One finding as a diagnostic with the given severity. */
export function findingToDiagnostic(finding: Finding, severity: Severity, docs?: DocsLink): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITIES[severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  const href = docs?.(finding.ruleId);
  if (href) diagnostic.codeDescription = { href };
  return diagnostic;
}

/** A syntax error (or a parser warning) of a file, as the engine reports it. */
export type SyntaxProblem = Pick<FileError, 'message' | 'range'> & { severity?: FileError['severity'] };

/** A syntax error as a diagnostic. */
export function syntaxErrorToDiagnostic(error: SyntaxProblem): Diagnostic {
  return {
    range: toLspRange(error.range),
    severity: error.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    code: SYNTAX_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: error.message,
  };
}

/** The single note shown on a file that is skipped for its size. */
export function tooLargeDiagnostic(size: number, limit: number): Diagnostic {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: TOO_LARGE_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: `HIPAA IaC Lint skipped this file: it is ${mb(size)} MB, over the ${mb(limit)} MB limit.`,
  };
}

/** The order diagnostics are published in: by position, then severity, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.severity ?? 0) - (b.severity ?? 0) ||
    String(a.code).localeCompare(String(b.code))
  );
}

/** Called for each finding that becomes a diagnostic, to add to it (related information) or note it. */
export type DiagnosticHook = (finding: Finding, diagnostic: Diagnostic) => void;

/**
 * The diagnostics of one file: its syntax errors and the findings its settings let through, sorted by
 * position. Suppressed findings (a documented exception) are not shown as problems.
 */
export function fileDiagnostics(
  findings: readonly Finding[],
  errors: readonly SyntaxProblem[],
  settings: Settings,
  docs?: DocsLink,
  hook?: DiagnosticHook,
): Diagnostic[] {
  if (!settings.enable) return [];
  const diagnostics: Diagnostic[] = errors.map(syntaxErrorToDiagnostic);
  for (const finding of findings) {
    if (finding.suppression) continue;
    const severity = effectiveSeverity(finding.ruleId, finding.severity, settings);
    if (severity === undefined) continue;
    const diagnostic = findingToDiagnostic(finding, severity, docs);
    hook?.(finding, diagnostic);
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort(compareDiagnostics);
}
