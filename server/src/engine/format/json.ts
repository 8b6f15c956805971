// The JSON output: the contract other tools rely on (1-based lines and columns, `/` paths).

import type { Finding } from '../finding';
import { sortFindings, type ScanReport } from '../report';
import { TOOL_NAME, TOOL_VERSION } from '../../version';

function findingToJson(finding: Finding) {
  const suppression = finding.suppression;
  return {
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    theme: finding.theme,
    message: finding.message,
    file: finding.file,
    startLine: finding.range.start.line + 1,
    startColumn: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    resource: finding.resource,
    hipaa: [...finding.hipaa],
    iso27017: [...finding.iso27017],
    suppressed: suppression !== undefined,
    ...(suppression ? { suppression: { reason: suppression.reason ?? null, owner: suppression.owner ?? null, expires: suppression.expires ?? null } } : {}),
    ...(finding.constructPath ? { constructPath: finding.constructPath } : {}),
  };
}

/** Renders a scan as the JSON document of the CLI contract. */
export function formatJson(report: ScanReport): string {
  const document = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: sortFindings(report.findings).map(findingToJson),
    errors: [
      ...report.errors.map((error) => ({
        file: error.file,
        message: error.message,
        startLine: error.range.start.line + 1,
        startColumn: error.range.start.character + 1,
      })),
      // Suppression warnings: the documented fields, plus their severity and code.
      ...(report.problems ?? []).map((problem) => ({
        file: problem.file,
        message: problem.message,
        startLine: problem.range.start.line + 1,
        startColumn: problem.range.start.character + 1,
        severity: problem.severity,
        code: problem.code,
      })),
    ],
  };
  return JSON.stringify(document, null, 2) + '\n';
}
