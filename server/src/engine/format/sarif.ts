// SARIF 2.1.0 output for code-scanning tools: rule metadata, the HIPAA and ISO 27017 controls as
// taxonomies the rules relate to, results with regions, and suppressions for documented exceptions.

import type { Rule } from '../../../../rules/api';
import { HIPAA_CONTROLS, ISO27017_CONTROLS } from '../../../../rules/controls/catalog';
import { sortFindings, type ScanReport } from '../report';
import { TOOL_NAME, TOOL_VERSION } from '../../version';

const LEVEL = { error: 'error', warning: 'warning', note: 'note' } as const;
const HIPAA_TAXONOMY = 'HIPAA Security Rule';
const ISO_TAXONOMY = 'ISO/IEC 27017';

/** Renders a scan as a SARIF 2.1.0 log. `rules` is the rule set that ran (for the driver's rule list). */
export function formatSarif(report: ScanReport, rules: readonly Rule[]): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const hipaaIndex = new Map(HIPAA_CONTROLS.map((control, index) => [control.id as string, index]));
  const isoIndex = new Map(ISO27017_CONTROLS.map((control, index) => [control.id as string, index]));
  const relationship = (id: string, taxonomy: string, index: number | undefined) => ({
    target: { id, index, toolComponent: { name: taxonomy } },
    kinds: ['relevant'],
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: rule.remediation, markdown: rule.remediation },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['security', 'hipaa', rule.theme], theme: rule.theme, hipaa: rule.hipaa, iso27017: rule.iso27017 },
              relationships: [
                ...rule.hipaa.map((id) => relationship(id, HIPAA_TAXONOMY, hipaaIndex.get(id))),
                ...rule.iso27017.map((id) => relationship(id, ISO_TAXONOMY, isoIndex.get(id))),
              ],
            })),
            supportedTaxonomies: [{ name: HIPAA_TAXONOMY }, { name: ISO_TAXONOMY }],
          },
        },
        taxonomies: [
          { name: HIPAA_TAXONOMY, taxa: HIPAA_CONTROLS.map((control) => ({ id: control.id, shortDescription: { text: control.title } })) },
          { name: ISO_TAXONOMY, taxa: ISO27017_CONTROLS.map((control) => ({ id: control.id, shortDescription: { text: control.title } })) },
        ],
        invocations: [
          {
            executionSuccessful: report.internalErrors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((error) => ({
                level: 'error',
                message: { text: error.message },
                locations: [location(error.file, error.range)],
              })),
              ...report.internalErrors.map((error) => ({ level: 'error', message: { text: `rule ${error.ruleId} failed: ${error.message}` } })),
              ...(report.problems ?? []).map((problem) => ({
                level: 'warning',
                message: { text: problem.message },
                descriptor: { id: problem.code },
                locations: [location(problem.file, problem.range)],
              })),
            ],
          },
        ],
        results: sortFindings(report.findings).map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [{ ...location(finding.file, finding.range), logicalLocations: [{ fullyQualifiedName: finding.resource, kind: 'resource' }] }],
          properties: { hipaa: finding.hipaa, iso27017: finding.iso27017, resource: finding.resource },
          ...(finding.suppression
            ? {
                suppressions: [
                  {
                    kind: 'inSource',
                    status: 'accepted',
                    justification: finding.suppression.reason ?? '',
                    properties: { owner: finding.suppression.owner ?? null, expires: finding.suppression.expires ?? null },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function location(file: string, range: ScanReport['errors'][number]['range']) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file) },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}
