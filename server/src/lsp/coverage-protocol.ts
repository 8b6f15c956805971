// The controls coverage report over LSP: the custom request and notification the server offers and the
// VS Code client's report panel uses. Types and names only (no imports with values), so the client can
// share them without bundling any of the server.

import type { Coverage, ControlStatus } from '../engine/coverage';

export type { Coverage, ControlCoverage, ControlStatus, CoverageException, CoverageFinding, FrameworkCoverage } from '../engine/coverage';

/** Request `hipaaIac/coverage`: computes the coverage of every control over every IaC file the server knows. */
export const COVERAGE_REQUEST = 'hipaaIac/coverage';

/**
 * Notification `hipaaIac/coverageChanged` (server to client, no params): files or settings changed since
 * the last coverage request, so a report on screen is out of date. Sent (debounced) only to a client that
 * has asked for coverage at least once.
 */
export const COVERAGE_CHANGED_NOTIFICATION = 'hipaaIac/coverageChanged';

/** The rendered formats, as the CLI's `coverage --format` names them. */
export type CoverageFormat = 'json' | 'md' | 'html';

/** Every format, for validation. */
export const COVERAGE_FORMATS: readonly CoverageFormat[] = ['json', 'md', 'html'];

/** The statuses in the order the report lists them (the engine's CONTROL_STATUSES). */
export const COVERAGE_STATUSES: readonly ControlStatus[] = ['failing', 'exception', 'not-evaluable', 'no-resources', 'satisfied', 'not-addressable'];

/** Parameters of `hipaaIac/coverage`. */
export interface CoverageParams {
  /** Also render the report in this format (same renderers as the CLI) into `text`. */
  format?: CoverageFormat;
  /**
   * Keep at most this many findings and exceptions per control in `coverage` (a large workspace has
   * thousands, each listed under every control it bears on); `truncated` gives the true counts. `text` is
   * always rendered from the complete report.
   */
  maxFindingsPerControl?: number;
  /** A client-chosen token for `$/progress` (work done progress); without one the server creates one if the client supports it. */
  workDoneToken?: string | number;
}

/** The answer of `hipaaIac/coverage`. */
export interface CoverageResult {
  /**
   * The report. File paths are display paths: relative to the workspace folder (prefixed with the folder's
   * name when there are several folders), absolute or a URI for files outside every folder.
   */
  coverage: Coverage;
  /** Display path -> document URI, for the drill-down to a finding. */
  fileUris: Record<string, string>;
  /** Files with syntax errors (their findings may be incomplete). */
  filesWithErrors: string[];
  /** The controls whose lists were cut to `maxFindingsPerControl`, with their complete counts. */
  truncated: TruncatedControl[];
  /** The report rendered in `params.format`, when asked for. */
  text?: string;
}

/** A control whose findings or exceptions were cut in the answer. */
export interface TruncatedControl {
  framework: string;
  control: string;
  findings: number;
  exceptions: number;
}
