// Seeded mutation fuzzing of the HCL parser: on thousands of damaged Terraform texts it must not throw, must
// keep every range inside the text and consistent with an independent line count, must nest child ranges in
// parent ranges, and must stay within 10x of the corpus' parse time per byte. Bounded in count and time.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ParseResult, Position, Range } from '../../server/src/parse/hcl/ast.js';
import { parseHcl } from '../../server/src/parse/hcl/parser.js';
import { type HclNode, childrenOf } from '../../server/src/parse/hcl/walk.js';

const SEED = 0x5eed_2024;
const MUTANTS_PER_SAMPLE = 40;
/** Stop generating mutants after this long, so a slow machine still finishes well inside its budget. */
const MUTATION_BUDGET_MS = 7000;
const SLOWDOWN_LIMIT = 10;

// ---------- corpus ----------

const SAMPLE_AWS = `terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {
    bucket = "state-bucket"
    key    = "phi/terraform.tfstate"
  }
}

variable "env" {
  type    = string
  default = "prod"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "Env must be dev or prod."
  }
}

locals {
  name_prefix = "\${var.env}-phi"
  tags = merge(var.tags, {
    Environment  = var.env
    "Data:Class" = "ePHI"
  })
  subnet_ids = [for s in aws_subnet.private : s.id if s.map_public_ip_on_launch == false]
  by_az      = { for s in aws_subnet.private : s.availability_zone => s.id... }
  ports      = [443, 5432, 1e3, 1.5E-2, -1]
  enabled    = var.env == "prod" && !var.disabled || length(local.ports) > 2 ? true : false
}

resource "aws_kms_key" "phi" {
  description             = "Key for \${local.name_prefix}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "records" {
  bucket = aws_s3_bucket.records.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_db_instance" "patients" {
  identifier             = "patients"
  storage_encrypted      = true
  count                  = local.enabled ? 1 : 0
  vpc_security_group_ids = aws_security_group.db[*].id
  subnet_ids             = aws_subnet.private.*.id
  first                  = aws_subnet.private.0.id
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags["Owner"], password]
  }
}

resource "aws_security_group" "db" {
  name = "db"
  dynamic "ingress" {
    for_each = toset(local.ports)
    content {
      from_port   = ingress.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

resource "aws_iam_policy" "read" {
  policy = <<-EOT
    {
      "Statement": [
        %{ for b in var.buckets ~}
        {"Effect": "Allow", "Resource": "arn:aws:s3:::\${b}/*"},
        %{ endfor ~}
        {"Effect": "Deny", "Action": "*"}
      ]
    }
  EOT
}

data "aws_caller_identity" "current" {}

output "bucket_arn" {
  value       = aws_s3_bucket.records.arn
  description = "ARN: %{ if var.env == "prod" }production%{ else }non-prod%{ endif }"
}

output "region" {
  value = provider::aws::arn_parse(aws_s3_bucket.records.arn).region
}

moved {
  from = aws_s3_bucket.old
  to   = aws_s3_bucket.records
}

check "health" {
  assert {
    condition     = aws_db_instance.patients[0].status == "available"
    error_message = "DB not available"
  }
}
`;

const SAMPLE_TEMPLATES = `locals {
  user_data = <<-EOT
    #!/bin/bash
    echo "env=\${var.env}" >> /etc/environment
    %{ if var.enable_audit ~}
    auditctl -e 1
    %{ else ~}
    echo "audit disabled"
    %{ endif ~}
    %{ for name, port in var.ports ~}
    ufw allow \${port} comment "\${name}"
    %{ endfor ~}
    literal $\${HOME} and %%{ not a directive }
  EOT
  banner = <<EOT
Welcome to \${upper(var.env)}
  indented line with $ and % signs: 100%
EOT
  json        = jsonencode({ a = [1, 2, 3], b = { c = "d\\te\\u00e9" } })
  nested      = "outer \${"inner \${var.x} done"} end"
  stripped    = "a   \${~ var.x ~}   b"
  conditional = "%{ if length(var.list) > 0 }\${join(", ", var.list)}%{ else }none%{ endif }"
  escapes     = "quote \\" backslash \\\\ tab \\t newline \\n unicode \\U0001F512"
  deep        = var.matrix[0][1].cells[*].value
  math        = (1 + 2) * 3 - -4 / 2 % 3
  obj = {
    "quoted key"      = 1
    (var.dynamic_key) = 2
    bare: 3,
    4 = "four"
  }
  grouped  = { for k, v in var.items : v.team => k... if v.active }
  expanded = min(var.numbers...)
}

resource "null_resource" "x" {
  triggers = { always = timestamp() }
  provisioner "local-exec" {
    command = <<-CMD
      set -e
      for f in *.json; do
        jq . "$f" > /dev/null
      done
    CMD
  }
}

resource "aws_cloudtrail" "audit" { name = "audit" }
`;

// CRLF line ends, a byte-order mark, tabs, comments of every style and non-ASCII text.
const SAMPLE_ODD =
  '\uFEFF# Patient records (données de santé) 🏥\r\n' +
  'resource "aws_dynamodb_table" "sessions" {\r\n' +
  '\tname = "sessions-π"\r\n' +
  '\t/* block\r\n\t   comment */\r\n' +
  '\tserver_side_encryption { enabled = true }\r\n' +
  '\tpoint_in_time_recovery {\r\n\t\tenabled = true // trailing\r\n\t}\r\n' +
  '\tattribute {\r\n\t\tname = "id"\r\n\t\ttype = "S"\r\n\t}\r\n' +
  '\ttags = { Name = "naïve-名前", Owner = var.owner }\r\n' +
  '}\r\n';

/** The inline samples plus every .tf of the shared corpus folder, when it exists. */
function loadCorpus(): { name: string; text: string }[] {
  const corpus = [
    { name: 'inline:aws', text: SAMPLE_AWS },
    { name: 'inline:templates', text: SAMPLE_TEMPLATES },
    { name: 'inline:odd', text: SAMPLE_ODD },
  ];
  const dir = join(__dirname, '..', 'fixtures', 'hcl-corpus');
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.tf')) corpus.push({ name: file, text: readFileSync(join(dir, file), 'utf8') });
    }
  }
  return corpus;
}

// ---------- mutations ----------

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{', '}', '[', ']', '(', ')', '"', '${', '%{', '~}', '${~', '<<EOT\n', '<<-EOT\n', 'EOT\n', '  EOT\n', '/*', '*/',
  '#', '//', '\n', '\r\n', '=', '==', ',', '.', '*', '[*]', '.*', '.0', '::', '...', '=>', '?', ':', '!', '-', '\\',
  '\\u', '$${', '%%{', 'for ', ' in ', 'if ', '%{ if x }', '%{ else }', '%{ endif }', '%{ for a in b }', '%{ endfor }',
  'resource "x" "y" {\n', 'x = ', '\t', ' ',
];
const ODD_CHARS = ['\0', '\uD800', '\uDC00', '\uFEFF', '\r', '\u2028', '\u00A0', 'é', '😀', '\x7f', '\u0085', '\x1b'];

type Rng = () => number;

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/** Applies 1 to 3 random edits: truncation, insertions of tokens or odd characters, deletions, swapped lines... */
function mutate(rng: Rng, text: string): string {
  let s = text;
  const edits = 1 + Math.floor(rng() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rng() * (s.length + 1));
    const op = rng();
    if (op < 0.1) s = s.slice(0, at);
    else if (op < 0.4) s = s.slice(0, at) + pick(rng, TOKENS) + s.slice(at);
    else if (op < 0.5) s = s.slice(0, at) + pick(rng, ODD_CHARS) + s.slice(at);
    else if (op < 0.6) s = s.slice(0, at) + String.fromCharCode(Math.floor(rng() * 0x10000)) + s.slice(at);
    else if (op < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rng() * 30));
    else if (op < 0.9) {
      const lines = s.split('\n');
      const a = Math.floor(rng() * lines.length);
      const b = Math.floor(rng() * lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      s = lines.join('\n');
    } else {
      const from = Math.floor(rng() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(rng() * 200)) + s.slice(at);
    }
  }
  return s;
}

// ---------- invariants ----------

/** Line and column of every offset, computed independently of LineIndex (LF, CRLF and lone CR break lines). */
function lineTable(text: string): { line: Int32Array; col: Int32Array } {
  const line = new Int32Array(text.length + 1);
  const col = new Int32Array(text.length + 1);
  let l = 0;
  let c = 0;
  for (let i = 0; i <= text.length; i++) {
    line[i] = l;
    col[i] = c;
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      l++;
      c = 0;
    } else c++;
  }
  return { line, col };
}

/** The ranges a node carries: its range plus name/type ranges. */
function rangesOf(node: HclNode): Range[] {
  const out: Range[] = [node.range];
  if ('nameRange' in node) out.push(node.nameRange);
  if ('typeRange' in node) out.push(node.typeRange);
  return out;
}

/** Asserts every invariant of a parse result over `text`; returns the number of nodes. */
function checkResult(text: string, r: ParseResult, label: string): number {
  const table = lineTable(text);
  const checkPos = (p: Position, what: string): void => {
    assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length, `${label}: ${what} offset ${p.offset} outside the text`);
    assert.equal(p.line, table.line[p.offset], `${label}: ${what} line at offset ${p.offset}`);
    assert.equal(p.character, table.col[p.offset], `${label}: ${what} character at offset ${p.offset}`);
  };
  const checkRange = (range: Range, what: string): void => {
    checkPos(range.start, what);
    checkPos(range.end, what);
    assert.ok(range.start.offset <= range.end.offset, `${label}: ${what} starts after it ends`);
  };
  assert.equal(r.body.range.start.offset, 0);
  assert.equal(r.body.range.end.offset, text.length);
  assert.ok(r.errors.length <= 1000, `${label}: too many errors`);
  for (const e of r.errors) {
    assert.ok(!e.message.startsWith('Internal parser error'), `${label}: ${e.message}`);
    assert.ok(e.message.length > 0);
    checkRange(e.range, `error "${e.message}"`);
  }
  let count = 0;
  const stack: HclNode[] = [r.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    count++;
    const what = 'type' in node ? node.type : 'key' in node ? 'ObjectItem' : 'BlockLabel';
    for (const range of rangesOf(node)) checkRange(range, what);
    let prevEnd = -1;
    for (const child of childrenOf(node)) {
      const c = child.range;
      assert.ok(
        c.start.offset >= node.range.start.offset && c.end.offset <= node.range.end.offset,
        `${label}: ${'type' in child ? child.type : 'item'} [${c.start.offset},${c.end.offset}) outside its ${what} [${node.range.start.offset},${node.range.end.offset})`,
      );
      // Siblings come in source order (TemplateIf/TemplateFor children are listed condition-first, also in order).
      assert.ok(c.start.offset >= prevEnd, `${label}: children of ${what} out of order`);
      prevEnd = c.end.offset;
      stack.push(child);
    }
  }
  return count;
}

// ---------- timing ----------

/** Best-of-n duration of parsing `text`, in ms. */
function bestTime(text: string, n: number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    parseHcl(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Time model from the unmutated corpus: median ms per byte, plus the fixed cost of any parse. */
function calibrate(corpus: { text: string }[]): { perByte: number; fixed: number } {
  for (let i = 0; i < 3; i++) for (const s of corpus) parseHcl(s.text);
  const perByte = median(corpus.map((s) => bestTime(s.text, 7) / Math.max(1, s.text.length)));
  const fixed = bestTime('a = 1\n', 200);
  return { perByte, fixed };
}

/**
 * Asserts that parsing `text` stays within SLOWDOWN_LIMIT of the corpus model. `firstMs` is the time already
 * measured; only when it looks too slow is it re-measured, after a warm-up (error paths met for the first time
 * run unoptimised) and as the best of 5, so that JIT warm-up, noise and GC pauses do not fail it.
 */
function checkTime(text: string, firstMs: number, model: { perByte: number; fixed: number }, label: string): void {
  const allowed = SLOWDOWN_LIMIT * (model.perByte * text.length + model.fixed);
  if (firstMs <= allowed) return;
  let best = Infinity;
  // A real slowdown (quadratic path) fails every round; a busy machine rarely spoils three in a row.
  for (let round = 0; round < 3 && best > allowed; round++) {
    for (let i = 0; i < 10; i++) parseHcl(text);
    best = Math.min(best, bestTime(text, 7));
  }
  assert.ok(
    best <= allowed,
    `${label}: ${best.toFixed(3)} ms for ${text.length} bytes exceeds ${SLOWDOWN_LIMIT}x the corpus rate (${allowed.toFixed(3)} ms)`,
  );
}

// ---------- tests ----------

describe('HCL parser fuzzing', () => {
  const corpus = loadCorpus();

  it('parses the unmutated corpus without errors and with consistent ranges', () => {
    for (const s of corpus) {
      const r = parseHcl(s.text);
      assert.deepEqual(
        r.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`),
        [],
        s.name,
      );
      assert.ok(r.body.items.length > 0, s.name);
      checkResult(s.text, r, s.name);
    }
  });

  it('survives seeded mutations: no exception, ranges valid, nested and ordered, time per byte bounded', () => {
    const model = calibrate(corpus);
    const rng = prng(SEED);
    const started = performance.now();
    let mutants = 0;
    let withErrors = 0;
    outer: for (let round = 0; round < MUTANTS_PER_SAMPLE; round++) {
      for (const s of corpus) {
        if (performance.now() - started > MUTATION_BUDGET_MS) break outer;
        const text = mutate(rng, s.text);
        const label = `${s.name} mutant #${mutants} (seed ${SEED})`;
        let result: ParseResult;
        const t0 = performance.now();
        try {
          result = parseHcl(text);
        } catch (e) {
          assert.fail(`${label} threw: ${e instanceof Error ? e.stack : String(e)}\n${JSON.stringify(text)}`);
        }
        const ms = performance.now() - t0;
        try {
          checkResult(text, result, label);
        } catch (e) {
          throw new Error(`${e instanceof Error ? e.message : String(e)}\ninput: ${JSON.stringify(text)}`);
        }
        checkTime(text, ms, model, label);
        mutants++;
        if (result.errors.length > 0) withErrors++;
      }
    }
    // The run must have been meaningful: enough mutants, most of them actually broken.
    assert.ok(mutants >= Math.min(300, corpus.length * MUTANTS_PER_SAMPLE), `only ${mutants} mutants in the time budget`);
    assert.ok(withErrors > mutants / 2, `only ${withErrors} of ${mutants} mutants had errors`);
  });

  it('keeps pathological inputs linear: time per byte within the same bound', () => {
    const model = calibrate(corpus);
    const cases: Record<string, string> = {
      deepThenBlankLines: 'a = ' + '['.repeat(200) + '\n'.repeat(5000) + 'x = 1\n',
      unterminatedHeredocs: 'a = <<X\n'.repeat(2000),
      unterminatedHeredocsInBlock: 'r {\n' + Array.from({ length: 1000 }, (_, i) => `  a${i} = <<M${i}\n  x\n`).join('') + '}\n',
      unterminatedComments: '/* x\n'.repeat(3000),
      quotes: 'a = ' + '"'.repeat(20000) + '\n',
      interpolationsPerLine: 'a = ' + '"${\n'.repeat(2000),
      headersInUnclosedBlocks: 'resource "a" "b" {\n' + 'resource "c" "d" {\n x = 1\n'.repeat(1000),
      openBraces: '{\n'.repeat(5000),
      openBlocks: 'a {\n'.repeat(5000),
      openTuples: 'a = [\n'.repeat(3000),
      directives: 'a = "' + '%{if x}'.repeat(5000) + '"\n',
      longChain: 'a = ' + 'x + '.repeat(10000) + '1\n',
      blanksBeforeAttribute: 'a = [' + ' '.repeat(50000) + 'b = 1\n',
      heredocInterpolations: 'a = <<E\n' + '${x}\n'.repeat(5000) + 'E\n',
      heredocBrokenInterpolations: 'a = <<E\n' + '${f(\n'.repeat(2000) + 'E\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      parseHcl(text);
      const r = parseHcl(text);
      checkResult(text, r, name);
      checkTime(text, bestTime(text, 3), model, name);
    }
  });
});
