// What the language status item says, as a pure function of the state (no `vscode` import, so it is
// unit tested with the server's helpers).

/** The state the status item reflects. */
export interface StatusInput {
  client: 'starting' | 'running' | 'stopped';
  /** The server is reading the workspace from disk. */
  indexing: boolean;
  /** IaC files the server knows. */
  files: number;
  /** The active file was edited and its diagnostics have not arrived yet. */
  linting: boolean;
  /** Findings and syntax errors of the active file. */
  findings: number;
  syntaxErrors: number;
  /** The last internal error of a rule, if any. */
  internalError?: string;
}

/** What the item shows. */
export interface StatusView {
  text: string;
  detail: string;
  busy: boolean;
  severity: 'information' | 'warning' | 'error';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Chooses the text of the status item. */
export function describeStatus(input: StatusInput): StatusView {
  if (input.client === 'stopped') {
    return { text: '$(error) HIPAA IaC: stopped', detail: 'The language server is not running; click for its output', busy: false, severity: 'error' };
  }
  if (input.client === 'starting') {
    return { text: 'HIPAA IaC: starting', detail: 'Starting the language server', busy: true, severity: 'information' };
  }
  const problems = input.internalError ? ` Internal error: ${input.internalError}` : '';
  const severity = input.internalError ? 'warning' : 'information';
  if (input.linting) return { text: 'HIPAA IaC: linting', detail: `Checking this file.${problems}`, busy: true, severity };
  const parts: string[] = [];
  parts.push(input.findings === 0 ? 'no findings' : plural(input.findings, 'finding'));
  if (input.syntaxErrors > 0) parts.push(plural(input.syntaxErrors, 'syntax error'));
  const summary = parts.join(', ');
  const text = `${input.findings === 0 && input.syntaxErrors === 0 ? '$(pass)' : '$(shield)'} HIPAA IaC: ${summary}`;
  const indexing = input.indexing ? ` Indexing the workspace (${plural(input.files, 'file')} so far).` : ` ${plural(input.files, 'IaC file')} in the workspace.`;
  return { text, detail: `In this file: ${summary}.${indexing}${problems}`, busy: input.indexing, severity };
}
