// What the server tells the client about its own state: the `hipaaIac/status` notification (indexing or
// not, how many IaC files are known, the last internal error) and, once per rule, a warning to the user
// when a rule failed with an internal error (the other rules still ran).

import type { Project, UnitLintResult } from '../engine/project';

/** What the server tells the client about its work (notification `hipaaIac/status`). */
export interface ServerStatus {
  /** True while workspace folders are being read from disk. */
  indexing: boolean;
  /** IaC files known (open or on disk). */
  files: number;
  /** Set when a rule failed (the last internal error). */
  internalError?: string;
}

/** Where status and internal errors go (the service's host). */
export interface StatusHost {
  /** Writes an error to the server log. */
  error(message: string): void;
  /** Shows a message to the user. */
  showWarning(message: string): void;
  /** Reports progress and state (optional). */
  status?(status: ServerStatus): void;
}

/** Sends the server status and reports each failing rule once. */
export class StatusReporter {
  private readonly reportedInternalErrors = new Set<string>();

  constructor(
    private readonly host: StatusHost,
    private readonly project: Project,
    private readonly disk: { readonly indexing: boolean },
  ) {}

  /** Sends the current status (with the internal error just met, if any). */
  report(internalError?: string): void {
    if (!this.host.status) return;
    let files = 0;
    for (const unit of this.project.unitNames()) files += this.project.filesOf(unit).length;
    const status: ServerStatus = { indexing: this.disk.indexing, files };
    if (internalError) status.internalError = internalError;
    this.host.status(status);
  }

  /** Logs and shows the internal errors of a lint, once per rule. */
  internalErrors(result: UnitLintResult): void {
    for (const error of result.internalErrors) {
      if (this.reportedInternalErrors.has(error.ruleId)) continue;
      this.reportedInternalErrors.add(error.ruleId);
      this.host.error(`internal error in rule ${error.ruleId}: ${error.message} (the other rules still ran)`);
      this.host.showWarning(
        `HIPAA IaC Lint: rule ${error.ruleId} failed with an internal error and was skipped; the other rules still ran. See the output for details.`,
      );
      this.report(`${error.ruleId}: ${error.message}`);
    }
  }
}
