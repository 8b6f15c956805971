// Every rule's fixtures, strict both ways: each expected finding appears on its line, nothing else
// appears, and the expected not-evaluable resources are exactly those the rule could not decide.
//
// Fixtures sit beside the rule: `<id>.tf`, `<id>.cfn.yaml`, `<id>.cfn.json`, plus optional variants
// `<id>.<variant>.tf` / `.cfn.yaml` / `.cfn.json` (each linted on its own) for cases that would change the
// outcome of every other resource of a file. HCL and YAML state expectations in end-of-line comments
// (`# expect: <rule>`, `# expect-not-evaluable: <rule>`); JSON, which has no comments, in the template's
// top-level `Metadata.hipaa-iac-fixture` as `"<rule> <LogicalId>[.<Key or index>...]"` entries resolved to lines.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { test } from 'node:test';
import type { Rule } from '../../rules/api';
import { ALL_RULES, RULE_FILES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';
import { parseJson } from '../../server/src/parse/cfn/json';
import { mapEntry, mapGet, type DataNode } from '../../server/src/parse/tree';

/** Reads `# expect: id` / `# expect-not-evaluable: id` annotations into sorted "line id" keys. */
function commentExpectations(text: string, marker: string): string[] {
  const keys: string[] = [];
  const pattern = new RegExp(`(?:#|//)\\s*${marker}:\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)`);
  text.split(/\r?\n/).forEach((line, index) => {
    const match = pattern.exec(line);
    if (match) for (const id of match[1].split(',')) keys.push(`${index + 1} ${id.trim()}`);
  });
  return keys.sort();
}

/** Reads the JSON fixture's `Metadata.hipaa-iac-fixture.<key>` entries into sorted "line id" keys. */
function jsonExpectations(text: string, key: 'expect' | 'expectNotEvaluable'): string[] {
  const root = parseJson(text).root;
  const list = mapGet(mapGet(mapGet(root, 'Metadata'), 'hipaa-iac-fixture'), key);
  const keys: string[] = [];
  for (const item of list?.kind === 'seq' ? list.items : []) {
    const [ruleId, location] = String(item.kind === 'scalar' ? item.value : '').split(' ');
    let node: DataNode | undefined = mapGet(root, 'Resources');
    let line = -1;
    for (const step of location.split('.')) {
      // A number steps into a list (the item's first line); anything else is a map key.
      if (/^\d+$/.test(step) && node?.kind === 'seq') {
        node = node.items[Number(step)];
        assert.ok(node, `fixture location ${location} does not exist`);
        line = node.range.start.line + 1;
        continue;
      }
      const entry = mapEntry(node, step);
      assert.ok(entry, `fixture location ${location} does not exist`);
      line = entry.keyRange.start.line + 1;
      node = entry.value;
    }
    keys.push(`${line} ${ruleId}`);
  }
  return keys.sort();
}

/** Every fixture file of a rule, by format. */
function fixturesOf(rule: Rule): { path: string; primary: boolean }[] {
  const source = RULE_FILES[rule.id];
  const dir = dirname(source);
  const id = basename(source, '.ts');
  const fixtures: { path: string; primary: boolean }[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.startsWith(`${id}.`) || name.endsWith('.ts') || name.includes('.fixed.')) continue;
    const rest = name.slice(id.length);
    const primary = rest === '.tf' || rest === '.cfn.yaml' || rest === '.cfn.json';
    if (/^(\.[a-z0-9-]+)?\.(tf|cfn\.yaml|cfn\.json)$/.test(rest)) fixtures.push({ path: `${dir}/${name}`, primary });
  }
  return fixtures;
}

function checkFixture(rule: Rule, path: string, primary: boolean): void {
  const text = readFileSync(path, 'utf8');
  const project = new Project(indexRules([rule]));
  // Each fixture is its own unit: the fixtures of sibling rules share a directory on disk.
  const virtualPath = `fixture-${basename(path)}/${path.endsWith('.tf') ? 'main.tf' : basename(path)}`;
  const unit = project.setFile(virtualPath, text)!;
  const result = project.lintUnit(unit);
  assert.ok(result.linted, 'the fixture is linted (a Terraform module or a CloudFormation template)');
  assert.deepEqual(result.errors, [], 'the fixture must parse without errors');
  assert.deepEqual(result.internalErrors, []);
  const json = path.endsWith('.json');
  const found = result.findings.map((finding) => `${finding.range.start.line + 1} ${finding.ruleId}`).sort();
  assert.deepEqual(found, json ? jsonExpectations(text, 'expect') : commentExpectations(text, 'expect'), 'findings (line rule)');
  const notEvaluable = result.evaluations
    .filter((evaluation) => evaluation.outcome === 'not-evaluable')
    .map((evaluation) => `${evaluation.range.start.line + 1} ${evaluation.ruleId}`)
    .sort();
  const expectedNotEvaluable = json ? jsonExpectations(text, 'expectNotEvaluable') : commentExpectations(text, 'expect-not-evaluable');
  assert.deepEqual(notEvaluable, expectedNotEvaluable, 'not-evaluable resources (line rule)');
  if (!primary) return;
  assert.ok(found.length > 0, 'the fixture must show at least one finding');
  assert.ok(notEvaluable.length > 0, 'the fixture must show at least one not-evaluable case');
  assert.ok(result.evaluations.some((evaluation) => evaluation.outcome === 'pass'), 'the fixture must show a passing resource');
}

for (const rule of ALL_RULES) {
  for (const { path, primary } of fixturesOf(rule)) {
    test(`${rule.id}: fixture ${basename(path)}, strict both ways`, () => checkFixture(rule, path, primary));
  }
}
