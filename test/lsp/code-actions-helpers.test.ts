// Unit tests of the code-action helpers: suppression text and placement, input validation, kind
// matching, the fix-all loop and its single edit, the HCL parse check, and the provider's resolve with an
// injected HCL check (a fix whose result would not parse is not applied).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULES } from '../../rules/index';
import { Project } from '../../server/src/engine/project';
import { indexRules } from '../../server/src/engine/runner';
import { applyEdits } from '../../server/src/fixes/index';
import { CodeActionProvider, FIX_ALL_KIND, kindRequested, type DocumentState } from '../../server/src/lsp/code-actions';
import { changedRegion, fixAllText } from '../../server/src/lsp/fix-all';
import { hclParses } from '../../server/src/lsp/hcl-validate';
import { commentLineEdit, metadataSuppressionFix, quoteValue, suppressionCommentText, suppressionEntry } from '../../server/src/lsp/suppression-edit';
import { validateExpiry, validateOwner, validateReason } from '../../server/src/lsp/suppression-protocol';
import { withSuppressionProblems } from '../../server/src/lsp/suppression-diagnostics';

const RULES = indexRules(ALL_RULES);
const TF = 'resource "aws_db_instance" "db" {\n  engine            = "postgres"\n  storage_encrypted = false\n}\n';

describe('suppression text', () => {
  test('values are quoted with \\ and " escaped and line breaks folded', () => {
    assert.equal(quoteValue('a "b" \\ c'), '"a \\"b\\" \\\\ c"');
    assert.equal(quoteValue(' two\nlines '), '"two lines"');
  });

  test('the comment names the rule, the reason, then owner and expiry when given', () => {
    assert.equal(suppressionCommentText('r-1', { reason: 'why' }), 'hipaa-iac:ignore r-1 reason="why"');
    assert.equal(
      suppressionCommentText('r-1', { reason: 'why', owner: ' qa ', expires: '2030-01-01' }),
      'hipaa-iac:ignore r-1 reason="why" owner="qa" expires=2030-01-01',
    );
    assert.equal(suppressionCommentText('r-1', { reason: 'why', owner: '', expires: '' }), 'hipaa-iac:ignore r-1 reason="why"');
  });

  test('the comment line goes above the given line, indented like it, with the text line ending', () => {
    const text = 'a {\n    b = 1\n}\n';
    const edit = commentLineEdit(text, 1, 'X');
    assert.equal(edit.range.start.offset, 4);
    assert.equal(applyEdits(text, [edit]), 'a {\n    # X\n    b = 1\n}\n');
    assert.equal(applyEdits('a\r\n\tb\r\n', [commentLineEdit('a\r\n\tb\r\n', 1, 'X')]), 'a\r\n\t# X\r\n\tb\r\n');
    assert.equal(applyEdits('only', [commentLineEdit('only', 0, 'X')]), '# X\nonly');
    assert.throws(() => commentLineEdit('one line', 3, 'X'), RangeError);
  });

  test('the JSON entry and its fix path (CloudFormation Metadata, Terraform JSON "//")', () => {
    assert.deepEqual(suppressionEntry('r', { reason: 'x\ny', owner: 'o', expires: '2030-01-01' }), { id: 'r', reason: 'x y', owner: 'o', expires: '2030-01-01' });
    assert.deepEqual(metadataSuppressionFix('r', { reason: 'x' }, false).actions[0], { kind: 'append', path: ['Metadata', 'hipaa-iac', 'ignore'], value: { id: 'r', reason: 'x' } });
    assert.deepEqual((metadataSuppressionFix('r', { reason: 'x' }, true).actions[0] as { path: unknown }).path, ['//', 'hipaa-iac:ignore']);
  });
});

describe('input validation', () => {
  test('reason is required and on one line; owner is optional', () => {
    assert.ok(validateReason(''));
    assert.ok(validateReason('   '));
    assert.ok(validateReason('a\nb'));
    assert.equal(validateReason('Synthetic data'), undefined);
    assert.equal(validateOwner(''), undefined);
    assert.ok(validateOwner('a\nb'));
  });

  test('expiry is empty or a real date in the future', () => {
    assert.equal(validateExpiry('', '2026-05-01'), undefined);
    assert.equal(validateExpiry('2026-05-02', '2026-05-01'), undefined);
    assert.match(validateExpiry('2026-05-01', '2026-05-01') ?? '', /future/);
    assert.match(validateExpiry('2020-01-01', '2026-05-01') ?? '', /future/);
    assert.match(validateExpiry('2027-02-30', '2026-05-01') ?? '', /not a date/);
    assert.match(validateExpiry('31/12/2027', '2026-05-01') ?? '', /YYYY-MM-DD/);
  });
});

describe('kinds, regions, problems', () => {
  test('kindRequested: no `only` means quick fixes only; a parent kind lets its children through', () => {
    assert.equal(kindRequested(CodeActionKind.QuickFix, undefined), true);
    assert.equal(kindRequested(FIX_ALL_KIND, undefined), false);
    assert.equal(kindRequested(FIX_ALL_KIND, ['source']), true);
    assert.equal(kindRequested(FIX_ALL_KIND, ['source.fixAll']), true);
    assert.equal(kindRequested(FIX_ALL_KIND, [FIX_ALL_KIND]), true);
    assert.equal(kindRequested(FIX_ALL_KIND, ['source.organizeImports']), false);
    assert.equal(kindRequested(CodeActionKind.QuickFix, [FIX_ALL_KIND]), false);
  });

  test('changedRegion is the one replacement between two texts', () => {
    assert.equal(changedRegion('abc', 'abc'), undefined);
    const region = changedRegion('a = 1\nb = 2\n', 'a = 1\nc = 3\nb = 2\n')!;
    assert.equal('a = 1\nb = 2\n'.slice(0, region.start) + region.newText + 'a = 1\nb = 2\n'.slice(region.end), 'a = 1\nc = 3\nb = 2\n');
    const emoji = changedRegion('x\u{1F600}y', 'x\u{1F601}y')!;
    assert.deepEqual([emoji.start, emoji.end], [1, 3]);
  });

  test('suppression problems join the file diagnostics as warnings, in order', () => {
    const range = (line: number) => ({ start: { line, character: 0, offset: 0 }, end: { line, character: 1, offset: 1 } });
    const existing: Diagnostic[] = [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } }, message: 'm', code: 'r' }];
    const problems = [
      { code: 'suppression-unknown-rule' as const, severity: 'warning' as const, message: 'unknown', file: '/a.tf', range: range(1), suppressionRange: range(1) },
      { code: 'suppression-malformed' as const, severity: 'warning' as const, message: 'other file', file: '/b.tf', range: range(0), suppressionRange: range(0) },
    ];
    const result = withSuppressionProblems(existing, problems, '/a.tf');
    assert.deepEqual(result.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.source]), [
      ['suppression-unknown-rule', 2, 'hipaa-iac'],
      ['r', undefined, undefined],
    ]);
    assert.equal(withSuppressionProblems(existing, [], '/a.tf'), existing);
  });
});

describe('fix all', () => {
  test('applies the safe fixes only, with a re-lint in between, and stops', async () => {
    const project = new Project(RULES);
    project.setFile('/m/main.tf', TF);
    const result = await fixAllText(project, RULES, '/m/main.tf');
    assert.deepEqual(result.applied.map((item) => item.ruleId), ['aws-rds-deletion-protection']);
    assert.match(result.text, /deletion_protection = true/);
    assert.match(result.text, /storage_encrypted\s+= false/);
    assert.equal(project.getText('/m/main.tf'), TF, 'the project is not touched');
  });

  test('a fix whose result fails validation is skipped; accept filters rules', async () => {
    const project = new Project(RULES);
    project.setFile('/m/main.tf', TF);
    assert.equal((await fixAllText(project, RULES, '/m/main.tf', { validate: async () => false })).text, TF);
    assert.equal((await fixAllText(project, RULES, '/m/main.tf', { accept: (finding) => finding.ruleId !== 'aws-rds-deletion-protection' })).text, TF);
  });
});

describe('HCL check', () => {
  test('HashiCorp parser accepts valid HCL and rejects invalid HCL', async () => {
    assert.equal(await hclParses(TF), true);
    assert.equal(await hclParses('resource "aws_db_instance" "db" {\n  engine = \n'), false);
    assert.equal(await hclParses('resource "a" "b" {\n  x = [1, 2\n}\n'), false);
  });
});

describe('CodeActionProvider (host injected)', () => {
  const setup = (validateHcl?: (text: string) => Promise<boolean>) => {
    const project = new Project(RULES);
    const uri = 'file:///m/main.tf';
    project.setFile('/m/main.tf', TF);
    let doc: DocumentState = { uri, version: 3, languageId: 'terraform', text: TF };
    const provider = new CodeActionProvider({ project: () => project, rules: RULES, document: () => doc, validateHcl });
    const diagnostic = (code: string, line: number, character: number, endLine: number, endCharacter: number): Diagnostic => ({
      range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
      code,
      source: 'hipaa-iac',
      message: code,
    });
    const finding = project.lintUnit('/m').findings.find((item) => item.ruleId === 'aws-rds-deletion-protection')!;
    const range = finding.range;
    const safe = diagnostic('aws-rds-deletion-protection', range.start.line, range.start.character, range.end.line, range.end.character);
    const actions = (only?: string[]) =>
      provider.codeActions({ textDocument: { uri }, range: safe.range, context: only ? { diagnostics: [safe], only } : { diagnostics: [safe] } });
    return { provider, project, actions, setDoc: (next: DocumentState) => (doc = next) };
  };

  test('resolve returns the versioned edit when the result parses', async () => {
    const { provider, actions } = setup(async () => true);
    const fix = (await actions()).find((action) => action.data)!;
    const resolved = await provider.resolve(fix);
    const change = resolved.edit?.documentChanges?.[0] as unknown as { textDocument: { version: number }; edits: never[] };
    assert.equal(change.textDocument.version, 3);
    assert.match(TextDocument.applyEdits(TextDocument.create('u', 'terraform', 3, TF), change.edits), /deletion_protection = true/);
  });

  test('an HCL fix whose result would not parse is not applied', async () => {
    const checked: string[] = [];
    const { provider, actions } = setup(async (text) => {
      checked.push(text);
      return false;
    });
    const fix = (await actions()).find((action) => action.data)!;
    const resolved = await provider.resolve(fix);
    assert.equal(resolved.edit, undefined);
    assert.equal(checked.length, 1);
    assert.match(checked[0], /deletion_protection = true/, 'the fixed text is what is checked');
  });

  test('the document changing during the check drops the edit; a client without resolve gets edits eagerly', async () => {
    const { provider, actions, setDoc } = setup(async () => {
      setDoc({ uri: 'file:///m/main.tf', version: 4, languageId: 'terraform', text: TF });
      return true;
    });
    const fix = (await actions()).find((action) => action.data)!;
    assert.equal((await provider.resolve(fix)).edit, undefined);

    const eager = setup(async () => true);
    eager.provider.resolveEdits = false;
    const list: CodeAction[] = await eager.actions();
    assert.ok(list.find((action) => action.data)?.edit);
  });

  test('no actions when the project does not hold the client text yet', async () => {
    const { actions, setDoc } = setup(async () => true);
    setDoc({ uri: 'file:///m/main.tf', version: 4, languageId: 'terraform', text: TF + '\n' });
    assert.deepEqual(await actions(), []);
  });
});
