// Problems with suppressions (no reason, unknown rule id, bad expiry, malformed) as Warning diagnostics on
// the file they are written in, published with that file's findings.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { SuppressionProblem } from '../engine/suppress';
import { compareDiagnostics, DIAGNOSTIC_SOURCE, toLspRange } from './diagnostics';

/** One suppression problem as a warning (code = the problem's code). */
export function suppressionProblemDiagnostic(problem: SuppressionProblem): Diagnostic {
  return { range: toLspRange(problem.range), severity: DiagnosticSeverity.Warning, code: problem.code, source: DIAGNOSTIC_SOURCE, message: problem.message };
}

/** A file's diagnostics with the problems of the suppressions written in `file` added, sorted. */
export function withSuppressionProblems(diagnostics: Diagnostic[], problems: readonly SuppressionProblem[], file: string): Diagnostic[] {
  const own = problems.filter((problem) => problem.file === file);
  if (own.length === 0) return diagnostics;
  return [...diagnostics, ...own.map(suppressionProblemDiagnostic)].sort(compareDiagnostics);
}
