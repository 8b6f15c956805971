// The result of linting a whole set of units, as every output format consumes it.

import type { Evaluation, Finding, InternalError } from './finding';
import type { FileError, Project } from './project';
import type { SkippedFile } from './scan';
import type { SuppressionProblem } from './suppress';

/** Everything a scan produced, with file paths already in display form. */
export interface ScanReport {
  findings: Finding[];
  evaluations: Evaluation[];
  errors: FileError[];
  internalErrors: InternalError[];
  /** Warnings about suppressions (missing reason, unknown rule, bad date, malformed); lintProject always sets it. */
  problems?: SuppressionProblem[];
  skipped: SkippedFile[];
  files: string[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 } as const;

/** Sorts findings by file, position, then rule, so every output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** Lints every unit of a project into one report. */
export function lintProject(project: Project, skipped: SkippedFile[] = []): ScanReport {
  const problems: SuppressionProblem[] = [];
  const report: ScanReport = { findings: [], evaluations: [], errors: [], internalErrors: [], problems, skipped, files: [] };
  const seenInternal = new Set<string>();
  for (const unit of project.unitNames()) {
    const result = project.lintUnit(unit);
    if (!result.linted) continue;
    report.files.push(...result.files);
    report.findings.push(...result.findings);
    report.evaluations.push(...result.evaluations);
    report.errors.push(...result.errors);
    problems.push(...result.problems);
    for (const error of result.internalErrors) {
      if (seenInternal.has(error.ruleId)) continue;
      seenInternal.add(error.ruleId);
      report.internalErrors.push(error);
    }
  }
  report.files.sort();
  return report;
}
