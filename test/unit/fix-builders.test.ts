// The quick-fix edit builders on real cases of each format: every result is compared in full, must parse
// (Terraform also under HashiCorp's parser), and applying the same fix again must change nothing.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseWithHashiCorp } from '@cdktf/hcl2json';
import type { FixAction, FixValue } from '../../rules/fix';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';
import { applyEdits, buildEdits, FixError, type FixContext, type FixFormat, type TextEdit } from '../../server/src/fixes/index';
import { diffEdits } from '../../server/src/fixes/text';
import { parseJson } from '../../server/src/parse/cfn/json';
import { parseYaml } from '../../server/src/parse/cfn/yaml';
import { parseHcl } from '../../server/src/parse/hcl/parser';

const FILES: Record<FixFormat | 'tfjson', string> = { hcl: 'mod/main.tf', yaml: 'template.yaml', json: 'template.json', tfjson: 'mod/main.tf.json' };

/** The resource `address` of `text`, as the model builds it. */
function resourceOf(text: string, kind: FixFormat | 'tfjson', address: string) {
  const project = new Project(indexRules([]));
  const unit = project.setFile(FILES[kind], text)!;
  const config = project.configurationOf(unit).config;
  const resource = config?.resources.find((item) => item.address === address);
  assert.ok(resource, `${address} is in the test text`);
  return resource;
}

/** Applies actions to `address` in `text`; checks the result parses and that a second application is a no-op. */
async function fix(kind: FixFormat | 'tfjson', text: string, address: string, actions: FixAction[], context: FixContext = {}): Promise<string> {
  const format: FixFormat = kind === 'tfjson' ? 'json' : kind;
  const theFix = { title: 'test', safe: true, actions };
  const edits = buildEdits(text, format, resourceOf(text, kind, address), theFix, context);
  const out = applyEdits(text, edits);
  if (format === 'hcl') {
    assert.deepEqual(parseHcl(out).errors, [], `our parser accepts:\n${out}`);
    await assert.doesNotReject(parseWithHashiCorp('main.tf', out), `HashiCorp's parser accepts:\n${out}`);
  } else if (format === 'json') {
    JSON.parse(out);
    assert.deepEqual(parseJson(out).errors, []);
  } else {
    assert.deepEqual(parseYaml(out).errors, [], `YAML parses:\n${out}`);
  }
  const again = buildEdits(out, format, resourceOf(out, kind, address), theFix, context);
  assert.deepEqual(again, [], 'applying the fix again changes nothing');
  return out;
}

const set = (path: (string | number)[], value: FixValue): FixAction => ({ kind: 'set', path, value });
const append = (path: (string | number)[], value: FixValue): FixAction => ({ kind: 'append', path, value });
const remove = (path: (string | number)[]): FixAction => ({ kind: 'remove', path });

describe('edits', () => {
  test('applyEdits applies by offset, keeps the order of insertions at one place, refuses overlaps', () => {
    const text = 'abcdef';
    const at = (offset: number) => ({ line: 0, character: offset, offset });
    const edit = (start: number, end: number, newText: string): TextEdit => ({ range: { start: at(start), end: at(end) }, newText });
    assert.equal(applyEdits(text, [edit(4, 6, 'XY'), edit(0, 1, 'A'), edit(2, 2, '1'), edit(2, 2, '2')]), 'Ab12cdXY');
    assert.throws(() => applyEdits(text, [edit(0, 3, ''), edit(2, 4, '')]), /overlapping/);
  });

  test('diffEdits narrows a changed value to the value, without splitting words', () => {
    const before = 'a {\n  enabled = false # note\n}\n';
    const after = 'a {\n  enabled = true # note\n}\n';
    const edits = diffEdits(before, after);
    assert.equal(edits.length, 1);
    assert.equal(before.slice(edits[0].range.start.offset, edits[0].range.end.offset), 'false');
    assert.equal(edits[0].newText, 'true');
    assert.deepEqual(edits[0].range.start, { line: 1, character: 12, offset: 16 });
    assert.deepEqual(diffEdits(before, before), []);
  });

  test('diffEdits on CRLF text yields positions of the original lines', () => {
    const before = 'x\r\ny {\r\n}\r\n';
    const after = 'x\r\ny {\r\n  a = 1\r\n}\r\n';
    const edits = diffEdits(before, after);
    assert.deepEqual(
      edits.map((edit) => [edit.range.start.line, edit.range.start.character, edit.newText]),
      [[2, 0, '  a = 1\r\n']],
    );
    assert.equal(applyEdits(before, edits), after);
  });
});

describe('HCL', () => {
  test('set inserts into an empty block', async () => {
    const text = 'resource "aws_db_instance" "db" {\n}\n';
    assert.equal(await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]), 'resource "aws_db_instance" "db" {\n  storage_encrypted = true\n}\n');
  });

  test('set opens up a one-line block', async () => {
    const text = 'resource "aws_db_instance" "db" {}\n';
    assert.equal(await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]), 'resource "aws_db_instance" "db" {\n  storage_encrypted = true\n}\n');
  });

  test('set replaces only the value and keeps the trailing comment', async () => {
    const text = 'resource "aws_db_instance" "db" {\n  engine            = "postgres"\n  storage_encrypted = var.encrypted # reviewed\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]),
      'resource "aws_db_instance" "db" {\n  engine            = "postgres"\n  storage_encrypted = true # reviewed\n}\n',
    );
  });

  test('a longer new key re-aligns its neighbours, a shorter one aligns itself', async () => {
    const text = 'resource "aws_db_instance" "db" {\n  engine         = "mysql"\n  instance_class = "db.t3.micro"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]),
      'resource "aws_db_instance" "db" {\n  engine            = "mysql"\n  instance_class    = "db.t3.micro"\n  storage_encrypted = true\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
    );
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [set(['port'], 5432)]),
      'resource "aws_db_instance" "db" {\n  engine         = "mysql"\n  instance_class = "db.t3.micro"\n  port           = 5432\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
    );
  });

  test('trailing comments of the re-aligned lines are re-aligned too', async () => {
    const text = 'resource "aws_instance" "web" {\n  ami  = "ami-1" # base image\n  type = "t3"    # size\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_instance.web', [set(['monitoring'], true)]),
      'resource "aws_instance" "web" {\n  ami        = "ami-1" # base image\n  type       = "t3"    # size\n  monitoring = true\n}\n',
    );
  });

  test('CRLF files stay CRLF', async () => {
    const text = 'resource "aws_db_instance" "db" {\r\n  engine = "mysql"\r\n}\r\n';
    const out = await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]);
    assert.equal(out, 'resource "aws_db_instance" "db" {\r\n  engine            = "mysql"\r\n  storage_encrypted = true\r\n}\r\n');
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
  });

  test('tab-indented files get tab-indented lines', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n\tbucket = "x"\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket.b', [set(['versioning', 0, 'enabled'], true)]),
      'resource "aws_s3_bucket" "b" {\n\tbucket = "x"\n\n\tversioning {\n\t\tenabled = true\n\t}\n}\n',
    );
  });

  test('comments around the edit are kept', async () => {
    const text = '# the database\nresource "aws_db_instance" "db" { # header note\n  # engine choice\n  engine = "mysql" // inline\n  /* block */\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [set(['storage_encrypted'], true)]),
      '# the database\nresource "aws_db_instance" "db" { # header note\n  # engine choice\n  engine            = "mysql" // inline\n  storage_encrypted = true\n  /* block */\n}\n',
    );
  });

  test('nested blocks are created on the way, indexed or not', async () => {
    const bare = 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n}\n';
    const path = ['rule', 0, 'apply_server_side_encryption_by_default', 'sse_algorithm'];
    assert.equal(
      await fix('hcl', bare, 'aws_s3_bucket_server_side_encryption_configuration.e', [set(path, 'aws:kms')]),
      'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n',
    );
    const partial = 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    bucket_key_enabled = true\n  }\n}\n';
    assert.equal(
      await fix('hcl', partial, 'aws_s3_bucket_server_side_encryption_configuration.e', [set(path, 'aws:kms')]),
      'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    bucket_key_enabled = true\n\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n',
    );
    const complete = 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n';
    assert.equal(
      await fix('hcl', complete, 'aws_s3_bucket_server_side_encryption_configuration.e', [set(['rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm'], 'aws:kms')]),
      complete.replace('"AES256"', '"aws:kms"'),
    );
  });

  test('a new attribute goes before nested blocks when the body has no attribute yet', async () => {
    const text = 'resource "aws_security_group" "sg" {\n  ingress {\n    from_port = 443\n  }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_security_group.sg', [set(['description'], 'web')]),
      'resource "aws_security_group" "sg" {\n  description = "web"\n\n  ingress {\n    from_port = 443\n  }\n}\n',
    );
  });

  test('a one-line nested block with an attribute is opened up', async () => {
    const text = 'resource "aws_s3_bucket_versioning" "v" {\n  versioning_configuration { status = "Suspended" }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket_versioning.v', [set(['versioning_configuration', 0, 'mfa_delete'], 'Disabled')]),
      'resource "aws_s3_bucket_versioning" "v" {\n  versioning_configuration {\n    status     = "Suspended"\n    mfa_delete = "Disabled"\n  }\n}\n',
    );
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket_versioning.v', [set(['versioning_configuration', 0, 'status'], 'Enabled')]),
      'resource "aws_s3_bucket_versioning" "v" {\n  versioning_configuration { status = "Enabled" }\n}\n',
    );
  });

  test('FixBlock values are written as blocks, and replace an existing block', async () => {
    const text = 'resource "aws_instance" "web" {\n  ami = "ami-1"\n\n  root_block_device {\n    volume_size = 8\n  }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_instance.web', [set(['root_block_device'], { $block: { encrypted: true, volume_size: 8 } })]),
      'resource "aws_instance" "web" {\n  ami = "ami-1"\n\n  root_block_device {\n    encrypted   = true\n    volume_size = 8\n  }\n}\n',
    );
    assert.equal(
      await fix('hcl', text, 'aws_instance.web', [set(['metadata_options'], { $block: { http_tokens: 'required' } })]),
      'resource "aws_instance" "web" {\n  ami = "ami-1"\n\n  root_block_device {\n    volume_size = 8\n  }\n\n  metadata_options {\n    http_tokens = "required"\n  }\n}\n',
    );
  });

  test('maps are object constructors; keys that are not identifiers are quoted', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "records"\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket.b', [set(['tags'], { Name: 'records', 'data-class': 'phi', 'aws:owner': 'team' })]),
      'resource "aws_s3_bucket" "b" {\n  bucket = "records"\n  tags = {\n    Name        = "records"\n    data-class  = "phi"\n    "aws:owner" = "team"\n  }\n}\n',
    );
  });

  test('set adds a key to an existing map, aligned with its items', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  tags = {\n    Name = "records"\n  }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket.b', [set(['tags', 'DataClass'], 'phi')]),
      'resource "aws_s3_bucket" "b" {\n  tags = {\n    Name      = "records"\n    DataClass = "phi"\n  }\n}\n',
    );
    const inline = 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "records" }\n}\n';
    assert.equal(await fix('hcl', inline, 'aws_s3_bucket.b', [set(['tags', 'DataClass'], 'phi')]), 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "records", DataClass = "phi" }\n}\n');
  });

  test('strings are quoted with HCL escapes and read back identically', async () => {
    const value = 'say "hi"\\ ${not_interpolated} %{not_a_directive}\n\ttab $5 100%';
    const text = 'resource "aws_ssm_parameter" "p" {\n  name = "p"\n}\n';
    const out = await fix('hcl', text, 'aws_ssm_parameter.p', [set(['description'], value)]);
    assert.ok(out.includes('description = "say \\"hi\\"\\\\ $${not_interpolated} %%{not_a_directive}\\n\\ttab $5 100%"'), out);
    // Read back through our parser, which decodes escapes (HashiCorp's hcl2json returns template source).
    const block = parseHcl(out).body.items[0];
    assert.ok(block.type === 'Block');
    const attribute = block.body.items.find((item) => item.type === 'Attribute' && item.name === 'description');
    assert.ok(attribute?.type === 'Attribute' && attribute.expr.type === 'Template');
    assert.deepEqual(attribute.expr.parts.map((part) => (part.type === 'TemplateLiteral' ? part.value : part.type)).join(''), value);
  });

  test('expressions are written raw; lists of scalars on one line', async () => {
    const text = 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [set(['kms_key_id'], { $expression: 'aws_kms_key.db.arn' }), set(['enabled_cloudwatch_logs_exports'], ['postgresql', 'upgrade'])]),
      'resource "aws_db_instance" "db" {\n  engine                          = "postgres"\n  kms_key_id                      = aws_kms_key.db.arn\n  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]\n}\n',
    );
  });

  test('append adds to list literals (inline, multi-line, empty), creates a missing list, wraps expressions in concat()', async () => {
    const make = (value: string) => `resource "aws_security_group_rule" "r" {\n  cidr_blocks = ${value}\n}\n`;
    const address = 'aws_security_group_rule.r';
    assert.equal(await fix('hcl', make('["10.0.0.0/8"]'), address, [append(['cidr_blocks'], '192.168.0.0/16')]), make('["10.0.0.0/8", "192.168.0.0/16"]'));
    assert.equal(await fix('hcl', make('[]'), address, [append(['cidr_blocks'], '10.0.0.0/8')]), make('["10.0.0.0/8"]'));
    assert.equal(await fix('hcl', make('[\n    "10.0.0.0/8"\n  ]'), address, [append(['cidr_blocks'], '172.16.0.0/12')]), make('[\n    "10.0.0.0/8",\n    "172.16.0.0/12"\n  ]'));
    assert.equal(await fix('hcl', make('[\n    "10.0.0.0/8",\n  ]'), address, [append(['cidr_blocks'], '172.16.0.0/12')]), make('[\n    "10.0.0.0/8",\n    "172.16.0.0/12",\n  ]'));
    assert.equal(await fix('hcl', make('var.cidrs'), address, [append(['cidr_blocks'], '10.0.0.0/8')]), make('concat(var.cidrs, ["10.0.0.0/8"])'));
    assert.equal(
      await fix('hcl', 'resource "aws_security_group_rule" "r" {\n  type = "ingress"\n}\n', address, [append(['cidr_blocks'], '10.0.0.0/8')]),
      'resource "aws_security_group_rule" "r" {\n  type        = "ingress"\n  cidr_blocks = ["10.0.0.0/8"]\n}\n',
    );
  });

  test('append of a block adds a block of that type after the last one', async () => {
    const text = 'resource "aws_security_group" "sg" {\n  name = "web"\n\n  egress {\n    from_port = 443\n  }\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_security_group.sg', [append(['egress'], { $block: { from_port: 53 } })]),
      'resource "aws_security_group" "sg" {\n  name = "web"\n\n  egress {\n    from_port = 443\n  }\n\n  egress {\n    from_port = 53\n  }\n}\n',
    );
  });

  test('remove deletes the attribute line and re-aligns what is left', async () => {
    const text = 'resource "aws_db_instance" "db" {\n  engine              = "mysql"\n  publicly_accessible = true # oops\n  port                = 3306\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [remove(['publicly_accessible'])]),
      'resource "aws_db_instance" "db" {\n  engine = "mysql"\n  port   = 3306\n}\n',
    );
  });

  test('remove leaves no stray blank line, removes blocks and map keys, and is a no-op when absent', async () => {
    const text = 'resource "aws_instance" "web" {\n  ami = "ami-1"\n\n  associate_public_ip_address = true\n}\n';
    assert.equal(await fix('hcl', text, 'aws_instance.web', [remove(['associate_public_ip_address'])]), 'resource "aws_instance" "web" {\n  ami = "ami-1"\n}\n');
    const blocks = 'resource "aws_security_group" "sg" {\n  name = "web"\n\n  ingress {\n    from_port = 22\n  }\n\n  egress {\n    from_port = 443\n  }\n}\n';
    assert.equal(await fix('hcl', blocks, 'aws_security_group.sg', [remove(['ingress', 0])]), 'resource "aws_security_group" "sg" {\n  name = "web"\n\n  egress {\n    from_port = 443\n  }\n}\n');
    const tags = 'resource "aws_s3_bucket" "b" {\n  tags = {\n    Name   = "x"\n    Public = "yes"\n  }\n}\n';
    assert.equal(await fix('hcl', tags, 'aws_s3_bucket.b', [remove(['tags', 'Public'])]), 'resource "aws_s3_bucket" "b" {\n  tags = {\n    Name = "x"\n  }\n}\n');
    const inline = 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "x", Public = "yes" }\n}\n';
    assert.equal(await fix('hcl', inline, 'aws_s3_bucket.b', [remove(['tags', 'Public'])]), 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "x" }\n}\n');
    const oneLine = 'resource "aws_s3_bucket_acl" "a" { acl = "public-read" }\n';
    assert.equal(await fix('hcl', oneLine, 'aws_s3_bucket_acl.a', [remove(['acl'])]), 'resource "aws_s3_bucket_acl" "a" {}\n');
    assert.equal(await fix('hcl', text, 'aws_instance.web', [remove(['user_data'])]), text);
  });

  test('add-resource writes a blank-line separated block after the fixed resource', async () => {
    const text = 'resource "aws_s3_bucket" "records" {\n  bucket = "records"\n}\n\nresource "aws_kms_key" "k" {}\n';
    const action: FixAction = {
      kind: 'add-resource',
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: 'records',
      body: {
        bucket: { $expression: 'aws_s3_bucket.records.id' },
        rule: { $block: { apply_server_side_encryption_by_default: { $block: { sse_algorithm: 'aws:kms', kms_master_key_id: { $expression: 'aws_kms_key.k.arn' } } }, bucket_key_enabled: true } },
      },
    };
    assert.equal(
      await fix('hcl', text, 'aws_s3_bucket.records', [action]),
      'resource "aws_s3_bucket" "records" {\n  bucket = "records"\n}\n\n' +
        'resource "aws_s3_bucket_server_side_encryption_configuration" "records" {\n  bucket = aws_s3_bucket.records.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.k.arn\n    }\n    bucket_key_enabled = true\n  }\n}\n\n' +
        'resource "aws_kms_key" "k" {}\n',
    );
    const last = 'resource "aws_s3_bucket" "records" {\n  bucket = "records"\n}';
    const versioning: FixAction = { kind: 'add-resource', type: 'aws_s3_bucket_versioning', name: 'records', body: { bucket: { $expression: 'aws_s3_bucket.records.id' }, versioning_configuration: { $block: { status: 'Enabled' } } } };
    assert.equal(
      await fix('hcl', last, 'aws_s3_bucket.records', [versioning]),
      last + '\n\nresource "aws_s3_bucket_versioning" "records" {\n  bucket = aws_s3_bucket.records.id\n\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
    );
    const adjacent = 'resource "aws_s3_bucket" "records" {\n}\nresource "aws_kms_key" "k" {}\n';
    assert.equal(
      await fix('hcl', adjacent, 'aws_s3_bucket.records', [{ kind: 'add-resource', type: 'aws_s3_bucket_versioning', name: 'records', body: {} }]),
      'resource "aws_s3_bucket" "records" {\n}\n\nresource "aws_s3_bucket_versioning" "records" {}\n\nresource "aws_kms_key" "k" {}\n',
    );
    // Declared in another file of the module: nothing to add.
    assert.equal(await fix('hcl', text, 'aws_s3_bucket.records', [action], { moduleResources: new Set([`${action.type}.records`]) }), text);
  });

  test('add-variable declares a variable at the end of the file unless the module has it', async () => {
    const text = 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n}\n';
    const action: FixAction = { kind: 'add-variable', name: 'db_kms_key_arn', type: 'string', description: 'KMS key for the "db" storage', default: null };
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.db', [action, set(['kms_key_id'], { $expression: 'var.db_kms_key_arn' })]),
      'resource "aws_db_instance" "db" {\n  engine     = "postgres"\n  kms_key_id = var.db_kms_key_arn\n}\n\n' +
        'variable "db_kms_key_arn" {\n  type        = string\n  description = "KMS key for the \\"db\\" storage"\n  default     = null\n}\n',
    );
    assert.equal(await fix('hcl', text, 'aws_db_instance.db', [action], { moduleVariables: new Set(['db_kms_key_arn']) }), text);
    const declared = text + '\nvariable "db_kms_key_arn" {}\n';
    assert.equal(await fix('hcl', declared, 'aws_db_instance.db', [action]), declared);
  });

  test('a heredoc in the block does not confuse insertion or alignment', async () => {
    const text = 'resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = <<EOT\n{"Version": "2012-10-17"}\nEOT\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_iam_policy.p', [set(['description'], 'x')]),
      'resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = <<EOT\n{"Version": "2012-10-17"}\nEOT\n  description = "x"\n}\n',
    );
  });

  test('data sources and the right one of several resources are targeted', async () => {
    const text = 'resource "aws_db_instance" "a" {\n  engine = "mysql"\n}\n\nresource "aws_db_instance" "b" {\n  engine = "mysql"\n}\n';
    assert.equal(
      await fix('hcl', text, 'aws_db_instance.b', [set(['storage_encrypted'], true)]),
      'resource "aws_db_instance" "a" {\n  engine = "mysql"\n}\n\nresource "aws_db_instance" "b" {\n  engine            = "mysql"\n  storage_encrypted = true\n}\n',
    );
  });

  test('paths through expressions and dynamic blocks are refused with a FixError', () => {
    const text = 'resource "aws_security_group" "sg" {\n  tags = var.tags\n  dynamic "ingress" {\n    for_each = var.rules\n    content {\n      from_port = ingress.value\n    }\n  }\n}\n';
    const resource = resourceOf(text, 'hcl', 'aws_security_group.sg');
    const attempt = (action: FixAction) => () => buildEdits(text, 'hcl', resource, { title: 't', safe: true, actions: [action] });
    assert.throws(attempt(set(['tags', 'Name'], 'x')), FixError);
    assert.throws(attempt(set(['ingress', 0, 'to_port'], 22)), FixError);
  });
});

describe('YAML', () => {
  const template = (properties: string) => `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n${properties}`;

  test('set replaces a scalar, a short-form tag or a flow value, keeping the comment', async () => {
    for (const old of ['false', '!Ref Encrypt', '!If [IsProd, true, false]', '"false"']) {
      const text = template(`    Properties:\n      Engine: postgres\n      StorageEncrypted: ${old} # reviewed\n`);
      assert.equal(await fix('yaml', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('    Properties:\n      Engine: postgres\n      StorageEncrypted: true # reviewed\n'));
    }
  });

  test('set inserts at the end of a block mapping with its indentation, before following comments and resources', async () => {
    const text = 'Resources:\n    Db:\n        Type: AWS::RDS::DBInstance\n        Properties:\n            Engine: postgres\n\n    # the bucket\n    Bucket:\n        Type: AWS::S3::Bucket\n';
    assert.equal(
      await fix('yaml', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]),
      'Resources:\n    Db:\n        Type: AWS::RDS::DBInstance\n        Properties:\n            Engine: postgres\n            StorageEncrypted: true\n\n    # the bucket\n    Bucket:\n        Type: AWS::S3::Bucket\n',
    );
  });

  test('missing parents are created as block mappings and sequences (indented sequence style)', async () => {
    const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Subscription:\n        - Protocol: https\n';
    assert.equal(
      await fix('yaml', text, 'Bucket', [set(['Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'], 'aws:kms')]),
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Subscription:\n        - Protocol: https\n',
    );
  });

  test('sequences follow the file when it writes them level with their key', async () => {
    const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n      - Key: a\n        Value: b\n';
    assert.equal(
      await fix('yaml', text, 'Bucket', [set(['Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration'], [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }])]),
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n      - Key: a\n        Value: b\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n        - ServerSideEncryptionByDefault:\n            SSEAlgorithm: AES256\n          BucketKeyEnabled: true\n',
    );
  });

  test('flow mappings stay flow', async () => {
    const text = template('    Properties: {Engine: postgres}\n');
    assert.equal(await fix('yaml', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('    Properties: {Engine: postgres, StorageEncrypted: true}\n'));
    const empty = template('    Properties: {}\n');
    assert.equal(await fix('yaml', empty, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('    Properties: { StorageEncrypted: true }\n'));
  });

  test('a key without a value is filled', async () => {
    const text = template('    Properties:\n    DeletionPolicy: Snapshot\n');
    assert.equal(await fix('yaml', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('    Properties:\n      StorageEncrypted: true\n    DeletionPolicy: Snapshot\n'));
  });

  test('strings are quoted only where YAML needs it', async () => {
    const text = template('    Properties:\n      Engine: postgres\n');
    const out = await fix('yaml', text, 'Db', [
      set(['Properties', 'A'], 'aws:kms'),
      set(['Properties', 'B'], 'true'),
      set(['Properties', 'C'], '2010-09-09'),
      set(['Properties', 'D'], 'a: b'),
      set(['Properties', 'E'], '#x'),
      set(['Properties', 'F'], 'yes'),
      set(['Properties', 'G'], ''),
      set(['Properties', 'H'], '0123'),
      set(['Properties', 'I'], 'line\nbreak'),
      set(['Properties', 'J'], 'arn:aws:s3:::bucket/*'),
    ]);
    assert.equal(
      out,
      template(
        '    Properties:\n      Engine: postgres\n      A: aws:kms\n      B: "true"\n      C: "2010-09-09"\n      D: "a: b"\n      E: "#x"\n      F: "yes"\n      G: ""\n      H: "0123"\n      I: "line\\nbreak"\n      J: arn:aws:s3:::bucket/*\n',
      ),
    );
  });

  test('intrinsics use the short form when the template does, the long form otherwise', async () => {
    const short = template('    Properties:\n      DBSubnetGroupName: !Ref Subnets\n');
    assert.equal(
      await fix('yaml', short, 'Db', [set(['Properties', 'KmsKeyId'], { 'Fn::GetAtt': ['Key', 'Arn'] }), set(['Properties', 'MasterUserSecret', 'KmsKeyId'], { Ref: 'Key' })]),
      template('    Properties:\n      DBSubnetGroupName: !Ref Subnets\n      KmsKeyId: !GetAtt Key.Arn\n      MasterUserSecret:\n        KmsKeyId: !Ref Key\n'),
    );
    const long = template('    Properties:\n      DBSubnetGroupName:\n        Ref: Subnets\n');
    assert.equal(
      await fix('yaml', long, 'Db', [set(['Properties', 'KmsKeyId'], { 'Fn::GetAtt': ['Key', 'Arn'] })]),
      template('    Properties:\n      DBSubnetGroupName:\n        Ref: Subnets\n      KmsKeyId:\n        Fn::GetAtt:\n          - Key\n          - Arn\n'),
    );
  });

  test('block scalars and multi-line tagged values are handled whole', async () => {
    const literal = 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Description: |\n        multi\n        line\n\n  Other:\n    Type: AWS::SNS::Topic\n';
    assert.equal(
      await fix('yaml', literal, 'Db', [set(['Properties', 'StorageEncrypted'], true)]),
      'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Description: |\n        multi\n        line\n      StorageEncrypted: true\n\n  Other:\n    Type: AWS::SNS::Topic\n',
    );
    const tagged = 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: !If\n        - IsProd\n        - true\n        - false\n      Engine: postgres\n';
    assert.equal(
      await fix('yaml', tagged, 'Db', [set(['Properties', 'StorageEncrypted'], true)]),
      'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      Engine: postgres\n',
    );
  });

  test('intrinsics over scalars and lists in short form', async () => {
    const text = template('    Properties:\n      Engine: !Ref Engine\n');
    assert.equal(
      await fix('yaml', text, 'Db', [
        set(['Properties', 'Arn'], { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::records/*' }),
        set(['Properties', 'Name'], { 'Fn::Join': ['-', [{ Ref: 'Env' }, 'db']] }),
      ]),
      template('    Properties:\n      Engine: !Ref Engine\n      Arn: !Sub arn:${AWS::Partition}:s3:::records/*\n      Name: !Join ["-", [!Ref Env, db]]\n'),
    );
  });

  test('CRLF templates stay CRLF', async () => {
    const text = template('    Properties:\n      Engine: postgres\n').replace(/\n/g, '\r\n');
    const out = await fix('yaml', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]);
    assert.equal(out, template('    Properties:\n      Engine: postgres\n      StorageEncrypted: true\n').replace(/\n/g, '\r\n'));
  });

  test('append adds to block and flow sequences, and creates a missing one', async () => {
    const block = 'Resources:\n  Log:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      EnableCloudwatchLogsExports:\n        - error # first\n';
    assert.equal(
      await fix('yaml', block, 'Log', [append(['Properties', 'EnableCloudwatchLogsExports'], 'audit')]),
      'Resources:\n  Log:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      EnableCloudwatchLogsExports:\n        - error # first\n        - audit\n',
    );
    const flow = template('    Properties:\n      EnableCloudwatchLogsExports: [error]\n');
    assert.equal(await fix('yaml', flow, 'Db', [append(['Properties', 'EnableCloudwatchLogsExports'], 'audit')]), template('    Properties:\n      EnableCloudwatchLogsExports: [error, audit]\n'));
    const none = template('    Properties:\n      Engine: mysql\n');
    assert.equal(
      await fix('yaml', none, 'Db', [append(['Properties', 'EnableCloudwatchLogsExports'], 'audit')]),
      template('    Properties:\n      Engine: mysql\n      EnableCloudwatchLogsExports:\n        - audit\n'),
    );
  });

  test('remove deletes the lines of a key (with its nested value), and leaves {} for the last key', async () => {
    const text = template('    Properties:\n      Engine: postgres\n      PubliclyAccessible: true # bad\n      Tags:\n        - Key: a\n          Value: b\n');
    assert.equal(await fix('yaml', text, 'Db', [remove(['Properties', 'PubliclyAccessible'])]), template('    Properties:\n      Engine: postgres\n      Tags:\n        - Key: a\n          Value: b\n'));
    assert.equal(await fix('yaml', text, 'Db', [remove(['Properties', 'Tags'])]), template('    Properties:\n      Engine: postgres\n      PubliclyAccessible: true # bad\n'));
    assert.equal(await fix('yaml', text, 'Db', [remove(['Properties', 'Tags', 0, 'Key'])]), template('    Properties:\n      Engine: postgres\n      PubliclyAccessible: true # bad\n      Tags:\n        - Value: b\n'));
    const only = template('    Properties:\n      PubliclyAccessible: true\n');
    assert.equal(await fix('yaml', only, 'Db', [remove(['Properties', 'PubliclyAccessible'])]), template('    Properties: {}\n'));
  });

  test('add-resource writes a new logical id after the fixed resource, separated like its siblings', async () => {
    const text = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n\n  Topic:\n    Type: AWS::SNS::Topic\n';
    const action: FixAction = {
      kind: 'add-resource',
      type: 'AWS::S3::BucketPolicy',
      name: 'BucketTlsPolicy',
      body: { Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } } },
    };
    assert.equal(
      await fix('yaml', text, 'Bucket', [action]),
      'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n\n  BucketTlsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: "*"\n            Action: s3:*\n            Condition:\n              Bool:\n                aws:SecureTransport: "false"\n\n  Topic:\n    Type: AWS::SNS::Topic\n',
    );
  });
});

describe('JSON', () => {
  const template = (properties: string) => `{\n  "Resources": {\n    "Db": {\n      "Type": "AWS::RDS::DBInstance",\n      "Properties": ${properties}\n    }\n  }\n}\n`;

  test('set replaces a value', async () => {
    const text = template('{\n        "StorageEncrypted": { "Fn::If": ["Prod", true, false] }\n      }');
    assert.equal(await fix('json', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('{\n        "StorageEncrypted": true\n      }'));
  });

  test('set inserts with a comma after the last property, in the file\'s indentation', async () => {
    const text = template('{\n        "Engine": "postgres"\n      }');
    assert.equal(await fix('json', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('{\n        "Engine": "postgres",\n        "StorageEncrypted": true\n      }'));
    const cdk = '{\n "Resources": {\n  "Db": {\n   "Type": "AWS::RDS::DBInstance",\n   "Properties": {\n    "Engine": "postgres"\n   }\n  }\n }\n}';
    assert.equal(
      await fix('json', cdk, 'Db', [set(['Properties', 'MasterUserSecret', 'KmsKeyId'], { 'Fn::GetAtt': ['Key', 'Arn'] })]),
      '{\n "Resources": {\n  "Db": {\n   "Type": "AWS::RDS::DBInstance",\n   "Properties": {\n    "Engine": "postgres",\n    "MasterUserSecret": {\n     "KmsKeyId": {\n      "Fn::GetAtt": [\n       "Key",\n       "Arn"\n      ]\n     }\n    }\n   }\n  }\n }\n}',
    );
  });

  test('missing Properties are created after the last key; nested lists and objects get commas right', async () => {
    const text = '{\n    "Resources": {\n        "Bucket": {\n            "Type": "AWS::S3::Bucket"\n        },\n        "Other": { "Type": "AWS::SNS::Topic" }\n    }\n}\n';
    assert.equal(
      await fix('json', text, 'Bucket', [set(['Properties', 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'], 'AES256')]),
      '{\n    "Resources": {\n        "Bucket": {\n            "Type": "AWS::S3::Bucket",\n            "Properties": {\n                "BucketEncryption": {\n                    "ServerSideEncryptionConfiguration": [\n                        {\n                            "ServerSideEncryptionByDefault": {\n                                "SSEAlgorithm": "AES256"\n                            }\n                        }\n                    ]\n                }\n            }\n        },\n        "Other": { "Type": "AWS::SNS::Topic" }\n    }\n}\n',
    );
  });

  test('empty and inline objects', async () => {
    assert.equal(await fix('json', template('{}'), 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('{\n        "StorageEncrypted": true\n      }'));
    assert.equal(await fix('json', template('{ "Engine": "postgres" }'), 'Db', [set(['Properties', 'StorageEncrypted'], true)]), template('{ "Engine": "postgres", "StorageEncrypted": true }'));
  });

  test('compact files write small intrinsics inline', async () => {
    const text = template('{\n        "DBSubnetGroupName": { "Ref": "Subnets" }\n      }');
    assert.equal(
      await fix('json', text, 'Db', [set(['Properties', 'KmsKeyId'], { 'Fn::GetAtt': ['Key', 'Arn'] })]),
      template('{\n        "DBSubnetGroupName": { "Ref": "Subnets" },\n        "KmsKeyId": { "Fn::GetAtt": ["Key", "Arn"] }\n      }'),
    );
  });

  test('remove takes the right comma with it and never leaves a trailing one', async () => {
    const text = template('{\n        "A": 1,\n        "B": 2,\n        "C": 3\n      }');
    assert.equal(await fix('json', text, 'Db', [remove(['Properties', 'A'])]), template('{\n        "B": 2,\n        "C": 3\n      }'));
    assert.equal(await fix('json', text, 'Db', [remove(['Properties', 'B'])]), template('{\n        "A": 1,\n        "C": 3\n      }'));
    assert.equal(await fix('json', text, 'Db', [remove(['Properties', 'C'])]), template('{\n        "A": 1,\n        "B": 2\n      }'));
    assert.equal(await fix('json', template('{\n        "A": 1\n      }'), 'Db', [remove(['Properties', 'A'])]), template('{}'));
  });

  test('append to arrays: inline, multi-line, empty, missing', async () => {
    assert.equal(await fix('json', template('{ "Logs": ["error"] }'), 'Db', [append(['Properties', 'Logs'], 'audit')]), template('{ "Logs": ["error", "audit"] }'));
    assert.equal(
      await fix('json', template('{\n        "Logs": [\n          "error"\n        ]\n      }'), 'Db', [append(['Properties', 'Logs'], 'audit')]),
      template('{\n        "Logs": [\n          "error",\n          "audit"\n        ]\n      }'),
    );
    assert.equal(await fix('json', template('{\n        "Logs": []\n      }'), 'Db', [append(['Properties', 'Logs'], 'audit')]), template('{\n        "Logs": [\n          "audit"\n        ]\n      }'));
    assert.equal(
      await fix('json', template('{\n        "Engine": "mysql"\n      }'), 'Db', [append(['Properties', 'Logs'], 'audit')]),
      template('{\n        "Engine": "mysql",\n        "Logs": [\n          "audit"\n        ]\n      }'),
    );
  });

  test('add-resource inserts the new logical id right after the fixed one', async () => {
    const text = '{\n  "Resources": {\n    "Bucket": {\n      "Type": "AWS::S3::Bucket"\n    },\n    "Topic": {\n      "Type": "AWS::SNS::Topic"\n    }\n  }\n}\n';
    assert.equal(
      await fix('json', text, 'Bucket', [{ kind: 'add-resource', type: 'AWS::S3::BucketPolicy', name: 'BucketPolicy', body: { Properties: { Bucket: { Ref: 'Bucket' } } } }]),
      '{\n  "Resources": {\n    "Bucket": {\n      "Type": "AWS::S3::Bucket"\n    },\n    "BucketPolicy": {\n      "Type": "AWS::S3::BucketPolicy",\n      "Properties": {\n        "Bucket": {\n          "Ref": "Bucket"\n        }\n      }\n    },\n    "Topic": {\n      "Type": "AWS::SNS::Topic"\n    }\n  }\n}\n',
    );
  });

  test('CRLF and tab-indented JSON keep their style', async () => {
    const text = '{\r\n\t"Resources": {\r\n\t\t"Db": {\r\n\t\t\t"Type": "AWS::RDS::DBInstance"\r\n\t\t}\r\n\t}\r\n}\r\n';
    assert.equal(
      await fix('json', text, 'Db', [set(['Properties', 'StorageEncrypted'], true)]),
      '{\r\n\t"Resources": {\r\n\t\t"Db": {\r\n\t\t\t"Type": "AWS::RDS::DBInstance",\r\n\t\t\t"Properties": {\r\n\t\t\t\t"StorageEncrypted": true\r\n\t\t\t}\r\n\t\t}\r\n\t}\r\n}\r\n',
    );
  });

  test('Terraform JSON: attributes, expressions as "${...}" strings, blocks as objects, variables', async () => {
    const text = '{\n  "resource": {\n    "aws_db_instance": {\n      "db": {\n        "engine": "postgres"\n      }\n    }\n  }\n}\n';
    assert.equal(
      await fix('tfjson', text, 'aws_db_instance.db', [
        set(['storage_encrypted'], true),
        set(['kms_key_id'], { $expression: 'var.key' }),
        { kind: 'add-variable', name: 'key', type: 'string', description: 'KMS key' },
      ]),
      '{\n  "resource": {\n    "aws_db_instance": {\n      "db": {\n        "engine": "postgres",\n        "storage_encrypted": true,\n        "kms_key_id": "${var.key}"\n      }\n    }\n  },\n  "variable": {\n    "key": {\n      "type": "string",\n      "description": "KMS key"\n    }\n  }\n}\n',
    );
  });
});
