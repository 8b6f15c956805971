// The `hipaaIac` settings as the server uses them: read per resource with workspace/configuration,
// validated here (a bad value falls back to its default, never an exception), and applied to findings
// as a filter (disabled rules, severity overrides).

import type { Severity } from '../../../rules/api';

/** A per-rule severity override; `off` disables the rule like `rules.disabled`. */
export type SeverityOverride = Severity | 'off';

/** The settings of one resource (file or folder). */
export interface Settings {
  /** Lint at all. */
  enable: boolean;
  /** Rule ids that never report. */
  disabledRules: ReadonlySet<string>;
  /** Rule id -> severity (or off). */
  severity: Readonly<Record<string, SeverityOverride>>;
  /** Glob patterns, relative to the workspace folder, of files never reported on. */
  exclude: readonly string[];
  /** Publish diagnostics for every file of every module, not only the open ones. */
  workspaceWide: boolean;
  /** Also show a finding of synthesised CDK output on the line of the CDK app that creates the construct. */
  showInSource: boolean;
}

/** The settings when the user has set nothing. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({
  enable: true,
  disabledRules: new Set<string>(),
  severity: {},
  exclude: [],
  workspaceWide: false,
  showInSource: true,
});

const OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'note', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Reads `a.b.c` from a nested object, or from a flat key `"a.b.c"` / `"a.b": {c}` (some clients send
// settings exactly as written in a JSON settings file).
function lookup(root: Record<string, unknown>, path: string): unknown {
  if (path in root) return root[path];
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    const value = root[head];
    if (isRecord(value)) {
      const found = lookup(value, parts.slice(i).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/**
 * Validates the `hipaaIac` section as a client returned it (null, undefined, partial or wrong values are
 * fine). A whole settings tree `{hipaaIac: {...}}` is accepted too.
 */
export function normalizeSettings(raw: unknown): Settings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const root = isRecord(raw.hipaaIac) && Object.keys(raw).length === 1 ? raw.hipaaIac : raw;
  const enable = lookup(root, 'enable');
  const workspaceWide = lookup(root, 'diagnostics.workspaceWide');
  const showInSource = lookup(root, 'cdk.showInSource');
  const severityRaw = lookup(root, 'rules.severity');
  const severity: Record<string, SeverityOverride> = {};
  if (isRecord(severityRaw)) {
    for (const [ruleId, level] of Object.entries(severityRaw)) {
      if (typeof level === 'string' && (OVERRIDES as readonly string[]).includes(level)) severity[ruleId] = level as SeverityOverride;
    }
  }
  return {
    enable: typeof enable === 'boolean' ? enable : DEFAULT_SETTINGS.enable,
    disabledRules: new Set(stringList(lookup(root, 'rules.disabled'))),
    severity,
    exclude: stringList(lookup(root, 'exclude')),
    workspaceWide: typeof workspaceWide === 'boolean' ? workspaceWide : DEFAULT_SETTINGS.workspaceWide,
    showInSource: typeof showInSource === 'boolean' ? showInSource : DEFAULT_SETTINGS.showInSource,
  };
}

/** The severity a rule's finding is shown with under `settings`, or undefined when it is not shown. */
export function effectiveSeverity(ruleId: string, ruleSeverity: Severity, settings: Settings): Severity | undefined {
  if (settings.disabledRules.has(ruleId)) return undefined;
  const override = settings.severity[ruleId];
  if (override === 'off') return undefined;
  return override ?? ruleSeverity;
}
