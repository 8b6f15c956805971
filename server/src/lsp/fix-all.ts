// "Fix all": every SAFE fix of one file, applied one at a time on a scratch copy of its unit with a re-lint
// in between (a fix may move or remove other findings), bounded. The result is the file's new text, which
// the code action returns as one edit (the changed region).

import type { Finding } from '../engine/finding';
import { Project, unitOf } from '../engine/project';
import type { RuleIndex } from '../engine/runner';
import { applyEdits, fixEditsForFinding, FixError } from '../fixes/index';

/** More rounds than a file has safe fixes in practice; a fix that leaves its finding cannot loop forever. */
export const MAX_FIX_ALL_ROUNDS = 100;

export interface FixAllOptions {
  /** Which findings to fix (e.g. only rules whose diagnostics are shown); all safe ones by default. */
  accept?: (finding: Finding) => boolean;
  /** Checks an intermediate text; a fix whose result fails is skipped (HCL: HashiCorp's parser). */
  validate?: (text: string) => Promise<boolean>;
  maxRounds?: number;
  now?: () => Date;
}

export interface FixAllResult {
  text: string;
  /** The fixes applied, in order. */
  applied: { ruleId: string; resource: string; title: string }[];
}

/** True for a finding "fix all" may fix: shown (not suppressed) with a safe fix. */
export function isSafelyFixable(finding: Finding): boolean {
  return !finding.suppression && finding.fix?.safe === true;
}

/** Applies the safe fixes of `file` (its text and its unit's other files taken from `project`). */
export async function fixAllText(project: Project, rules: RuleIndex, file: string, options: FixAllOptions = {}): Promise<FixAllResult> {
  const original = project.getText(file) ?? '';
  const scratch = new Project(rules, options.now ? { now: options.now } : {});
  const unit = unitOf(file);
  for (const path of project.filesOf(unit)) scratch.setFile(path, project.getText(path) ?? '');
  const accept = options.accept ?? (() => true);
  const skipped = new Set<string>();
  const applied: FixAllResult['applied'] = [];
  let text = original;
  const maxRounds = options.maxRounds ?? MAX_FIX_ALL_ROUNDS;
  for (let round = 0; round < maxRounds; round++) {
    const next = scratch
      .lintUnit(unit)
      .findings.filter((finding) => finding.file === file && isSafelyFixable(finding) && accept(finding) && !skipped.has(identity(finding)))
      .sort((a, b) => a.range.start.offset - b.range.start.offset)[0];
    if (!next) break;
    let fixed: string | undefined;
    try {
      const result = fixEditsForFinding(scratch, next);
      // Fix-all edits this file only: a fix of a companion written in another file is left to its light bulb.
      if (result && result.file === file && result.edits.length > 0) fixed = applyEdits(text, result.edits);
    } catch (error) {
      if (!(error instanceof FixError)) throw error;
    }
    if (fixed === undefined || (options.validate && !(await options.validate(fixed)))) {
      skipped.add(identity(next));
      continue;
    }
    text = fixed;
    scratch.setFile(file, text);
    applied.push({ ruleId: next.ruleId, resource: next.resource, title: next.fix!.title });
  }
  return { text, applied };
}

function identity(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.resource}\u0000${finding.fix?.title ?? ''}`;
}

/** The one edit that turns `before` into `after`: the changed region (offsets), or undefined when equal. */
export function changedRegion(before: string, after: string): { start: number; end: number; newText: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++;
    endAfter++;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
