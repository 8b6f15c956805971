// The controls coverage report as a webview page, and the messages between the page and the extension.
// Pure (no `vscode` import): unit tested in test/lsp/coverage-page.test.ts. The page follows the VS Code
// theme through its CSS variables, loads nothing (a strict Content-Security-Policy: no source at all except
// its own nonce'd inline style and script) and talks to the extension only through postMessage.

import { COVERAGE_STATUSES, type ControlCoverage, type ControlStatus, type CoverageFinding, type CoverageFormat, type CoverageResult, type FrameworkCoverage } from '../../server/src/lsp/coverage-protocol';
import { STATUS_LABELS } from '../../server/src/engine/coverage';

/** A position as the server sends it (0-based line and UTF-16 character). */
export interface PagePosition {
  line: number;
  character: number;
}

/** A range as the server sends it. */
export interface PageRange {
  start: PagePosition;
  end: PagePosition;
}

/** What the page asks of the extension. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'export'; format: CoverageFormat }
  | { type: 'open'; file: string; range: PageRange };

/** What the extension tells the page. */
export type HostMessage = { type: 'update'; html: string } | { type: 'status'; text: string; busy: boolean; error?: boolean };

/** How each status is named (shared with the exported reports). */
export const STATUS_LABEL = STATUS_LABELS;

const STATUS_ICON: Record<ControlStatus, string> = {
  satisfied: '\u2714',
  failing: '\u2716',
  exception: '\u2691',
  'not-evaluable': '?',
  'no-resources': '\u2013',
  'not-addressable': '\u25C7',
};

const STATUS_HELP: Record<ControlStatus, string> = {
  satisfied: 'Every resource the mapped rules apply to passes.',
  failing: 'At least one mapped rule reports a finding.',
  exception: 'Findings exist but every one is covered by a documented exception.',
  'not-evaluable': 'Some values could not be resolved (variables, unknowns): the rules could not decide.',
  'no-resources': 'No resource in the workspace is of a type the mapped rules check.',
  'not-addressable': 'Infrastructure code cannot evidence this control: other evidence is needed.',
};

/** Export formats: button label, dialog filter name and file extensions. */
export const EXPORT_FORMATS: Record<CoverageFormat, { label: string; filter: string; extensions: string[] }> = {
  json: { label: 'JSON', filter: 'JSON', extensions: ['json'] },
  md: { label: 'Markdown', filter: 'Markdown', extensions: ['md'] },
  html: { label: 'HTML', filter: 'HTML', extensions: ['html', 'htm'] },
};

/** At most this many findings (and exceptions) per control are sent to the page; exports hold them all. */
export const PAGE_FINDINGS_PER_CONTROL = 200;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** A fresh nonce for the page's style and script (base64 of 16 random bytes). */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  return Buffer.from(randomBytes(16)).toString('base64');
}

/** The page's Content-Security-Policy: nothing may load; only the nonce'd inline style and script run. */
export function pageCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'`;
}

/** The file name an export is offered under, e.g. `hipaa-coverage-2025-01-31.md`. */
export function exportFileName(format: CoverageFormat, computedAt: string | Date): string {
  const iso = typeof computedAt === 'string' ? computedAt : computedAt.toISOString();
  const day = /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? 'report';
  return `hipaa-coverage-${day}.${EXPORT_FORMATS[format].extensions[0]}`;
}

/** `2025-01-31T10:20:30.123Z` as `2025-01-31 10:20:30 UTC`. */
export function formatTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** Whether an exception's expiry date (YYYY-MM-DD) lies before the report's date. */
export function isExpired(expires: string | null, computedAt: string): boolean {
  if (!expires || !/^\d{4}-\d{2}-\d{2}/.test(expires)) return false;
  return expires.slice(0, 10) < computedAt.slice(0, 10);
}

function isPosition(value: unknown): value is PagePosition {
  const position = value as PagePosition | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    Number.isInteger(position.line) &&
    Number.isInteger(position.character) &&
    position.line >= 0 &&
    position.character >= 0
  );
}

/** Validates a message from the page (anything malformed is ignored: undefined). */
export function parsePageMessage(data: unknown): PageMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as { type?: unknown; format?: unknown; file?: unknown; range?: { start?: unknown; end?: unknown } | null };
  switch (message.type) {
    case 'ready':
    case 'refresh':
      return { type: message.type };
    case 'export':
      return typeof message.format === 'string' && Object.hasOwn(EXPORT_FORMATS, message.format) ? { type: 'export', format: message.format as CoverageFormat } : undefined;
    case 'open': {
      const range = message.range;
      if (typeof message.file !== 'string' || message.file === '' || typeof range !== 'object' || range === null) return undefined;
      if (!isPosition(range.start) || !isPosition(range.end)) return undefined;
      return { type: 'open', file: message.file, range: { start: { ...range.start }, end: { ...range.end } } };
    }
    default:
      return undefined;
  }
}

/** The increment to report to a VS Code progress for a new percentage, given the last one reported. */
export function progressIncrement(last: number, percentage: number | undefined): number {
  if (percentage === undefined || !Number.isFinite(percentage)) return 0;
  return Math.max(0, Math.min(100, percentage) - last);
}

// ------------------------------------------------------------------------------------------------ rendering

function requirementBadge(requirement: string | undefined): string {
  if (!requirement) return '';
  const label = requirement.charAt(0).toUpperCase() + requirement.slice(1);
  return ` <span class="badge req-${escapeHtml(requirement)}" title="HIPAA implementation: ${escapeHtml(requirement)}">${escapeHtml(label)}</span>`;
}

function location(file: string, range: PageRange, text: string): string {
  const data = `${range.start.line},${range.start.character},${range.end.line},${range.end.character}`;
  return `<a href="#" class="loc" data-file="${escapeHtml(file)}" data-range="${data}" title="Open ${escapeHtml(file)} at line ${range.start.line + 1}">${escapeHtml(text)}</a>`;
}

function findingItem(finding: CoverageFinding): string {
  const where = location(finding.file, finding.range, `${finding.file}:${finding.range.start.line + 1}`);
  return (
    `${where} <span class="sev sev-${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span> <code>${escapeHtml(finding.ruleId)}</code> ` +
    `<span class="res">${escapeHtml(finding.resource)}</span><div class="msg">${escapeHtml(finding.message)}</div>`
  );
}

function countsOf(result: CoverageResult): Map<string, { findings: number; exceptions: number }> {
  const counts = new Map<string, { findings: number; exceptions: number }>();
  for (const cut of result.truncated ?? []) counts.set(`${cut.framework}\u0000${cut.control}`, { findings: cut.findings, exceptions: cut.exceptions });
  return counts;
}

function controlRow(framework: FrameworkCoverage, control: ControlCoverage, totals: { findings: number; exceptions: number } | undefined, computedAt: string): string {
  const findingsTotal = totals?.findings ?? control.findings.length;
  const exceptionsTotal = totals?.exceptions ?? control.exceptions.length;
  const key = `${framework.id}:${control.id}`;
  const details: string[] = [];
  if (control.status === 'not-addressable') {
    details.push(`<div class="evidence"><span class="label">Evidence needed:</span> ${escapeHtml(control.evidenceNeeded ?? '')}</div>`);
  }
  if (control.notEvaluable > 0) {
    details.push(`<div class="meta">${control.notEvaluable} resource${control.notEvaluable === 1 ? '' : 's'} could not be evaluated (unresolved values).</div>`);
  }
  if (control.findings.length > 0) {
    const more = findingsTotal - control.findings.length;
    details.push(
      `<details class="list" data-key="f:${escapeHtml(key)}" open><summary>${findingsTotal} finding${findingsTotal === 1 ? '' : 's'}</summary><ul class="items">` +
        control.findings.map((finding) => `<li>${findingItem(finding)}</li>`).join('') +
        (more > 0 ? `<li class="meta">\u2026 and ${more} more (export the report for the complete list)</li>` : '') +
        `</ul></details>`,
    );
  }
  if (control.exceptions.length > 0) {
    const more = exceptionsTotal - control.exceptions.length;
    details.push(
      `<details class="list" data-key="e:${escapeHtml(key)}" open><summary>${exceptionsTotal} documented exception${exceptionsTotal === 1 ? '' : 's'}</summary><ul class="items">` +
        control.exceptions
          .map((exception) => {
            const expired = isExpired(exception.expires, computedAt);
            return (
              `<li>${findingItem(exception)}<div class="exception"><span class="label">Reason:</span> ${escapeHtml(exception.reason ?? '(none given)')}` +
              ` <span class="label">Owner:</span> ${escapeHtml(exception.owner ?? '(none)')}` +
              ` <span class="label">Expires:</span> ${exception.expires ? `<span class="${expired ? 'expired' : ''}">${escapeHtml(exception.expires)}${expired ? ' (expired)' : ''}</span>` : '(never)'}</div></li>`
            );
          })
          .join('') +
        (more > 0 ? `<li class="meta">\u2026 and ${more} more (export the report for the complete list)</li>` : '') +
        `</ul></details>`,
    );
  }
  if (control.rules.length > 0) {
    details.push(
      `<details class="rules" data-key="r:${escapeHtml(key)}"><summary>${control.rules.length} mapped rule${control.rules.length === 1 ? '' : 's'}</summary>` +
        control.rules.map((rule) => `<code>${escapeHtml(rule)}</code>`).join(' ') +
        `</details>`,
    );
  }
  return (
    `<tr class="control" data-status="${control.status}" id="${escapeHtml(`c-${key}`)}">` +
    `<td class="id">${escapeHtml(control.id)}</td>` +
    `<td>${escapeHtml(control.title)}${requirementBadge(control.requirement)}</td>` +
    `<td class="status s-${control.status}" title="${escapeHtml(STATUS_HELP[control.status])}"><span aria-hidden="true">${STATUS_ICON[control.status]}</span> ${STATUS_LABEL[control.status]}</td>` +
    `<td class="num">${control.rules.length}</td>` +
    `<td class="num">${control.resources}</td>` +
    `<td class="num${findingsTotal > 0 ? ' s-failing' : ''}">${findingsTotal}</td>` +
    `<td class="num${exceptionsTotal > 0 ? ' s-exception' : ''}">${exceptionsTotal}</td>` +
    `<td class="details">${details.join('')}</td></tr>`
  );
}

/** The body of the report (everything below the toolbar); replaced in place on every refresh. */
export function renderCoverageBody(result: CoverageResult): string {
  const { coverage } = result;
  const { summary } = coverage;
  const totals = countsOf(result);
  const percent = Math.round(summary.satisfiedShare * 100);
  const cards = COVERAGE_STATUSES.map(
    (status) =>
      `<button class="card" data-filter="${status}" aria-pressed="false" title="${escapeHtml(STATUS_HELP[status])} Click to show only these controls.">` +
      `<b class="s-${status}">${summary.counts[status]}</b><span>${STATUS_ICON[status]} ${STATUS_LABEL[status]}</span></button>`,
  ).join('');
  const errors =
    result.filesWithErrors.length > 0
      ? `<div class="warning" role="note">${result.filesWithErrors.length} file${result.filesWithErrors.length === 1 ? ' has' : 's have'} syntax errors; ` +
        `their findings may be incomplete: ${result.filesWithErrors
          .slice(0, 10)
          .map((file) => location(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, file))
          .join(', ')}${result.filesWithErrors.length > 10 ? ', \u2026' : ''}</div>`
      : '';
  const frameworks = coverage.frameworks
    .map((framework) => {
      const rows = framework.controls.map((control) => controlRow(framework, control, totals.get(`${framework.id}\u0000${control.id}`), summary.computedAt)).join('');
      return (
        `<section class="framework" id="fw-${escapeHtml(framework.id)}"><h2>${escapeHtml(framework.title)} <span class="meta">${framework.controls.length} controls</span></h2>` +
        `<div class="table-wrap"><table><thead><tr><th>Control</th><th>Title</th><th>Status</th><th class="num" title="Rules that evidence this control">Rules</th>` +
        `<th class="num" title="Distinct resources the mapped rules were evaluated on">Resources</th><th class="num">Findings</th><th class="num">Exceptions</th><th>Details</th></tr></thead>` +
        `<tbody>${rows}</tbody></table></div><p class="empty meta">No control of this framework has the selected status.</p></section>`
      );
    })
    .join('');
  const files = summary.files
    .map((file) => `<li>${location(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, file)}</li>`)
    .join('');
  return (
    `<div class="meta" id="computed">Computed ${escapeHtml(formatTime(summary.computedAt))} by hipaa-iac ${escapeHtml(summary.rulesVersion)} ` +
    `(${summary.ruleCount} rules) over ${summary.files.length} file${summary.files.length === 1 ? '' : 's'}.</div>` +
    `<div class="share"><meter min="0" max="100" low="50" high="80" optimum="100" value="${percent}">${percent}%</meter>` +
    `<span><b id="share">${percent}%</b> of the ${summary.addressable} controls that infrastructure code can evidence are satisfied ` +
    `(${summary.counts.satisfied} satisfied, ${summary.counts.failing} failing).</span></div>` +
    `<div class="cards" role="group" aria-label="Filter by status">${cards}<button class="card all" data-filter="" aria-pressed="true"><b>${coverage.frameworks.reduce((n, f) => n + f.controls.length, 0)}</b><span>All controls</span></button></div>` +
    errors +
    frameworks +
    `<section class="files"><h2>Files scanned</h2><details data-key="files"${summary.files.length <= 30 ? ' open' : ''}><summary>${summary.files.length} file${summary.files.length === 1 ? '' : 's'}</summary>` +
    `<ul class="items">${files}</ul></details></section>`
  );
}

/** The body shown before the first report (or when computing it failed). */
export function renderPlaceholder(text: string): string {
  return `<p class="meta placeholder">${escapeHtml(text)}</p>`;
}

const STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); margin: 0; padding: 0 1.25rem 2rem; line-height: 1.45; }
header { position: sticky; top: 0; z-index: 2; background: var(--vscode-editor-background); display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem;
  padding: .75rem 0 .5rem; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
h1 { font-size: 1.35em; margin: 0; font-weight: 600; flex: 1 1 auto; }
h2 { font-size: 1.15em; margin: 1.75rem 0 .5rem; font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: .35rem; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent);
  border-radius: 2px; padding: .25rem .7rem; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:focus-visible, a:focus-visible, summary:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
button:disabled { opacity: .6; cursor: default; }
#status { min-height: 1.3em; margin: .35rem 0 0; }
#status.busy::before { content: "\\21BB  "; }
#status.error { color: var(--vscode-errorForeground); }
.meta { color: var(--vscode-descriptionForeground); }
h2 .meta { font-weight: normal; font-size: .85em; }
.share { display: flex; align-items: center; gap: .75rem; margin: .75rem 0; font-size: 1.05em; }
.share meter { width: 12rem; height: 1rem; }
.share b { font-size: 1.3em; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; }
.card { display: flex; flex-direction: column; align-items: flex-start; min-width: 8.5rem; text-align: left; color: var(--vscode-foreground);
  background: var(--vscode-editorWidget-background, transparent); border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; padding: .4rem .7rem; }
.card:hover { background: var(--vscode-list-hoverBackground); }
.card[aria-pressed="true"] { border-color: var(--vscode-focusBorder); background: var(--vscode-list-activeSelectionBackground, var(--vscode-list-hoverBackground));
  color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground)); }
.card b { font-size: 1.5em; line-height: 1.2; }
.warning { border-left: 3px solid var(--vscode-editorWarning-foreground, #bf8803); padding: .35rem .6rem; margin: .5rem 0;
  background: var(--vscode-inputValidation-warningBackground, transparent); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 52rem; }
th, td { border-bottom: 1px solid var(--vscode-panel-border, #8884); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
tr.control:hover { background: var(--vscode-list-hoverBackground); }
td.id { font-weight: 600; white-space: nowrap; font-family: var(--vscode-editor-font-family, monospace); font-size: .95em; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.details { min-width: 18rem; }
.status { font-weight: 600; white-space: nowrap; }
.s-satisfied { color: var(--vscode-testing-iconPassed, #388a34); }
.s-failing { color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground, #e51400)); }
.s-exception { color: var(--vscode-editorWarning-foreground, #bf8803); }
.s-not-evaluable { color: var(--vscode-charts-purple, #b180d7); }
.s-no-resources { color: var(--vscode-descriptionForeground); }
.s-not-addressable { color: var(--vscode-charts-blue, var(--vscode-textLink-foreground)); }
.badge { display: inline-block; font-size: .78em; padding: 0 .45em; border-radius: 1em; margin-left: .35em; vertical-align: 1px;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.badge.req-required { background: var(--vscode-statusBarItem-warningBackground, var(--vscode-badge-background)); color: var(--vscode-statusBarItem-warningForeground, var(--vscode-badge-foreground)); }
code { font-family: var(--vscode-editor-font-family, monospace); font-size: .92em; background: var(--vscode-textCodeBlock-background, transparent); padding: 0 .2em; border-radius: 2px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
ul.items { margin: .2rem 0 .2rem 1.1rem; padding: 0; }
ul.items li { margin: .15rem 0; }
.msg { color: var(--vscode-descriptionForeground); font-size: .92em; }
.sev { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; }
.sev-error { color: var(--vscode-errorForeground); } .sev-warning { color: var(--vscode-editorWarning-foreground); } .sev-note { color: var(--vscode-editorInfo-foreground); }
.res { font-family: var(--vscode-editor-font-family, monospace); font-size: .92em; }
.label { color: var(--vscode-descriptionForeground); }
.expired { color: var(--vscode-errorForeground); font-weight: 600; }
.evidence { margin-bottom: .2rem; }
details summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
details.list summary { color: var(--vscode-foreground); }
.empty { display: none; }
${COVERAGE_STATUSES.map((status) => `body[data-show="${status}"] tr.control:not([data-status="${status}"])`).join(',\n')} { display: none; }
${COVERAGE_STATUSES.map((status) => `body[data-show="${status}"] section.framework:not(:has(tr[data-status="${status}"])) .empty`).join(',\n')} { display: block; }
${COVERAGE_STATUSES.map((status) => `body[data-show="${status}"] section.framework:not(:has(tr[data-status="${status}"])) .table-wrap`).join(',\n')} { display: none; }
`;

// The page's script: delegates clicks to postMessage, keeps the status filter, the open/closed state of
// every <details> and the scroll position across refreshes (vscode.setState survives hiding the panel).
const SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const state = Object.assign({ filter: '', toggled: {}, scrollY: 0 }, vscode.getState() || {});
  const content = document.getElementById('content');
  const status = document.getElementById('status');
  const save = () => vscode.setState(state);
  function applyFilter() {
    document.body.dataset.show = state.filter;
    for (const card of document.querySelectorAll('button.card[data-filter]')) card.setAttribute('aria-pressed', String(card.dataset.filter === state.filter));
  }
  function applyToggles() {
    for (const details of content.querySelectorAll('details[data-key]')) {
      const open = state.toggled[details.dataset.key];
      if (open !== undefined) details.open = open;
    }
  }
  document.addEventListener('toggle', (event) => {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.dataset.key) { state.toggled[details.dataset.key] = details.open; save(); }
  }, true);
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const link = target && target.closest('a.loc');
    if (link) {
      event.preventDefault();
      const n = (link.dataset.range || '0,0,0,0').split(',').map(Number);
      vscode.postMessage({ type: 'open', file: link.dataset.file, range: { start: { line: n[0], character: n[1] }, end: { line: n[2], character: n[3] } } });
      return;
    }
    const card = target && target.closest('button.card[data-filter]');
    if (card) {
      state.filter = state.filter === card.dataset.filter ? '' : card.dataset.filter;
      applyFilter(); save();
      return;
    }
    const button = target && target.closest('button[data-action]');
    if (!button) return;
    if (button.dataset.action === 'refresh') vscode.postMessage({ type: 'refresh' });
    else if (button.dataset.action === 'export') vscode.postMessage({ type: 'export', format: button.dataset.format });
  });
  let scrollTimer;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => { state.scrollY = window.scrollY; save(); }, 150);
  });
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'update' && typeof message.html === 'string') {
      const y = window.scrollY;
      content.innerHTML = message.html;
      applyToggles(); applyFilter();
      window.scrollTo(0, y);
      document.body.dataset.ready = 'true';
    } else if (message.type === 'status') {
      status.textContent = message.text || '';
      status.className = 'meta' + (message.busy ? ' busy' : '') + (message.error ? ' error' : '');
      document.body.dataset.busy = String(!!message.busy);
      for (const b of document.querySelectorAll('button[data-action]')) b.disabled = !!message.busy;
    }
  });
  applyToggles(); applyFilter();
  if (content.querySelector('#computed')) document.body.dataset.ready = 'true';
  if (state.scrollY) window.scrollTo(0, state.scrollY);
  vscode.postMessage({ type: 'ready' });
})();
`;

/** The whole page: toolbar, status line and `body` (see renderCoverageBody / renderPlaceholder). */
export function renderCoveragePage(body: string, nonce: string, status: { text: string; busy: boolean; error?: boolean } = { text: '', busy: false }): string {
  const exports = (Object.keys(EXPORT_FORMATS) as CoverageFormat[])
    .map((format) => `<button class="secondary" data-action="export" data-format="${format}" title="Save the report as ${EXPORT_FORMATS[format].label}">Export ${EXPORT_FORMATS[format].label}</button>`)
    .join('');
  const statusClass = `meta${status.busy ? ' busy' : ''}${status.error ? ' error' : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(pageCsp(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HIPAA / ISO 27017 controls coverage</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body data-show="" data-busy="${status.busy}">
<header>
<h1>HIPAA / ISO 27017 controls coverage</h1>
<div class="actions"><button data-action="refresh" title="Compute the report again"${status.busy ? ' disabled' : ''}>Refresh</button>${exports}</div>
</header>
<div id="status" class="${statusClass}" role="status" aria-live="polite">${escapeHtml(status.text)}</div>
<main id="content">${body}</main>
<script nonce="${escapeHtml(nonce)}">${SCRIPT}</script>
</body>
</html>
`;
}
