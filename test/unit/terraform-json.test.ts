// Terraform JSON syntax (*.tf.json, CDKTF's cdk.tf.json) feeds the same model as HCL: the same
// findings on the same resources, at the right places, with CDKTF construct paths named.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';

const rules = indexRules(ALL_RULES);

function lint(files: Record<string, string>) {
  const project = new Project(rules);
  for (const [path, text] of Object.entries(files)) project.setFile(path, text);
  const unit = project.unitNames()[0];
  return project.lintUnit(unit);
}

const HCL = `variable "encrypted" {
  default = false
}
resource "aws_db_instance" "clinical" {
  engine                  = "postgres"
  storage_encrypted       = var.encrypted
  backup_retention_period = 7
  deletion_protection     = true
}
resource "aws_dynamodb_table" "sessions" {
  name = "sessions"
  server_side_encryption {
    enabled = true
  }
  point_in_time_recovery {
    enabled = false
  }
}
`;

const JSON_SYNTAX = JSON.stringify(
  {
    variable: { encrypted: { default: false } },
    resource: {
      aws_db_instance: {
        clinical: {
          '//': { metadata: { path: 'clinical/PatientsDb', uniqueId: 'PatientsDb' } },
          engine: 'postgres',
          storage_encrypted: '${var.encrypted}',
          backup_retention_period: 7,
          deletion_protection: true,
        },
      },
      aws_dynamodb_table: {
        sessions: { name: 'sessions', server_side_encryption: { enabled: true }, point_in_time_recovery: [{ enabled: false }] },
      },
    },
  },
  null,
  2,
);

test('HCL and Terraform JSON give the same findings on the same resources', () => {
  const fromHcl = lint({ 'm/main.tf': HCL });
  const fromJson = lint({ 'cdktf.out/stacks/clinical/cdk.tf.json': JSON_SYNTAX });
  assert.deepEqual(fromJson.errors, []);
  const key = (finding: { ruleId: string; resource: string }) => `${finding.ruleId} ${finding.resource}`;
  assert.deepEqual(fromJson.findings.map(key).sort(), fromHcl.findings.map(key).sort());
  assert.ok(fromJson.findings.length >= 2);
});

test('findings land on the JSON property and name the CDKTF construct', () => {
  const result = lint({ 'cdktf.out/stacks/clinical/cdk.tf.json': JSON_SYNTAX });
  const encrypted = result.findings.find((finding) => finding.ruleId === 'aws-rds-storage-encrypted');
  assert.ok(encrypted);
  const line = JSON_SYNTAX.split('\n').findIndex((text) => text.includes('"storage_encrypted"'));
  assert.equal(encrypted.range.start.line, line);
  assert.match(encrypted.message, /\(construct clinical\/PatientsDb\)/);
});

test('tfvars.json applies over defaults; invalid JSON is an error entry, not a crash', () => {
  const result = lint({ 'm/main.tf.json': JSON_SYNTAX, 'm/terraform.tfvars.json': '{"encrypted": true}' });
  assert.equal(result.findings.filter((finding) => finding.ruleId === 'aws-rds-storage-encrypted').length, 0);
  const broken = lint({ 'm/main.tf.json': '{"resource": {"aws_db_instance": {"x": {"storage_encrypted": false,}}}' });
  assert.ok(broken.errors.length > 0);
});
