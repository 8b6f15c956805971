// The coverage report as one self-contained HTML page: inline CSS, no scripts, prints well. The same
// renderer feeds the editor's webview, which passes VS Code theme colours and finding links.

import { CONTROL_STATUSES, STATUS_LABELS, type ControlCoverage, type Coverage, type CoverageFinding } from '../coverage';

/** How the page is rendered. */
export interface CoverageHtmlOptions {
  /** Use VS Code's theme variables instead of the print palette (for the webview). */
  vscodeTheme?: boolean;
  /** The href of a finding's drill-down link; omitted: plain text `file:line`. */
  findingHref?: (finding: CoverageFinding) => string;
  /** A Content-Security-Policy for the page (the webview passes one allowing only its inline style). */
  contentSecurityPolicy?: string;
  /** A nonce for the inline style element, when the CSP requires one. */
  styleNonce?: string;
}

const LABEL = STATUS_LABELS;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

const PRINT_STYLE = `
:root { --fg: #1b1f23; --bg: #ffffff; --muted: #57606a; --border: #d0d7de; --head: #f6f8fa;
  --satisfied: #1a7f37; --failing: #cf222e; --exception: #9a6700; --not-evaluable: #6e40c9; --no-resources: #57606a; --not-addressable: #0969da; }`;

const VSCODE_STYLE = `
:root { --fg: var(--vscode-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --border: var(--vscode-panel-border, #8884); --head: var(--vscode-sideBar-background, transparent);
  --satisfied: var(--vscode-testing-iconPassed, #1a7f37); --failing: var(--vscode-errorForeground, #cf222e);
  --exception: var(--vscode-editorWarning-foreground, #9a6700); --not-evaluable: var(--vscode-charts-purple, #6e40c9);
  --no-resources: var(--vscode-descriptionForeground, #57606a); --not-addressable: var(--vscode-textLink-foreground, #0969da); }`;

const COMMON_STYLE = `
body { font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); color: var(--fg); background: var(--bg); margin: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: var(--muted); font-size: .9rem; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: .5rem .75rem; min-width: 8rem; }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--border); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
.status { font-weight: 600; white-space: nowrap; }
.s-satisfied { color: var(--satisfied); } .s-failing { color: var(--failing); } .s-exception { color: var(--exception); }
.s-not-evaluable { color: var(--not-evaluable); } .s-no-resources { color: var(--no-resources); } .s-not-addressable { color: var(--not-addressable); }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: .85em; }
ul.items { margin: .25rem 0 0 1rem; padding: 0; }
a { color: var(--not-addressable); }
details summary { cursor: pointer; color: var(--muted); }
@media print { body { margin: 0; } details { display: block; } details > summary { display: none; } tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } }`;

function findingText(finding: CoverageFinding, options: CoverageHtmlOptions): string {
  const where = `${finding.file}:${finding.range.start.line + 1}`;
  const location = options.findingHref ? `<a href="${escapeHtml(options.findingHref(finding))}">${escapeHtml(where)}</a>` : escapeHtml(where);
  return `${location} <code>${escapeHtml(finding.ruleId)}</code> ${escapeHtml(finding.resource)}`;
}

function controlRow(control: ControlCoverage, options: CoverageHtmlOptions): string {
  const details: string[] = [];
  if (control.status === 'not-addressable') details.push(`<div>${escapeHtml(control.evidenceNeeded ?? '')}</div>`);
  if (control.rules.length > 0) {
    details.push(`<details><summary>${control.rules.length} rule${control.rules.length === 1 ? '' : 's'}</summary>${control.rules.map((rule) => `<code>${escapeHtml(rule)}</code>`).join(' ')}</details>`);
  }
  if (control.findings.length > 0) details.push(`<ul class="items">${control.findings.map((finding) => `<li>${findingText(finding, options)}</li>`).join('')}</ul>`);
  if (control.exceptions.length > 0) {
    details.push(
      `<ul class="items">${control.exceptions
        .map(
          (exception) =>
            `<li>Exception: ${findingText(exception, options)}: ${escapeHtml(exception.reason ?? '(no reason)')}` +
            `${exception.owner ? `, owner ${escapeHtml(exception.owner)}` : ''}${exception.expires ? `, expires ${escapeHtml(exception.expires)}` : ''}</li>`,
        )
        .join('')}</ul>`,
    );
  }
  return (
    `<tr id="${escapeHtml(control.id)}"><td><b>${escapeHtml(control.id)}</b></td><td>${escapeHtml(control.title)}` +
    `${control.requirement ? `<div class="meta">${escapeHtml(control.requirement)}</div>` : ''}</td>` +
    `<td class="status s-${control.status}">${LABEL[control.status]}</td><td>${control.resources}</td><td>${control.findings.length}</td>` +
    `<td>${control.exceptions.length}</td><td>${details.join('')}</td></tr>`
  );
}

/** Renders coverage as a self-contained HTML page. */
export function formatCoverageHtml(coverage: Coverage, options: CoverageHtmlOptions = {}): string {
  const { summary } = coverage;
  const cards = CONTROL_STATUSES.map((status) => `<div class="card"><b class="s-${status}">${summary.counts[status]}</b>${LABEL[status]}</div>`).join('');
  const frameworks = coverage.frameworks
    .map(
      (framework) =>
        `<h2>${escapeHtml(framework.title)}</h2><table><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Resources</th><th>Findings</th><th>Exceptions</th><th>Evidence</th></tr></thead>` +
        `<tbody>${framework.controls.map((control) => controlRow(control, options)).join('')}</tbody></table>`,
    )
    .join('\n');
  const csp = options.contentSecurityPolicy ?? "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '&quot;')}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HIPAA / ISO 27017 controls coverage</title>
<style${options.styleNonce ? ` nonce="${escapeHtml(options.styleNonce)}"` : ''}>${options.vscodeTheme ? VSCODE_STYLE : PRINT_STYLE}${COMMON_STYLE}</style>
</head>
<body>
<h1>HIPAA / ISO 27017 controls coverage</h1>
<div class="meta">Computed ${escapeHtml(summary.computedAt)} by hipaa-iac ${escapeHtml(summary.rulesVersion)} (${summary.ruleCount} rules) over ${summary.files.length} files.</div>
<p><b>${Math.round(summary.satisfiedShare * 100)}%</b> of the ${summary.addressable} controls that infrastructure code can evidence are satisfied.</p>
<div class="cards">${cards}</div>
${frameworks}
<h2>Files scanned</h2>
<details open><summary>${summary.files.length} files</summary><ul class="items">${summary.files.map((file) => `<li><code>${escapeHtml(file)}</code></li>`).join('')}</ul></details>
</body>
</html>
`;
}
