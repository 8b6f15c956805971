// The coverage report as JSON for tools and auditors' evidence stores (1-based lines and columns).

import type { Coverage, CoverageFinding } from '../coverage';

function position(finding: CoverageFinding) {
  return { startLine: finding.range.start.line + 1, startColumn: finding.range.start.character + 1, endLine: finding.range.end.line + 1, endColumn: finding.range.end.character + 1 };
}

/** Renders coverage as the JSON document of the CLI contract. */
export function formatCoverageJson(coverage: Coverage): string {
  const document = {
    frameworks: coverage.frameworks.map((framework) => ({
      id: framework.id,
      title: framework.title,
      controls: framework.controls.map((control) => ({
        id: control.id,
        title: control.title,
        ...(control.requirement ? { requirement: control.requirement } : {}),
        status: control.status,
        rules: control.rules,
        resources: control.resources,
        notEvaluable: control.notEvaluable,
        findings: control.findings.map((finding) => ({ ruleId: finding.ruleId, severity: finding.severity, resource: finding.resource, file: finding.file, ...position(finding), message: finding.message })),
        exceptions: control.exceptions.map((exception) => ({
          ruleId: exception.ruleId,
          resource: exception.resource,
          file: exception.file,
          ...position(exception),
          reason: exception.reason,
          owner: exception.owner,
          expires: exception.expires,
        })),
        ...(control.evidenceNeeded ? { evidenceNeeded: control.evidenceNeeded } : {}),
      })),
    })),
    summary: coverage.summary,
  };
  return JSON.stringify(document, null, 2) + '\n';
}
