// Rule metadata is complete and consistent: ids, citations from the catalogue, themes, fixtures.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { THEMES } from '../../rules/api';
import { HIPAA_CONTROLS, ISO27017_CONTROLS } from '../../rules/controls/catalog';
import { ALL_RULES, RULE_FILES } from '../../rules/index';

const hipaaIds = new Set<string>(HIPAA_CONTROLS.map((control) => control.id));
const isoIds = new Set<string>(ISO27017_CONTROLS.map((control) => control.id));

test('there are at least 30 rules and every theme is covered', () => {
  assert.ok(ALL_RULES.length >= 30, `${ALL_RULES.length} rules`);
  for (const theme of THEMES) assert.ok(ALL_RULES.some((rule) => rule.theme === theme), `no rule for theme ${theme}`);
});

for (const rule of ALL_RULES) {
  test(`${rule.id}: metadata`, () => {
    assert.equal(RULE_FILES[rule.id].split('/').pop(), `${rule.id}.ts`, 'id equals the file name');
    assert.match(rule.id, /^aws-[a-z0-9]+(-[a-z0-9]+)+$/);
    for (const id of rule.hipaa) assert.ok(hipaaIds.has(id), `HIPAA ${id} is not in the catalogue`);
    for (const id of rule.iso27017) assert.ok(isoIds.has(id), `ISO ${id} is not in the catalogue`);
    assert.ok(THEMES.includes(rule.theme));
    assert.ok(rule.description.length > 80, 'the description explains the ePHI risk');
    assert.ok(rule.remediation.length > 20, 'the remediation says how to fix it');
    assert.equal(new Set(rule.hipaa).size, rule.hipaa.length, 'no duplicate HIPAA citations');
    const base = RULE_FILES[rule.id].replace(/\.ts$/, '');
    if (rule.appliesTo.terraform) assert.ok(existsSync(`${base}.tf`), 'Terraform fixture exists');
    if (rule.appliesTo.cloudformation) {
      assert.ok(existsSync(`${base}.cfn.yaml`), 'CloudFormation YAML fixture exists');
      assert.ok(existsSync(`${base}.cfn.json`), 'CloudFormation JSON fixture exists');
    }
  });
}

test('rule ids are unique', () => {
  assert.equal(new Set(ALL_RULES.map((rule) => rule.id)).size, ALL_RULES.length);
});
