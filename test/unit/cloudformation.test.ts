// CloudFormation YAML/JSON reading and evaluation: short-form tags, positions, template detection,
// Parameters/Conditions/intrinsics, and bad input that must never crash or hang.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseJson } from '../../server/src/parse/cfn/json';
import { parseYaml } from '../../server/src/parse/cfn/yaml';
import { buildCloudFormationConfig, isCloudFormationTemplate } from '../../server/src/model/cloudformation/template';
import { getPath, toPlain, type Value } from '../../server/src/model/value';
import type { Resource } from '../../server/src/model/resource';

function template(text: string, json = false) {
  const parsed = json ? parseJson(text) : parseYaml(text);
  assert.ok(parsed.root, 'a tree was recovered');
  assert.ok(isCloudFormationTemplate(parsed.root), 'detected as a template');
  return { config: buildCloudFormationConfig('t.yaml', parsed.root), errors: parsed.errors };
}

function property(resource: Resource | undefined, ...path: string[]): Value | undefined {
  assert.ok(resource);
  return getPath(resource.body, ['Properties', ...path]);
}

const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  Encrypt:
    Type: String
  Zones:
    Type: CommaDelimitedList
    Default: "a, b"
Mappings:
  Sizes:
    prod:
      Class: db.r6g.large
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  WantsEncryption: !Equals [!Ref Encrypt, "true"]
  Both: !And [!Condition IsProd, !Condition WantsEncryption]
Resources:
  Key:
    Type: AWS::KMS::Key
  Db:
    Type: AWS::RDS::DBInstance
    Metadata:
      aws:cdk:path: ClinicalStack/PatientsDb/Resource
    Properties:
      DBInstanceClass: !FindInMap [Sizes, !Ref Env, Class]
      StorageEncrypted: !If [IsProd, true, false]
      KmsKeyId: !GetAtt Key.Arn
      KmsKeyId2: !GetAtt [Key, Arn]
      Name: !Sub "\${Env}-patients"
      Joined: !Join ["-", [a, !Ref Env]]
      Picked: !Select [1, !Ref Zones]
      Parts: !Split [",", "x,y"]
      Imported: !ImportValue SharedKey
      Region: !Ref AWS::Region
      Choice: !If [WantsEncryption, true, false]
      Same: !If [WantsEncryption, "x", "x"]
      Dropped: !If [IsProd, !Ref AWS::NoValue, "kept"]
      B64: !Base64 abc
      Cidr: !Cidr ["10.0.0.0/16", 2, 8]
      Azs: !GetAZs ""
      Tr: !Transform { Name: X }
  DevOnly:
    Type: AWS::S3::Bucket
    Condition: IsDev
  Maybe:
    Type: AWS::S3::Bucket
    Condition: WantsEncryption
`;

describe('CloudFormation YAML', () => {
  test('every short-form intrinsic is read and evaluated', () => {
    const { config, errors } = template(YAML_TEMPLATE);
    assert.deepEqual(errors, []);
    assert.deepEqual(config.resources.map((item) => item.name), ['Key', 'Db', 'Maybe'], 'a resource whose condition is false is absent');
    const db = config.resources.find((item) => item.name === 'Db');
    assert.equal(db?.constructPath, 'ClinicalStack/PatientsDb/Resource');
    assert.equal(toPlain(property(db, 'DBInstanceClass')!), 'db.r6g.large');
    assert.equal(toPlain(property(db, 'StorageEncrypted')!), true);
    for (const key of ['KmsKeyId', 'KmsKeyId2']) {
      const value = property(db, key);
      assert.equal(value?.kind, 'unknown');
      assert.deepEqual((value as { refs: unknown[] }).refs, [{ kind: 'cfn-resource', type: '', name: 'Key', attribute: ['Arn'] }]);
    }
    assert.equal(toPlain(property(db, 'Name')!), 'prod-patients');
    assert.equal(toPlain(property(db, 'Joined')!), 'a-prod');
    assert.equal(toPlain(property(db, 'Picked')!), 'b');
    assert.deepEqual(toPlain(property(db, 'Parts')!), ['x', 'y']);
    for (const key of ['Imported', 'Region', 'B64', 'Cidr', 'Azs', 'Tr']) assert.equal(property(db, key)?.kind, 'unknown', key);
    const choice = property(db, 'Choice');
    assert.equal(choice?.kind, 'unknown');
    assert.deepEqual((choice as { alternatives: Value[] }).alternatives.map(toPlain), [true, false]);
    assert.equal(toPlain(property(db, 'Same')!), 'x');
    assert.equal(property(db, 'Dropped'), undefined, 'AWS::NoValue removes the property');
    assert.equal(config.resources.find((item) => item.name === 'Maybe')?.certain, false);
  });

  test('ranges point at the written value; the header is the logical id', () => {
    const { config } = template(YAML_TEMPLATE);
    const db = config.resources.find((item) => item.name === 'Db')!;
    assert.equal(db.headerRange.start.line, 22);
    assert.equal(db.headerRange.start.character, 2);
    const field = db.body.fields.get('Properties');
    assert.equal(field?.value.kind, 'object');
  });

  test('anchors and aliases are expanded, an alias bomb is bounded', () => {
    const { config } = template('Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: &p\n      BucketName: x\n  B:\n    Type: AWS::S3::Bucket\n    Properties: *p\n');
    assert.equal(toPlain(property(config.resources[1], 'BucketName')!), 'x');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) bomb.push(`l${level}: &${String.fromCharCode(97 + level)} [${Array(10).fill('*' + String.fromCharCode(96 + level)).join(',')}]`);
    const started = Date.now();
    const parsed = parseYaml(bomb.join('\n') + '\n');
    assert.ok(Date.now() - started < 5000, 'bounded time');
    assert.ok(parsed.errors.some((error) => /Aliases expand/.test(error.message)));
  });

  test('tabs, duplicate keys and broken YAML give errors with positions, no crash', () => {
    const tabs = parseYaml('Resources:\n\tA:\n    Type: AWS::S3::Bucket\n');
    assert.ok(tabs.errors.some((error) => /Tabs/i.test(error.message)));
    const duplicates = parseYaml('Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SQS::Queue\n');
    const duplicate = duplicates.errors.find((error) => /unique/i.test(error.message));
    assert.ok(duplicate);
    assert.equal(duplicate.range.start.line, 3);
    const broken = parseYaml('Resources: [unclosed\n  - {a: \n');
    assert.ok(broken.errors.length > 0);
    const deep = parseYaml('a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
    assert.ok(deep.errors.some((error) => /Nesting (too )?deep/.test(error.message)), 'deep nesting is reported');
  });

  test('documents that are not templates are not detected', () => {
    for (const text of [
      'name: CI\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n',
      'Resources:\n  Thing:\n    Type: Something::Else\n',
    ]) {
      assert.equal(isCloudFormationTemplate(parseYaml(text).root), false, text);
    }
    assert.equal(isCloudFormationTemplate(parseJson('{"name": "pkg", "version": "1.0.0"}').root), false);
  });
});

describe('CloudFormation JSON', () => {
  test('long-form intrinsics and positions', () => {
    const text = '{\n  "Parameters": {"Enc": {"Type": "String", "Default": "false"}},\n  "Resources": {\n    "Db": {\n      "Type": "AWS::RDS::DBInstance",\n      "Properties": {"StorageEncrypted": {"Ref": "Enc"}, "Key": {"Fn::GetAtt": ["K", "Arn"]}}\n    },\n    "K": {"Type": "AWS::KMS::Key"}\n  }\n}\n';
    const { config, errors } = template(text, true);
    assert.deepEqual(errors, []);
    const db = config.resources[0];
    assert.equal(toPlain(property(db, 'StorageEncrypted')!), 'false');
    assert.equal(db.headerRange.start.line, 3);
    const field = (db.body.fields.get('Properties')!.value as { fields: Map<string, { range?: { start: { line: number } } }> }).fields.get('StorageEncrypted');
    assert.equal(field?.range?.start.line, 5);
  });

  test('invalid JSON, duplicate keys and 10k-deep nesting are reported, never thrown', () => {
    const invalid = parseJson('{"Resources": {"A": {"Type": "AWS::S3::Bucket",}}');
    assert.ok(invalid.errors.some((error) => error.severity === 'error'));
    assert.ok(invalid.root, 'what can be read is kept');
    const duplicates = parseJson('{"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::SQS::Queue"}}}');
    assert.ok(duplicates.errors.some((error) => /Duplicate key "A"/.test(error.message)));
    const deep = parseJson('['.repeat(10_000) + ']'.repeat(10_000));
    assert.equal(deep.root, undefined);
    assert.match(deep.errors[0].message, /nested deeper/);
  });
});
