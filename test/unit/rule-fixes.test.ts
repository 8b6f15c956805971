// Every rule's quick fixes, end to end on its own fixtures. For each fixture (<id>.tf, <id>.cfn.yaml,
// <id>.cfn.json and their variants) whose findings carry a fix: lint, apply the fix of the first finding
// (in file order) that has one, lint again, until no finding with a fix is left. Then the result must:
// - equal the committed `<id>.fixed.tf` / `.fixed.cfn.yaml` / `.fixed.cfn.json` byte for byte
//   (UPDATE_FIXED=1 writes them instead: review the diff before committing);
// - parse: Terraform under HashiCorp's parser (@cdktf/hcl2json) and ours, YAML and JSON without errors;
// - have lost every finding that had a fix, and gained no finding on any other (rule, resource);
// - stay unchanged when each applied fix is applied again.
//
// The metadata check that a rule declaring a fix has a fixed fixture per format (and a rule declaring
// none has none) is `checkFixedFixtures` below; it runs for every rule.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { test } from 'node:test';
import { parse as parseWithHashiCorp } from '@cdktf/hcl2json';
import type { Rule } from '../../rules/api';
import { ALL_RULES, RULE_FILES } from '../../rules/index';
import type { Finding } from '../../server/src/engine/finding';
import { Project, type UnitLintResult } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';
import { applyEdits, buildEdits, fixEditsForFinding, fixTargetOf, formatOf, moduleContext } from '../../server/src/fixes/index';
import { parseJson } from '../../server/src/parse/cfn/json';
import { parseYaml } from '../../server/src/parse/cfn/yaml';
import { parseHcl } from '../../server/src/parse/hcl/parser';

const UPDATE = process.env.UPDATE_FIXED === '1';
/** More rounds than any fixture has fixable findings: a fix that does not remove its finding loops. */
const MAX_ROUNDS = 200;
const FORMATS = ['.tf', '.cfn.yaml', '.cfn.json'] as const;

/** The fixtures of a rule (primary and variants), without the fixed outputs. */
function fixturesOf(rule: Rule): { path: string; primary: boolean }[] {
  const source = RULE_FILES[rule.id];
  const dir = dirname(source);
  const id = basename(source, '.ts');
  const out: { path: string; primary: boolean }[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.startsWith(`${id}.`) || name.includes('.fixed.')) continue;
    const rest = name.slice(id.length);
    if (/^(\.[a-z0-9-]+)?\.(tf|cfn\.yaml|cfn\.json)$/.test(rest)) out.push({ path: `${dir}/${name}`, primary: (FORMATS as readonly string[]).includes(rest) });
  }
  return out;
}

/** `x.tf` -> `x.fixed.tf`, `x.cfn.yaml` -> `x.fixed.cfn.yaml`. */
function fixedPathOf(path: string): string {
  return path.replace(/\.(tf|cfn\.yaml|cfn\.json)$/, '.fixed.$1');
}

/** A fixture linted as its own unit, as the fixture test does. */
class FixtureLint {
  readonly project: Project;
  readonly file: string;
  constructor(rule: Rule, path: string) {
    this.project = new Project(indexRules([rule]));
    this.file = `fixture-${basename(path)}/${path.endsWith('.tf') ? 'main.tf' : basename(path)}`;
  }
  lint(text: string): UnitLintResult {
    const unit = this.project.setFile(this.file, text)!;
    return this.project.lintUnit(unit);
  }
}

const byPosition = (a: Finding, b: Finding) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId);

/** The first finding with a fix, in file order. */
function firstFixable(result: UnitLintResult): Finding | undefined {
  return result.findings.filter((finding) => finding.fix).sort(byPosition)[0];
}

async function assertParses(path: string, text: string): Promise<void> {
  if (path.endsWith('.tf')) {
    await assert.doesNotReject(parseWithHashiCorp('main.tf', text), 'HashiCorp HCL parser accepts the fixed file');
    assert.deepEqual(parseHcl(text).errors, [], 'our HCL parser accepts the fixed file');
  } else if (path.endsWith('.json')) {
    assert.doesNotThrow(() => JSON.parse(text), 'JSON.parse accepts the fixed file');
    assert.deepEqual(parseJson(text).errors, [], 'our JSON reader accepts the fixed file');
  } else {
    assert.deepEqual(parseYaml(text).errors, [], 'the fixed YAML parses without errors');
  }
}

const pairKey = (finding: Finding) => `${finding.ruleId} ${finding.resource}`;
const fullKey = (finding: Finding) => `${finding.ruleId} ${finding.resource} ${finding.message}`;

async function checkFixes(rule: Rule, path: string): Promise<void> {
  const original = readFileSync(path, 'utf8');
  const fixture = new FixtureLint(rule, path);
  const before = fixture.lint(original);
  const fixedPath = fixedPathOf(path);
  const fixable = before.findings.filter((finding) => finding.fix);
  if (fixable.length === 0) {
    assert.ok(!existsSync(fixedPath), `${basename(fixedPath)} exists but no finding of ${basename(path)} carries a fix`);
    return;
  }
  assert.notEqual(rule.fix, 'none', `the rule's metadata says fix: 'none' but its findings carry fixes`);
  if (rule.fix === 'safe') for (const finding of fixable) assert.ok(finding.fix!.safe, `fix: 'safe' but "${finding.fix!.title}" is not safe`);

  let text = original;
  const applied: Finding[] = [];
  for (let round = 0; ; round++) {
    assert.ok(round < MAX_ROUNDS, 'fixing does not converge: a fix leaves its finding in place');
    const next = firstFixable(fixture.lint(text));
    if (!next) break;
    const result = fixEditsForFinding(fixture.project, next);
    assert.ok(result, `the fix of ${fullKey(next)} applies to its file`);
    assert.ok(result.edits.length > 0, `the fix of ${fullKey(next)} changes nothing, yet its finding remains`);
    text = applyEdits(text, result.edits);
    applied.push(next);
  }

  if (UPDATE) writeFileSync(fixedPath, text);
  else {
    assert.ok(existsSync(fixedPath), `${basename(fixedPath)} is missing (run with UPDATE_FIXED=1 and review it)`);
    assert.equal(text, readFileSync(fixedPath, 'utf8'), `the fixed output differs from ${basename(fixedPath)}`);
  }
  await assertParses(path, text);

  const after = fixture.lint(text);
  assert.deepEqual(after.errors, [], 'the fixed file lints without syntax errors');
  assert.deepEqual(after.internalErrors, []);
  const fixed = new Set(applied.map(fullKey));
  for (const finding of after.findings) assert.ok(!fixed.has(fullKey(finding)), `the fixed finding ${fullKey(finding)} is still reported`);
  // A (rule, resource) whose every finding had a fix must be clean now; nothing new may appear elsewhere.
  const stillExpected = new Set(before.findings.filter((finding) => !finding.fix).map(pairKey));
  for (const finding of after.findings) assert.ok(stillExpected.has(pairKey(finding)), `a new finding appeared: ${fullKey(finding)}`);

  // Idempotence: every applied fix, built again against the fixed text, changes nothing.
  const config = fixture.project.configurationOf(fixture.project.unitNames()[0]).config!;
  const context = config.family === 'terraform' ? moduleContext(fixture.project, fixture.project.unitNames()[0]) : {};
  for (const finding of applied) {
    const resource = config.resources.find((item) => item.address === fixTargetOf(finding));
    assert.ok(resource, `${fixTargetOf(finding)} still exists after the fixes`);
    assert.deepEqual(buildEdits(text, formatOf(fixture.file), resource, finding.fix!, context), [], `applying the fix of ${fullKey(finding)} again changes nothing`);
  }
}

/**
 * The metadata rule for fixes: a rule whose `fix` is 'safe' or 'suggestion' has a fixed fixture for each
 * primary fixture format it claims, and a rule whose `fix` is 'none' has no fixed fixture.
 */
export function checkFixedFixtures(rule: Rule): void {
  const base = RULE_FILES[rule.id].replace(/\.ts$/, '');
  const formats = [...(rule.appliesTo.terraform ? ['.tf'] : []), ...(rule.appliesTo.cloudformation ? ['.cfn.yaml', '.cfn.json'] : [])];
  if (rule.fix === 'none') {
    for (const format of formats) assert.ok(!existsSync(`${base}.fixed${format}`), `fix is 'none' but ${basename(base)}.fixed${format} exists`);
    return;
  }
  for (const format of formats) assert.ok(existsSync(`${base}.fixed${format}`), `fix is '${rule.fix}': ${basename(base)}.fixed${format} must exist`);
}

function hasFixedFixture(rule: Rule): boolean {
  const base = RULE_FILES[rule.id].replace(/\.ts$/, '');
  return readdirSync(dirname(base)).some((name) => name.startsWith(`${basename(base)}.`) && name.includes('.fixed.'));
}

for (const rule of ALL_RULES) {
  for (const { path } of fixturesOf(rule)) {
    test(`${rule.id}: fixes of ${basename(path)} converge to ${basename(fixedPathOf(path))}`, () => checkFixes(rule, path));
  }
  test(`${rule.id}: a fixed fixture for each format the fix is declared for`, () => checkFixedFixtures(rule));
}

test('at least 70% of the rules offer a fix', () => {
  const withFix = ALL_RULES.filter(hasFixedFixture).length;
  assert.ok(withFix / ALL_RULES.length >= 0.7, `${withFix} of ${ALL_RULES.length} rules have fixed fixtures`);
});
