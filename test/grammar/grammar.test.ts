// Snapshot tests for the TextMate grammar (syntaxes/terraform.tmLanguage.json).
//
// Every fixture under test/grammar/fixtures/ is tokenised with vscode-textmate + vscode-oniguruma (the same
// engine VS Code uses) and compared with test/grammar/snapshots/<fixture>.snap: one line per token,
// `line:startCol-endCol scope scope ... 'text'` (1-based line and columns, end inclusive; the root scope
// source.hcl.terraform is left out, as are tokens made only of whitespace).
// UPDATE_SNAPSHOTS=1 rewrites the snapshots; review the diff by eye before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

type IGrammar = textmate.IGrammar;

const here = __dirname;
const root = join(here, '..', '..');
const grammarPath = join(root, 'syntaxes', 'terraform.tmLanguage.json');
const fixturesDir = join(here, 'fixtures');
const snapshotsDir = join(here, 'snapshots');
const scopeName = 'source.hcl.terraform';
const update = process.env.UPDATE_SNAPSHOTS === '1';

let grammarPromise: Promise<IGrammar> | undefined;

function loadGrammar(): Promise<IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (name: string) =>
        name === scopeName ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const grammar = await registry.loadGrammar(scopeName);
    if (!grammar) throw new Error('grammar ' + scopeName + ' did not load');
    return grammar;
  })();
  return grammarPromise;
}

function quote(text: string): string {
  return "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\t/g, '\\t') + "'";
}

/** Tokenises a whole file and renders one line per token. */
export async function renderTokens(source: string): Promise<string> {
  const grammar = await loadGrammar();
  const out: string[] = [];
  let state = textmate.INITIAL;
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, Math.min(token.endIndex, line.length));
      if (text.trim() === '') continue;
      const scopes = token.scopes.filter((s) => s !== scopeName).join(' ');
      out.push(`${index + 1}:${token.startIndex + 1}-${token.startIndex + text.length} ${scopes} ${quote(text)}`);
    }
    state = result.ruleStack;
  });
  return out.join('\n') + '\n';
}

/** The scopes of the first token whose text is exactly `text` on 1-based line `line`. */
async function scopesOf(source: string, line: number, text: string): Promise<string[]> {
  const grammar = await loadGrammar();
  let state = textmate.INITIAL;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const result = grammar.tokenizeLine(lines[i], state);
    if (i === line - 1) {
      const token = result.tokens.find((t) => lines[i].slice(t.startIndex, t.endIndex) === text);
      assert.ok(token, `no token ${JSON.stringify(text)} on line ${line}: ${lines[i]}`);
      return token.scopes;
    }
    state = result.ruleStack;
  }
  throw new Error('line ' + line + ' out of range');
}

test('grammar file is a well-formed TextMate grammar', () => {
  const raw = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string; patterns: unknown[]; repository: Record<string, unknown> };
  assert.equal(raw.scopeName, scopeName);
  assert.ok(raw.patterns.length > 0);
  // every include points at a repository entry that exists
  const text = readFileSync(grammarPath, 'utf8');
  for (const m of text.matchAll(/"include": "#([^"]+)"/g)) assert.ok(m[1] in raw.repository, 'missing repository rule #' + m[1]);
});

const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.tf') || f.endsWith('.tfvars')).sort();

test('there are grammar fixtures', () => {
  assert.ok(fixtures.length >= 3, 'expected fixtures in ' + fixturesDir);
});

for (const fixture of fixtures) {
  test(`tokens of ${fixture} match the snapshot`, async () => {
    const actual = await renderTokens(readFileSync(join(fixturesDir, fixture), 'utf8'));
    const snapshot = join(snapshotsDir, fixture.replace(/\.(tf|tfvars)$/, '') + '.snap');
    if (update || !existsSync(snapshot)) {
      if (!update) assert.fail(`missing snapshot ${snapshot}; run with UPDATE_SNAPSHOTS=1 and review it`);
      writeFileSync(snapshot, actual);
      return;
    }
    const expected = readFileSync(snapshot, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const at = a.findIndex((line, i) => line !== e[i]);
      assert.fail(
        `${fixture}: tokens differ from ${snapshot} at snapshot line ${at + 1}\n` +
          `  expected: ${e[at] ?? '<end>'}\n  actual:   ${a[at] ?? '<end>'}\n` +
          'If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.',
      );
    }
  });
}

// A few targeted checks that state the intent independently of the snapshots.
test('interpolation inside a string highlights the reference', async () => {
  const src = 'name = "db-${var.env}-x"\n';
  const scopes = await scopesOf(src, 1, 'var');
  assert.deepEqual(scopes, [
    scopeName,
    'string.quoted.double.terraform',
    'meta.interpolation.terraform',
    'meta.embedded.line.terraform',
    'variable.language.terraform',
  ]);
  assert.ok((await scopesOf(src, 1, '${')).includes('punctuation.section.interpolation.begin.terraform'));
  assert.ok((await scopesOf(src, 1, '-x')).includes('string.quoted.double.terraform'));
});

test('a heredoc body is a string and its interpolations are expressions', async () => {
  const src = 'policy = <<-EOT\n  {"a": "${local.b}"}\n  EOT\nafter = 1\n';
  assert.ok((await scopesOf(src, 2, '  {"a": "')).includes('string.unquoted.heredoc.terraform'));
  assert.ok((await scopesOf(src, 2, 'local')).includes('variable.language.terraform'));
  assert.ok((await scopesOf(src, 3, 'EOT')).includes('keyword.control.heredoc.terraform'));
  assert.deepEqual(await scopesOf(src, 4, 'after'), [scopeName, 'variable.other.property.terraform']);
});

test('block keywords, labels and attributes', async () => {
  const src = 'resource "aws_db_instance" "patients" {\n  storage_encrypted = false\n}\n';
  assert.ok((await scopesOf(src, 1, 'resource')).includes('storage.type.block.terraform'));
  assert.ok((await scopesOf(src, 1, 'aws_db_instance')).includes('entity.name.type.terraform'));
  assert.ok((await scopesOf(src, 1, 'patients')).includes('entity.name.label.terraform'));
  assert.ok((await scopesOf(src, 2, 'storage_encrypted')).includes('variable.other.property.terraform'));
  assert.ok((await scopesOf(src, 2, 'false')).includes('constant.language.boolean.terraform'));
});

test('an unterminated string does not swallow the following lines', async () => {
  const src = 'a = "half typed\nb = 2\n';
  assert.deepEqual(await scopesOf(src, 2, 'b'), [scopeName, 'variable.other.property.terraform']);
});

// The Terraform files of the repository (parser corpus, rule fixtures, examples, e2e workspace) are valid HCL, so the grammar
// must be back at the top level after its last line: no string, block or bracket left open by a mis-tokenisation.
function terraformFiles(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) terraformFiles(path, out);
    else if (/\.(tf|tfvars)$/.test(entry.name)) out.push(path);
  }
  return out;
}

test('the grammar ends at the top level for every Terraform file in the repository', async () => {
  const grammar = await loadGrammar();
  const dirs = ['test/fixtures/hcl-corpus', 'test/e2e/workspace', 'rules', 'examples'];
  const files = dirs.flatMap((dir) => terraformFiles(join(root, dir), []));
  assert.ok(files.length > 0);
  const unbalanced: string[] = [];
  for (const file of files) {
    let state = textmate.INITIAL;
    for (const line of readFileSync(file, 'utf8').split('\n')) state = grammar.tokenizeLine(line, state).ruleStack;
    if (state.depth !== 1) unbalanced.push(`${file} (depth ${state.depth})`);
  }
  assert.deepEqual(unbalanced, []);
});

test('language-configuration.json is valid and its regular expressions compile', () => {
  const config = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: unknown[];
    surroundingPairs: unknown[];
    folding: { markers: { start: string; end: string } };
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    wordPattern: string;
  };
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
  assert.ok(config.brackets.length >= 3 && config.autoClosingPairs.length >= 3 && config.surroundingPairs.length >= 3);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('resource "aws_s3_bucket" "b" {'));
  assert.ok(increase.test('  tags = merge(local.tags, {'));
  assert.ok(increase.test('  cidrs = ['));
  assert.ok(!increase.test('  a = { b = 1 }'));
  assert.ok(decrease.test('  }'));
  assert.ok(decrease.test('  ])'));
  const start = new RegExp(config.folding.markers.start);
  const end = new RegExp(config.folding.markers.end);
  assert.ok(start.test('  # region network') && end.test('  # endregion'));
  const word = new RegExp(config.wordPattern, 'g');
  assert.deepEqual('aws_db_instance.patients-db[0]'.match(word), ['aws_db_instance', 'patients-db', '0']);
});
