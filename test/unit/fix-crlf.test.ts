// A companion resource added to a CRLF file stands after one blank line, with CRLF line endings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';
import { applyEdits, fixEditsForFinding } from '../../server/src/fixes/index';

test('a resource added after a CRLF block is separated by exactly one blank line', () => {
  const text = 'resource "aws_s3_bucket" "x" {\r\n  bucket = "x"\r\n}\r\n';
  const project = new Project(indexRules(ALL_RULES.filter((rule) => rule.id === 'aws-s3-bucket-versioning-enabled')));
  const unit = project.setFile('m/main.tf', text)!;
  const finding = project.lintUnit(unit).findings[0];
  const fix = fixEditsForFinding(project, finding);
  assert.ok(fix);
  const fixed = applyEdits(text, fix.edits);
  assert.ok(fixed.startsWith(text + '\r\nresource "aws_s3_bucket_versioning" "x" {\r\n'), JSON.stringify(fixed));
  assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /\n/, 'no bare LF');
});
