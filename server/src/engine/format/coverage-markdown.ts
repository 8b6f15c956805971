// The coverage report as Markdown, readable in a pull request.

import { CONTROL_STATUSES, type Coverage } from '../coverage';

const ICON: Record<string, string> = {
  satisfied: '✅ satisfied',
  failing: '❌ failing',
  exception: '📝 exception',
  'not-evaluable': '❔ not evaluable',
  'no-resources': '➖ no resources',
  'not-addressable': '📋 not addressable by IaC',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Renders coverage as Markdown. */
export function formatCoverageMarkdown(coverage: Coverage): string {
  const { summary } = coverage;
  const lines = [
    '# HIPAA / ISO 27017 controls coverage',
    '',
    `Computed ${summary.computedAt} by hipaa-iac ${summary.rulesVersion} (${summary.ruleCount} rules) over ${summary.files.length} files.`,
    '',
    `**${Math.round(summary.satisfiedShare * 100)}%** of the ${summary.addressable} controls that infrastructure code can evidence are satisfied.`,
    '',
    '| Status | Controls |',
    '|---|---|',
    ...CONTROL_STATUSES.map((status) => `| ${ICON[status]} | ${summary.counts[status]} |`),
    '',
  ];
  for (const framework of coverage.frameworks) {
    lines.push(`## ${framework.title}`, '', '| Control | Title | Status | Rules | Resources | Findings | Exceptions |', '|---|---|---|---|---|---|---|');
    for (const control of framework.controls) {
      const detail = control.status === 'not-addressable' ? cell(control.evidenceNeeded ?? '') : control.rules.map((rule) => `\`${rule}\``).join(', ');
      lines.push(`| ${control.id} | ${cell(control.title)}${control.requirement ? ` (${control.requirement})` : ''} | ${ICON[control.status]} | ${detail} | ${control.resources} | ${control.findings.length} | ${control.exceptions.length} |`);
    }
    lines.push('');
    const failing = framework.controls.filter((control) => control.findings.length > 0 || control.exceptions.length > 0);
    if (failing.length > 0) {
      lines.push(`### Findings and exceptions (${framework.id === 'hipaa' ? 'HIPAA' : 'ISO 27017'})`, '');
      for (const control of failing) {
        lines.push(`- **${control.id}** ${cell(control.title)}`);
        for (const finding of control.findings) lines.push(`  - ${finding.file}:${finding.range.start.line + 1} \`${finding.ruleId}\` ${finding.resource}`);
        for (const exception of control.exceptions) {
          lines.push(`  - exception: ${exception.file}:${exception.range.start.line + 1} \`${exception.ruleId}\` ${exception.resource}: ${exception.reason ?? '(no reason)'}` + `${exception.owner ? `, owner ${exception.owner}` : ''}${exception.expires ? `, expires ${exception.expires}` : ''}`);
        }
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
