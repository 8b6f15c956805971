// The Terraform model: modules across files, tfvars over defaults, locals, functions, references,
// dynamic blocks and count/for_each, with unknowns explicit.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHcl } from '../../server/src/parse/hcl/parser';
import { buildTerraformModule, tfvarsValues } from '../../server/src/model/terraform/module';
import { decodePolicy } from '../../server/src/model/policy';
import { related } from '../../server/src/model/joins';
import { getPath, toPlain, type Value } from '../../server/src/model/value';
import type { Resource } from '../../server/src/model/resource';

function moduleOf(files: Record<string, string>, tfvars: Record<string, string> = {}) {
  const parsed = Object.entries(files).map(([path, text]) => {
    const result = parseHcl(text);
    assert.deepEqual(result.errors, [], `${path} parses`);
    return { path, body: result.body };
  });
  const vars = Object.entries(tfvars).map(([path, text]) => tfvarsValues(path, parseHcl(text).body));
  return buildTerraformModule('m', parsed, vars);
}

function resource(files: Record<string, string>, address: string, tfvars: Record<string, string> = {}): Resource {
  const found = moduleOf(files, tfvars).config.resources.find((item) => item.address === address);
  assert.ok(found, `resource ${address} exists`);
  return found;
}

function attr(item: Resource, ...path: (string | number)[]): Value | undefined {
  return getPath(item.body, path);
}

describe('variables', () => {
  test('defaults, tfvars overriding them, and later tfvars files winning', () => {
    const files = {
      'variables.tf': 'variable "a" {\n  default = "x"\n}\nvariable "b" {\n  default = 1\n}\nvariable "c" {}\n',
      'main.tf': 'resource "t" "r" {\n  a = var.a\n  b = var.b\n  c = var.c\n}\n',
    };
    const item = resource(files, 't.r', { 'terraform.tfvars': 'b = 2\nc = true\n', 'z.auto.tfvars': 'c = false\n' });
    assert.equal(toPlain(attr(item, 'a')!), 'x');
    assert.equal(toPlain(attr(item, 'b')!), 2);
    assert.equal(toPlain(attr(item, 'c')!), false);
  });

  test('a variable without default or value is Unknown with the reason', () => {
    const item = resource({ 'main.tf': 'variable "v" {}\nresource "t" "r" {\n  a = var.v\n}\n' }, 't.r');
    const value = attr(item, 'a');
    assert.equal(value?.kind, 'unknown');
    assert.match((value as { reason: string }).reason, /var\.v has no default/);
  });

  test('values read through variables are placed at the attribute that reads them', () => {
    const item = resource({ 'v.tf': 'variable "v" {\n  default = [false]\n}\n', 'main.tf': 'resource "t" "r" {\n  a = var.v\n}\n' }, 't.r');
    const value = attr(item, 'a', 0)!;
    assert.equal(value.range?.start.line, 1);
  });
});

describe('locals and expressions', () => {
  test('locals in any order, templates, functions and operators', () => {
    const files = {
      'main.tf': `locals {
  full = "\${local.prefix}-\${var.env}"
  prefix = "clinic"
  tags = merge({ a = "1" }, { b = upper("x") })
  list = concat(["a"], tolist(["b"]), [for s in ["c", "d"] : s if s != "d"])
  n = 2 * 3 + 1
  picked = lookup({ k = "v" }, "k", "none")
  first = coalesce("", "second")
  text = format("%s-%03d", "id", 7)
  doc = jsonencode({ Statement = [{ Effect = "Allow" }] })
  obj = { for k, v in { x = 1, y = 2 } : k => v * 10 }
}
variable "env" {
  default = "prod"
}
resource "t" "r" {
  full = local.full
  tags = local.tags
  list = local.list
  n = local.n
  picked = local.picked
  first = local.first
  text = local.text
  doc = local.doc
  obj = local.obj
  cond = var.env == "prod" ? "yes" : "no"
  splat = [{ a = 1 }, { a = 2 }][*].a
}
`,
    };
    const item = resource(files, 't.r');
    assert.equal(toPlain(attr(item, 'full')!), 'clinic-prod');
    assert.deepEqual(toPlain(attr(item, 'tags')!), { a: '1', b: 'X' });
    assert.deepEqual(toPlain(attr(item, 'list')!), ['a', 'b', 'c']);
    assert.equal(toPlain(attr(item, 'n')!), 7);
    assert.equal(toPlain(attr(item, 'picked')!), 'v');
    assert.equal(toPlain(attr(item, 'first')!), 'second');
    assert.equal(toPlain(attr(item, 'text')!), 'id-007');
    assert.equal(toPlain(attr(item, 'doc')!), '{"Statement":[{"Effect":"Allow"}]}');
    assert.deepEqual(toPlain(attr(item, 'obj')!), { x: 10, y: 20 });
    assert.equal(toPlain(attr(item, 'cond')!), 'yes');
    assert.deepEqual(toPlain(attr(item, 'splat')!), [1, 2]);
  });

  test('a conditional on an unknown value is Unknown unless both branches agree', () => {
    const files = {
      'main.tf': 'variable "u" {}\nresource "t" "r" {\n  a = var.u ? true : false\n  b = var.u ? true : true\n  c = var.u && false\n}\n',
    };
    const item = resource(files, 't.r');
    assert.equal(attr(item, 'a')?.kind, 'unknown');
    assert.deepEqual(toPlain(attr(item, 'b')!), true);
    assert.deepEqual(toPlain(attr(item, 'c')!), false);
  });

  test('self-referencing locals are Unknown, not a crash', () => {
    const item = resource({ 'main.tf': 'locals {\n  a = local.b\n  b = local.a\n}\nresource "t" "r" {\n  x = local.a\n}\n' }, 't.r');
    assert.equal(attr(item, 'x')?.kind, 'unknown');
  });

  test('attributes read in any order have the values of evaluation in source order, cycles included', () => {
    const reason = (value: Value | undefined) => (value?.kind === 'unknown' ? value.reason : undefined);
    // Without a cycle, attributes are evaluated when first read; with one, which local is reported
    // depends on the order of evaluation, which stays the order of the source whatever is read first.
    const cyclic = 'locals {\n  a = local.b\n  b = local.a\n}\nresource "t" "one" {\n  x = local.b\n}\nresource "t" "two" {\n  y = local.a\n}\n';
    const config = moduleOf({ 'main.tf': cyclic }).config;
    const [one, two] = config.resources;
    assert.equal(reason(attr(two, 'y')), 'local.b refers to itself');
    assert.equal(reason(attr(one, 'x')), 'local.b refers to itself');
    const plain = moduleOf({ 'main.tf': 'locals {\n  a = "${local.b}-a"\n  b = "b"\n}\nresource "t" "r" {\n  x = local.a\n  y = [local.b]\n}\n' });
    const item = plain.config.resources[0];
    assert.deepEqual(toPlain(attr(item, 'y')!), ['b']);
    assert.equal(toPlain(attr(item, 'x')!), 'b-a');
    assert.equal(attr(item, 'x')?.range?.start.line, 5, 'placed at the attribute that reads it');
  });

  test('references to resources stay references: Unknown with refs', () => {
    const item = resource({ 'main.tf': 'resource "aws_kms_key" "k" {}\nresource "t" "r" {\n  key = aws_kms_key.k.arn\n  arn = "${aws_s3_bucket.b.arn}/*"\n}\n' }, 't.r');
    const key = attr(item, 'key');
    assert.equal(key?.kind, 'unknown');
    assert.deepEqual((key as { refs: unknown[] }).refs, [{ kind: 'resource', type: 'aws_kms_key', name: 'k', attribute: ['arn'] }]);
    assert.deepEqual((attr(item, 'arn') as { refs: unknown[] }).refs, [{ kind: 'resource', type: 'aws_s3_bucket', name: 'b', attribute: ['arn'] }]);
  });
});

describe('blocks, dynamic blocks, count and for_each', () => {
  test('repeated nested blocks are lists of objects', () => {
    const item = resource({ 'main.tf': 'resource "t" "r" {\n  ingress {\n    p = 1\n  }\n  ingress {\n    p = 2\n  }\n}\n' }, 't.r');
    assert.deepEqual(toPlain(attr(item, 'ingress')!), [{ p: 1 }, { p: 2 }]);
  });

  test('dynamic blocks expand over known collections and are Unknown otherwise', () => {
    const files = {
      'main.tf': `variable "ports" {
  default = [22, 443]
}
variable "unknown_ports" {}
resource "t" "known" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      port = ingress.value
    }
  }
}
resource "t" "unknown" {
  dynamic "ingress" {
    for_each = var.unknown_ports
    iterator = p
    content {
      port = p.value
    }
  }
}
`,
    };
    const config = moduleOf(files).config;
    const known = config.resources.find((item) => item.name === 'known')!;
    assert.deepEqual(toPlain(attr(known, 'ingress')!), [{ port: 22 }, { port: 443 }]);
    const unknownItem = attr(config.resources.find((item) => item.name === 'unknown')!, 'ingress', 0);
    assert.equal(unknownItem?.kind, 'unknown');
  });

  test('count = 0 removes a resource; an unknown count keeps it as uncertain', () => {
    const config = moduleOf({
      'main.tf': 'variable "n" {}\nresource "t" "gone" {\n  count = 0\n}\nresource "t" "maybe" {\n  count = var.n\n  i = count.index\n}\nresource "t" "each" {\n  for_each = toset([])\n}\n',
    }).config;
    assert.deepEqual(config.resources.map((item) => item.name), ['maybe']);
    assert.equal(config.resources[0].certain, false);
    assert.equal(getPath(config.resources[0].body, ['i'])?.kind, 'unknown');
    assert.equal(getPath(config.resources[0].body, ['count']), undefined, 'meta-arguments are not attributes');
  });
});

describe('policies and joins', () => {
  test('policy documents decode from heredoc JSON, jsonencode and aws_iam_policy_document', () => {
    const config = moduleOf({
      'main.tf': `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_iam_policy" "doc" {
  policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy" "heredoc" {
  policy = <<EOF
{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Principal": "*"}]}
EOF
}
resource "aws_iam_policy" "encoded" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = aws_s3_bucket.b.arn }] })
}
`,
    }).config;
    const decode = (name: string) => decodePolicy(config, getPath(config.resources.find((item) => item.name === name)!.body, ['policy']));
    const fromDoc = decode('doc');
    assert.ok(fromDoc && 'statements' in fromDoc);
    assert.equal(fromDoc.statements[0].effect, 'Allow');
    assert.deepEqual(fromDoc.statements[0].actions?.values, ['s3:*']);
    assert.deepEqual(fromDoc.statements[0].conditions[0], { test: 'Bool', variable: 'aws:SecureTransport', values: { values: ['false'], unknown: false } });
    const fromHeredoc = decode('heredoc');
    assert.ok(fromHeredoc && 'statements' in fromHeredoc);
    assert.equal(fromHeredoc.statements[0].effect, 'Deny');
    assert.equal(fromHeredoc.statements[0].principal?.anyone, true);
    const fromEncoded = decode('encoded');
    assert.ok(fromEncoded && 'statements' in fromEncoded);
    assert.deepEqual(fromEncoded.statements[0].actions?.values, ['s3:GetObject']);
    assert.equal(fromEncoded.statements[0].resources?.unknown, true);
  });

  test('companions join by reference or known name; unknown links make the join uncertain', () => {
    const config = moduleOf({
      'main.tf': `variable "name" {}
resource "aws_s3_bucket" "a" {
  bucket = "records"
}
resource "aws_s3_bucket" "b" {}
resource "aws_s3_bucket_versioning" "by_ref" {
  bucket = aws_s3_bucket.b.id
}
resource "aws_s3_bucket_versioning" "by_name" {
  bucket = "records"
}
resource "aws_s3_bucket_versioning" "by_var" {
  bucket = var.name
}
`,
    }).config;
    const [a, b] = config.ofType('aws_s3_bucket');
    const joinA = related(config, a, 'aws_s3_bucket_versioning', 'bucket');
    assert.deepEqual(joinA.matches.map((item) => item.name), ['by_name']);
    assert.equal(joinA.uncertain, true);
    const joinB = related(config, b, 'aws_s3_bucket_versioning', 'bucket');
    assert.deepEqual(joinB.matches.map((item) => item.name), ['by_ref']);
  });
});
