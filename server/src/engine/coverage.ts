// The controls coverage report: for every HIPAA Security Rule safeguard and every ISO/IEC 27017
// control, what the workspace's infrastructure code shows, computed from the rules' outcomes.

import type { Rule } from '../../../rules/api';
import { HIPAA_CONTROLS, ISO27017_CONTROLS } from '../../../rules/controls/catalog';
import { DEFAULT_EVIDENCE, EVIDENCE_OUTSIDE_IAC } from '../../../rules/controls/evidence';
import type { Range } from '../parse/range';
import type { Evaluation, Finding } from './finding';
import type { ScanReport } from './report';
import { TOOL_VERSION } from '../version';

/** Exactly one status per control. */
export type ControlStatus = 'satisfied' | 'failing' | 'exception' | 'not-evaluable' | 'no-resources' | 'not-addressable';

/** How each status is named in reports. */
export const STATUS_LABELS: Readonly<Record<ControlStatus, string>> = {
  satisfied: 'Satisfied',
  failing: 'Failing',
  exception: 'Exception',
  'not-evaluable': 'Not evaluable',
  'no-resources': 'No resources',
  'not-addressable': 'Not addressable by IaC',
};

/** Every status, in the order the report lists them. */
export const CONTROL_STATUSES: readonly ControlStatus[] = ['failing', 'exception', 'not-evaluable', 'no-resources', 'satisfied', 'not-addressable'];

/** One finding as the report shows it (drill-down target). */
export interface CoverageFinding {
  ruleId: string;
  resource: string;
  file: string;
  range: Range;
  message: string;
  severity: string;
}

/** One documented exception (a suppressed finding). */
export interface CoverageException extends CoverageFinding {
  reason: string | null;
  owner: string | null;
  expires: string | null;
}

/** The coverage of one control. */
export interface ControlCoverage {
  id: string;
  title: string;
  /** HIPAA only: required, addressable or standard. */
  requirement?: string;
  status: ControlStatus;
  /** The rules that evidence this control. */
  rules: string[];
  /** Distinct resources the mapped rules were evaluated on. */
  resources: number;
  /** Active (unsuppressed) findings. */
  findings: CoverageFinding[];
  exceptions: CoverageException[];
  /** Resources on which a mapped rule could not decide. */
  notEvaluable: number;
  /** For not-addressable controls: what evidence is needed instead of code. */
  evidenceNeeded?: string;
}

/** One framework's controls. */
export interface FrameworkCoverage {
  id: 'hipaa' | 'iso27017';
  title: string;
  controls: ControlCoverage[];
}

/** The whole report. */
export interface Coverage {
  frameworks: FrameworkCoverage[];
  summary: {
    counts: Record<ControlStatus, number>;
    /** Controls IaC can evidence (everything but not-addressable). */
    addressable: number;
    /** Share of the addressable controls that are satisfied, 0..1. */
    satisfiedShare: number;
    computedAt: string;
    rulesVersion: string;
    ruleCount: number;
    files: string[];
  };
}

function toCoverageFinding(finding: Finding): CoverageFinding {
  return { ruleId: finding.ruleId, resource: finding.resource, file: finding.file, range: finding.range, message: finding.message, severity: finding.severity };
}

function controlCoverage(
  id: string,
  aliases: readonly string[],
  rules: readonly Rule[],
  cite: (rule: Rule) => readonly string[],
  evaluations: Evaluation[],
  findings: Finding[],
  iacEvidence: 'yes' | 'partly' | 'no',
): Omit<ControlCoverage, 'id' | 'title' | 'requirement'> {
  const ids = new Set([id, ...aliases]);
  const mapped = rules.filter((rule) => cite(rule).some((cited) => ids.has(cited))).map((rule) => rule.id);
  const mappedSet = new Set(mapped);
  const relevant = evaluations.filter((evaluation) => mappedSet.has(evaluation.ruleId));
  const relevantFindings = findings.filter((finding) => mappedSet.has(finding.ruleId));
  const active = relevantFindings.filter((finding) => !finding.suppression).map(toCoverageFinding);
  const exceptions = relevantFindings
    .filter((finding) => finding.suppression)
    .map((finding) => ({
      ...toCoverageFinding(finding),
      reason: finding.suppression?.reason ?? null,
      owner: finding.suppression?.owner ?? null,
      expires: finding.suppression?.expires ?? null,
    }));
  const resources = new Set(relevant.map((evaluation) => `${evaluation.file}\u0000${evaluation.resource}`)).size;
  const notEvaluable = new Set(relevant.filter((evaluation) => evaluation.outcome === 'not-evaluable').map((evaluation) => `${evaluation.file}\u0000${evaluation.resource}`)).size;
  const base = { rules: mapped, resources, findings: active, exceptions, notEvaluable };
  // The catalogue rates some safeguards as not evidenced by configuration at all, whatever AWS maps to them.
  if (iacEvidence === 'no' || mapped.length === 0) {
    return { ...base, status: 'not-addressable', evidenceNeeded: EVIDENCE_OUTSIDE_IAC[id] ?? DEFAULT_EVIDENCE };
  }
  if (relevant.length === 0) return { ...base, status: 'no-resources' };
  if (active.length > 0) return { ...base, status: 'failing' };
  if (exceptions.length > 0) return { ...base, status: 'exception' };
  if (relevant.every((evaluation) => evaluation.outcome === 'pass')) return { ...base, status: 'satisfied' };
  return { ...base, status: 'not-evaluable' };
}

/** Computes the coverage of every control from a scan and the rule set that produced it. */
export function computeCoverage(report: ScanReport, rules: readonly Rule[], now = new Date()): Coverage {
  const hipaa: ControlCoverage[] = HIPAA_CONTROLS.map((control) => ({
    id: control.id,
    title: control.title,
    requirement: control.requirement,
    ...controlCoverage(control.id, control.aliases, rules, (rule) => rule.hipaa, report.evaluations, report.findings, control.iacEvidence),
  }));
  const citedIso = new Set(rules.flatMap((rule) => rule.iso27017 as readonly string[]));
  // Every cloud-specific (CLD) control is listed; 27002 controls only where a rule maps to them.
  const iso: ControlCoverage[] = ISO27017_CONTROLS.filter((control) => control.cloudSpecific || citedIso.has(control.id)).map((control) => ({
    id: control.id,
    title: control.title,
    ...controlCoverage(control.id, [], rules, (rule) => rule.iso27017, report.evaluations, report.findings, 'partly'),
  }));
  const all = [...hipaa, ...iso];
  const counts = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, all.filter((control) => control.status === status).length])) as Record<ControlStatus, number>;
  const addressable = all.length - counts['not-addressable'];
  return {
    frameworks: [
      { id: 'hipaa', title: 'HIPAA Security Rule (45 CFR Part 164, Subpart C)', controls: hipaa },
      { id: 'iso27017', title: 'ISO/IEC 27017:2015 (with ISO/IEC 27002:2013 controls)', controls: iso },
    ],
    summary: {
      counts,
      addressable,
      satisfiedShare: addressable === 0 ? 0 : counts.satisfied / addressable,
      computedAt: now.toISOString(),
      rulesVersion: TOOL_VERSION,
      ruleCount: rules.length,
      files: report.files,
    },
  };
}
