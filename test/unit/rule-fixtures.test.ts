// Every rule's fixtures, strict both ways: each expected finding appears on its line, nothing else
// appears, and the expected not-evaluable resources are exactly those the rule could not decide.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ALL_RULES, RULE_FILES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';

/** Reads `# expect: id` / `# expect-not-evaluable: id` annotations into sorted "line id" keys. */
function expectations(text: string, marker: string): string[] {
  const keys: string[] = [];
  const pattern = new RegExp(`(?:#|//)\\s*${marker}:\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)`);
  text.split(/\r?\n/).forEach((line, index) => {
    const match = pattern.exec(line);
    if (match) for (const id of match[1].split(',')) keys.push(`${index + 1} ${id.trim()}`);
  });
  return keys.sort();
}

for (const rule of ALL_RULES) {
  const base = RULE_FILES[rule.id].replace(/\.ts$/, '');
  if (!rule.appliesTo.terraform) continue;
  test(`${rule.id}: Terraform fixture, strict both ways`, () => {
    const path = `${base}.tf`;
    assert.ok(existsSync(path), `missing fixture ${path}`);
    const text = readFileSync(path, 'utf8');
    // Each fixture is its own module: the fixtures of sibling rules share a directory on disk.
    const project = new Project(indexRules([rule]));
    const unit = project.setFile(`fixture/${rule.id}.tf`, text)!;
    const result = project.lintUnit(unit);
    assert.deepEqual(result.errors, [], 'the fixture must parse without errors');
    assert.deepEqual(result.internalErrors, []);
    const found = result.findings.map((finding) => `${finding.range.start.line + 1} ${finding.ruleId}`).sort();
    assert.deepEqual(found, expectations(text, 'expect'), 'findings (line rule)');
    const notEvaluable = result.evaluations
      .filter((evaluation) => evaluation.outcome === 'not-evaluable')
      .map((evaluation) => `${evaluation.range.start.line + 1} ${evaluation.ruleId}`)
      .sort();
    assert.deepEqual(notEvaluable, expectations(text, 'expect-not-evaluable'), 'not-evaluable resources (line rule)');
    assert.ok(found.length > 0, 'the fixture must show at least one finding');
    assert.ok(notEvaluable.length > 0, 'the fixture must show at least one not-evaluable case');
    assert.ok(result.evaluations.some((evaluation) => evaluation.outcome === 'pass'), 'the fixture must show a passing resource');
  });
}
