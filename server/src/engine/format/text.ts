// Human output: findings grouped by file, colour only when writing to a terminal.

import { sortFindings, type ScanReport } from '../report';

const COLOURS = { error: '\u001b[31m', warning: '\u001b[33m', note: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Renders a scan for people; `colour` adds ANSI colours. */
export function formatText(report: ScanReport, colour: boolean): string {
  const paint = (code: keyof typeof COLOURS, text: string) => (colour ? COLOURS[code] + text + COLOURS.reset : text);
  const lines: string[] = [];
  const byFile = new Map<string, string[]>();
  const add = (file: string, line: string) => {
    const list = byFile.get(file);
    if (list) list.push(line);
    else byFile.set(file, [line]);
  };
  for (const error of report.errors) {
    const label = error.severity === 'error' ? 'syntax ' : 'warning';
    add(error.file, `  ${error.range.start.line + 1}:${error.range.start.character + 1}  ${paint(error.severity, label)}  ${error.message}`);
  }
  const problems = report.problems ?? [];
  for (const problem of problems) {
    add(problem.file, `  ${problem.range.start.line + 1}:${problem.range.start.character + 1}  ${paint('warning', 'warning')}  ${problem.message}  ${paint('dim', problem.code)}`);
  }
  const active = sortFindings(report.findings.filter((finding) => !finding.suppression));
  for (const finding of active) {
    const position = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    add(finding.file, `  ${position}  ${paint(finding.severity, finding.severity.padEnd(7))}  ${finding.message}  ${paint('dim', finding.ruleId)}`);
  }
  for (const file of [...byFile.keys()].sort()) {
    lines.push(paint('bold', file), ...byFile.get(file)!, '');
  }
  const count = (severity: string) => active.filter((finding) => finding.severity === severity).length;
  const suppressed = report.findings.length - active.length;
  const summary =
    `${active.length} finding${active.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('note')} notes)` +
    `${suppressed ? `, ${suppressed} suppressed` : ''}, ${report.errors.length} syntax error${report.errors.length === 1 ? '' : 's'}` +
    ` in ${report.files.length} file${report.files.length === 1 ? '' : 's'}; ${report.evaluations.length} rule evaluations` +
    ` (${report.evaluations.filter((evaluation) => evaluation.outcome === 'not-evaluable').length} not evaluable)` +
    `${problems.length ? `; ${problems.length} suppression warning${problems.length === 1 ? '' : 's'}` : ''}`;
  lines.push(summary);
  for (const error of report.internalErrors) lines.push(paint('error', `internal error in rule ${error.ruleId}: ${error.message}`));
  return lines.join('\n') + '\n';
}
