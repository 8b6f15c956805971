// The project reuses a unit's lint while its files, their texts and the date are the same, and only then.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';

const RULES = indexRules(ALL_RULES);

const DB_INSTANCE = `resource "aws_db_instance" "db" {
  storage_encrypted = false # hipaa-iac:ignore aws-rds-storage-encrypted reason="test data only" expires=2026-06-30
}
`;

test('a unit is linted again only when its files, their texts or the date change', () => {
  let today = new Date('2026-06-01T12:00:00Z');
  const project = new Project(RULES, { now: () => today });
  let lints = 0;
  const configurationOf = project.configurationOf.bind(project);
  project.configurationOf = (unit) => {
    lints++;
    return configurationOf(unit);
  };
  const unit = project.setFile('/w/db/main.tf', DB_INSTANCE)!;
  const first = project.lintUnit(unit);
  assert.equal(lints, 1);
  assert.equal(project.lintUnit(unit), first, 'the same result for the same texts');
  assert.equal(lints, 1);

  // The same text again (a file re-read from disk is a different string with the same characters).
  project.setFile('/w/db/main.tf', DB_INSTANCE.split('').join(''));
  assert.equal(project.lintUnit(unit), first);
  assert.equal(lints, 1);

  project.setFile('/w/db/main.tf', DB_INSTANCE.replace('false', 'true'));
  const edited = project.lintUnit(unit);
  assert.notEqual(edited, first);
  assert.equal(lints, 2);

  project.setFile('/w/db/variables.tf', 'variable "x" {}\n');
  assert.notEqual(project.lintUnit(unit), edited, 'a new file of the unit');
  assert.equal(lints, 3);

  // The exception expires: the same texts, but the findings change with the date.
  project.setFile('/w/db/main.tf', DB_INSTANCE);
  project.removeFile('/w/db/variables.tf');
  const suppressed = project.lintUnit(unit);
  assert.equal(suppressed.findings.filter((finding) => !finding.suppression && finding.ruleId === 'aws-rds-storage-encrypted').length, 0);
  today = new Date('2026-07-01T12:00:00Z');
  const expired = project.lintUnit(unit);
  assert.equal(lints, 5);
  assert.equal(expired.findings.filter((finding) => !finding.suppression && finding.ruleId === 'aws-rds-storage-encrypted').length, 1);
});

test('a unit configuration is built once per text (code actions look resources up in it per request)', () => {
  const project = new Project(RULES);
  const unit = project.setFile('/w/db/main.tf', DB_INSTANCE)!;
  const first = project.configurationOf(unit);
  assert.ok(first.config);
  assert.equal(project.configurationOf(unit), first);
  project.setFile('/w/db/main.tf', DB_INSTANCE.replace('false', 'true'));
  const edited = project.configurationOf(unit);
  assert.notEqual(edited, first);
  assert.equal(project.configurationOf(unit), edited);
});
