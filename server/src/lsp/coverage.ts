// The controls coverage report in the language server (request `hipaaIac/coverage`): computed over every
// unit of the service's Project (files on disk and open buffers, the buffers winning), with the same
// engine and renderers as the CLI's `coverage` command. The scan yields to the event loop between units so
// the server keeps answering (diagnostics, other requests), honours cancellation between units and reports
// work done progress. The project reuses each unit's lint while its texts are the same, so refreshing an
// open report after an edit re-lints only the module that changed.

import { LSPErrorCodes, ResponseError, ErrorCodes, type CancellationToken, type WorkDoneProgressReporter, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { Rule } from '../../../rules/api';
import { computeCoverage } from '../engine/coverage';
import type { Evaluation, Finding } from '../engine/finding';
import { formatCoverageHtml } from '../engine/format/coverage-html';
import { formatCoverageJson } from '../engine/format/coverage-json';
import { formatCoverageMarkdown } from '../engine/format/coverage-markdown';
import type { FileError, Project } from '../engine/project';
import { sortFindings, type ScanReport } from '../engine/report';
import { COVERAGE_FORMATS, type Coverage, type CoverageFormat, type CoverageParams, type CoverageResult, type TruncatedControl } from './coverage-protocol';
import { NODE_TIMERS, type Timers } from './debouncer';
import { isPathKey, isUnder, keyToUri, relativeKey } from './uri';

/** What the coverage report reads from the language service (LintService implements it). */
export interface CoverageSource {
  readonly project: Project;
  /** True while workspace folders are being read from disk: the report waits for a complete index. */
  readonly indexing: boolean;
  /** The workspace folders on disk (URI and path key). */
  workspaceFolders(): readonly { uri: string; key: string }[];
  /** Whether a file is reported on under its settings (`hipaaIac.enable`, `hipaaIac.exclude`). */
  isReported(key: string): Promise<boolean>;
}

/** How the provider is set up. */
export interface CoverageOptions {
  /** Sends `hipaaIac/coverageChanged`. */
  notifyChanged: () => void;
  /** Quiet period after the last change before the notification (default 400 ms). */
  changeDebounceMs?: number;
  timers?: Timers;
  /** How the scan waits for a turn of the event loop between units (tests may replace it). */
  yieldTurn?: () => Promise<void>;
  /** How long to wait between two looks at whether indexing has finished (default 25 ms). */
  indexPollMs?: number;
}

/** The scan was cancelled. */
export class CoverageCancelledError extends Error {
  constructor() {
    super('coverage computation cancelled');
  }
}

/** Something that says whether to stop. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** Where the scan reports its progress (an LSP WorkDoneProgressReporter fits). */
export type CoverageProgress = Pick<WorkDoneProgressReporter, 'begin' | 'report' | 'done'>;

const NO_PROGRESS: CoverageProgress = { begin: () => undefined, report: () => undefined, done: () => undefined };

const DEFAULT_CHANGE_DEBOUNCE_MS = 400;

/** The display path of a key: relative to its workspace folder (named when there are several folders). */
export function displayPath(key: string, folders: readonly { key: string }[]): string {
  let best: { key: string } | undefined;
  for (const folder of folders) if (isUnder(key, folder.key) && key !== folder.key && (!best || folder.key.length > best.key.length)) best = folder;
  if (!best) return key;
  const relative = relativeKey(key, best.key);
  if (folders.length < 2) return relative;
  const name = best.key.replace(/\/+$/, '').split('/').pop() || best.key;
  return `${name}/${relative}`;
}

/** The URI of the document a key stands for (see uri.ts uriToKey: an untitled Terraform buffer gets a `/untitled.tf` suffix). */
export function documentUriOfKey(key: string): string {
  if (isPathKey(key)) return keyToUri(key);
  return key.startsWith('untitled:') && key.endsWith('/untitled.tf') ? key.slice(0, -'/untitled.tf'.length) : key;
}

/** Renders coverage in one of the CLI's formats. */
export function renderCoverage(result: Coverage, format: CoverageFormat): string {
  return format === 'json' ? formatCoverageJson(result) : format === 'html' ? formatCoverageHtml(result) : formatCoverageMarkdown(result);
}

/** Keeps at most `max` findings and exceptions per control; lists the controls that were cut. */
export function limitFindings(coverage: Coverage, max: number): { coverage: Coverage; truncated: TruncatedControl[] } {
  const truncated: TruncatedControl[] = [];
  const frameworks = coverage.frameworks.map((framework) => ({
    ...framework,
    controls: framework.controls.map((control) => {
      if (control.findings.length <= max && control.exceptions.length <= max) return control;
      truncated.push({ framework: framework.id, control: control.id, findings: control.findings.length, exceptions: control.exceptions.length });
      return { ...control, findings: control.findings.slice(0, max), exceptions: control.exceptions.slice(0, max) };
    }),
  }));
  return { coverage: { ...coverage, frameworks }, truncated };
}

/** Computes coverage reports and tells an interested client when they go stale. */
export class CoverageProvider {
  private readonly timers: Timers;
  private readonly yieldTurn: () => Promise<void>;
  private changeHandle: unknown;
  /** A client asked for coverage at least once: it is told when the report goes stale. */
  private interested = false;
  private disposed = false;

  constructor(
    private readonly source: CoverageSource,
    private readonly rules: readonly Rule[],
    private readonly options: CoverageOptions,
  ) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.yieldTurn = options.yieldTurn ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  }

  /** A unit's files or settings changed and it was linted again (ServiceHost.unitChanged). */
  unitChanged(): void {
    if (!this.interested || this.disposed) return;
    if (this.changeHandle !== undefined) this.timers.clear(this.changeHandle);
    this.changeHandle = this.timers.set(() => {
      this.changeHandle = undefined;
      if (!this.disposed) this.options.notifyChanged();
    }, this.options.changeDebounceMs ?? DEFAULT_CHANGE_DEBOUNCE_MS);
  }

  /** Computes the report over every unit, yielding between units; throws CoverageCancelledError when cancelled. */
  async compute(params: CoverageParams, cancellation: Cancellation, progress: CoverageProgress = NO_PROGRESS): Promise<CoverageResult> {
    this.interested = true;
    const check = () => {
      if (cancellation.isCancellationRequested || this.disposed) throw new CoverageCancelledError();
    };
    progress.begin('HIPAA IaC: controls coverage', 0, 'Reading the workspace', true);
    try {
      // A report over half an index would be wrong: wait until the folders have been read.
      while (this.source.indexing) {
        check();
        await new Promise<void>((resolve) => this.timers.set(resolve, this.options.indexPollMs ?? 25));
      }
      const project = this.source.project;
      const units = project.unitNames();
      const report: ScanReport = { findings: [], evaluations: [], errors: [], internalErrors: [], skipped: [], files: [] };
      const reportedKeys = new Set<string>();
      const filesWithErrors = new Set<string>();
      let lastPercent = -1;
      for (let index = 0; index < units.length; index++) {
        check();
        const unit = units[index];
        const result = project.lintUnit(unit);
        if (result.linted) {
          const included = new Set<string>();
          for (const file of result.files) if (await this.source.isReported(file)) included.add(file);
          check();
          for (const file of included) reportedKeys.add(file);
          const keep = (item: { file: string }) => included.has(item.file);
          report.findings.push(...result.findings.filter(keep));
          report.evaluations.push(...result.evaluations.filter(keep));
          report.errors.push(...result.errors.filter(keep));
          for (const error of result.errors) if (included.has(error.file) && error.severity === 'error') filesWithErrors.add(error.file);
        }
        const percent = Math.floor(((index + 1) * 100) / units.length);
        if (percent !== lastPercent) {
          lastPercent = percent;
          progress.report(percent, `${index + 1}/${units.length} modules and templates`);
        }
        await this.yieldTurn();
      }
      check();

      const folders = this.source.workspaceFolders();
      const fileUris: Record<string, string> = {};
      const display = (key: string): string => {
        const shown = displayPath(key, folders);
        fileUris[shown] = documentUriOfKey(key);
        return shown;
      };
      const withDisplay = <T extends { file: string }>(item: T): T => ({ ...item, file: display(item.file) });
      const shownReport: ScanReport = {
        ...report,
        findings: sortFindings(report.findings.map((finding: Finding) => withDisplay(finding))),
        evaluations: report.evaluations.map((evaluation: Evaluation) => withDisplay(evaluation)),
        errors: report.errors.map((error: FileError) => withDisplay(error)),
        files: [...reportedKeys].map(display).sort(),
      };
      const coverage = computeCoverage(shownReport, this.rules);
      const limited = params.maxFindingsPerControl === undefined ? { coverage, truncated: [] } : limitFindings(coverage, params.maxFindingsPerControl);
      const result: CoverageResult = { ...limited, fileUris, filesWithErrors: [...filesWithErrors].map(display).sort() };
      if (params.format) result.text = renderCoverage(coverage, params.format);
      return result;
    } finally {
      progress.done();
    }
  }

  /** Stops notifying; a running scan stops at its next unit. */
  dispose(): void {
    this.disposed = true;
    if (this.changeHandle !== undefined) this.timers.clear(this.changeHandle);
    this.changeHandle = undefined;
  }
}

/** The part of the LSP connection the request handler uses. */
export interface CoverageConnection {
  window: {
    attachWorkDoneProgress(token: string | number | undefined): WorkDoneProgressReporter;
    createWorkDoneProgress(): Promise<WorkDoneProgressServerReporter>;
  };
}

/** Validates the request parameters (anything else is an InvalidParams error). */
export function parseCoverageParams(raw: unknown): CoverageParams {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ResponseError(ErrorCodes.InvalidParams, 'hipaaIac/coverage takes an object');
  const { format, workDoneToken, maxFindingsPerControl: max } = raw as { format?: unknown; workDoneToken?: unknown; maxFindingsPerControl?: unknown };
  const params: CoverageParams = {};
  if (format !== undefined && format !== null) {
    if (typeof format !== 'string' || !(COVERAGE_FORMATS as readonly string[]).includes(format)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `format must be one of ${COVERAGE_FORMATS.join(', ')}`);
    }
    params.format = format as CoverageFormat;
  }
  if (max !== undefined && max !== null) {
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) throw new ResponseError(ErrorCodes.InvalidParams, 'maxFindingsPerControl must be a whole number >= 0');
    params.maxFindingsPerControl = max;
  }
  if (typeof workDoneToken === 'string' || typeof workDoneToken === 'number') params.workDoneToken = workDoneToken;
  return params;
}

/**
 * Answers `hipaaIac/coverage`: progress goes to the client's token, or to one the server creates when the
 * client supports server-initiated progress (its cancel button cancels too); a cancelled request ends with
 * the LSP RequestCancelled error.
 */
export async function handleCoverageRequest(
  connection: CoverageConnection,
  provider: CoverageProvider | undefined,
  raw: unknown,
  token: CancellationToken,
): Promise<CoverageResult> {
  if (!provider) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized');
  const params = parseCoverageParams(raw);
  let progress: CoverageProgress;
  let progressToken: Cancellation | undefined;
  if (params.workDoneToken !== undefined) {
    progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  } else {
    const created = await connection.window.createWorkDoneProgress();
    progress = created;
    progressToken = created.token;
  }
  const cancellation: Cancellation = {
    get isCancellationRequested() {
      return token.isCancellationRequested || progressToken?.isCancellationRequested === true;
    },
  };
  try {
    return await provider.compute(params, cancellation, progress);
  } catch (error) {
    if (error instanceof CoverageCancelledError) throw new ResponseError(LSPErrorCodes.RequestCancelled, error.message);
    throw error;
  }
}
