// The comment scanners behind suppressions: only real comments count, never text inside HCL strings,
// heredocs and interpolations, or YAML quoted and block scalars.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commentDirectives, scanHclComments, scanYamlComments, type CommentScan } from '../../server/src/engine/suppress-comments';

function texts(scan: CommentScan): string[] {
  return scan.comments.map((comment) => `${comment.line}:${comment.column}${comment.alone ? ' alone' : ''} ${comment.text}`);
}

describe('HCL comment scan', () => {
  test('finds # and // comments, alone or after code, with their columns', () => {
    const scan = scanHclComments('# one\nresource "a" "b" { // two\n  x = 1 # three\n  // four\r\n}\n');
    assert.deepEqual(texts(scan), ['0:0 alone  one', '1:19  two', '2:8  three', '3:2 alone  four']);
    assert.deepEqual([...scan.commentLines].sort(), [0, 3]);
    assert.equal(scan.comments[3].endColumn, 9, 'a trailing \\r is not part of the comment');
  });

  test('ignores # and // inside quoted strings, with escapes and interpolations', () => {
    const text = [
      'a = "http://example.com/#frag"',
      'b = "say \\"# no\\" // no"',
      'c = "${lookup(var.m, "# no", "}")} # still string" # yes',
      'd = "$${not} # string"',
    ].join('\n');
    assert.deepEqual(texts(scanHclComments(text)), ['2:51  yes']);
  });

  test('ignores heredoc content, including indented (<<-) heredocs with interpolations', () => {
    const text = [
      'resource "x" "y" {',
      '  user_data = <<EOT',
      '# hipaa-iac:ignore aws-a reason="in heredoc"',
      '${jsonencode({ a = "}" })}',
      '// also content',
      'EOT',
      '  policy = <<-JSON',
      '    # content',
      '    JSON',
      '  # real',
      '}',
    ].join('\n');
    const scan = scanHclComments(text);
    assert.deepEqual(texts(scan), ['9:2 alone  real']);
    assert.deepEqual([...scan.commentLines], [9]);
  });

  test('block comments make comment-only lines but carry no directives', () => {
    const scan = scanHclComments('/* a\n # hipaa-iac:ignore x\n*/\nx = 1 /* c */ # d\n');
    assert.deepEqual(texts(scan), ['3:14  d']);
    assert.deepEqual([...scan.commentLines].sort(), [0, 1, 2]);
  });

  test('an unterminated string ends at the end of its line', () => {
    assert.deepEqual(texts(scanHclComments('a = "oops\n# real\n')), ['1:0 alone  real']);
  });
});

describe('YAML comment scan', () => {
  test('finds comments at line start and after values, not inside quoted scalars', () => {
    const text = [
      '# top',
      'A: "x # not" # yes',
      "B: 'it''s # not' # yes2",
      "C: it's a plain # comment",
      'D: url#fragment',
      'E: "multi',
      '  # still string',
      '  end"',
      '  # real',
    ].join('\n');
    assert.deepEqual(texts(scanYamlComments(text)), ['0:0 alone  top', '1:13  yes', '2:17  yes2', '3:16  comment', '8:2 alone  real']);
  });

  test('ignores block scalar content (|, >-, sequence items, tags) and resumes after it', () => {
    const text = [
      'Resources:',
      '  A:',
      '    Properties:',
      '      UserData: |',
      '        # content',
      '',
      '        # content after a blank line',
      '      Script: !Sub >-',
      '        # content',
      '      List:',
      '        - |',
      '          # content',
      '        - key: |',
      '            # content',
      '          # real: the mapping key column ends the scalar',
      '    # real too',
    ].join('\n');
    assert.deepEqual(texts(scanYamlComments(text)), ['14:10 alone  real: the mapping key column ends the scalar', '15:4 alone  real too']);
  });
});

describe('directives in comments', () => {
  const directivesOf = (text: string, syntax: 'hcl' | 'yaml' = 'hcl') => {
    const scan = syntax === 'hcl' ? scanHclComments(text) : scanYamlComments(text);
    return scan.comments.flatMap((comment) => commentDirectives(comment, scan, text));
  };

  test('hipaa-iac:ignore with several ids and quoted, single-quoted and bare values', () => {
    const [directive] = directivesOf('# hipaa-iac:ignore aws-a, aws-b reason="a \\"quoted\\" reason" owner=\'Jane Roe\' expires=2027-03-31\n');
    assert.equal(directive.syntax, 'comment');
    assert.deepEqual(
      directive.ids.map((id) => [id.id, id.range.start.character, id.range.end.character]),
      [
        ['aws-a', 19, 24],
        ['aws-b', 26, 31],
      ],
    );
    assert.equal(directive.reason, 'a "quoted" reason');
    assert.equal(directive.owner, 'Jane Roe');
    assert.equal(directive.expires, '2027-03-31');
    assert.deepEqual(directive.range.start, { line: 0, character: 0, offset: 0 });
  });

  test('// comments, unknown keys, and a lookalike that is malformed', () => {
    const [own] = directivesOf('// hipaa-iac:ignore aws-a reson="typo"\n');
    assert.deepEqual(own.ids.map((id) => id.id), ['aws-a']);
    assert.equal(own.reason, undefined);
    assert.deepEqual(own.unknownKeys, ['reson']);
    const [bad] = directivesOf('#hipaa-iac:ignore:aws-a\n');
    assert.equal(bad.malformed, true);
  });

  test('Checkov: id and optional reason (quotes stripped)', () => {
    const [withReason, quoted, bare] = directivesOf('#checkov:skip=CKV_AWS_16:Test data only\n# checkov:skip=CKV_AWS_17: "quoted"\n#checkov:skip=CKV2_AWS_11\n');
    assert.deepEqual([withReason.syntax, withReason.ids[0].id, withReason.reason], ['checkov', 'CKV_AWS_16', 'Test data only']);
    assert.equal(quoted.reason, 'quoted');
    assert.deepEqual([bare.ids[0].id, bare.reason], ['CKV2_AWS_11', undefined]);
  });

  test('tfsec and Trivy: several on a line, :exp:, and qualifiers we cannot honour', () => {
    const directives = directivesOf(
      'x = 1 #tfsec:ignore:aws-a:exp:2026-01-31 tfsec:ignore:aws-b\n#trivy:ignore:AVD-AWS-0001\n#tfsec:ignore:aws-c:ws:prod\n#trivy:ignore:aws-d[bucket=x]\n',
    );
    assert.deepEqual(
      directives.map((directive) => [directive.syntax, directive.ids[0].id, directive.expires, directive.unsupported, directive.anchor]),
      [
        ['tfsec', 'aws-a', '2026-01-31', undefined, { kind: 'line', line: 0, alone: false }],
        ['tfsec', 'aws-b', undefined, undefined, { kind: 'line', line: 0, alone: false }],
        ['trivy', 'AVD-AWS-0001', undefined, undefined, { kind: 'line', line: 1, alone: true }],
        ['tfsec', 'aws-c', undefined, ':ws:', { kind: 'line', line: 2, alone: true }],
        ['trivy', 'aws-d', undefined, 'attribute filters', { kind: 'line', line: 3, alone: true }],
      ],
    );
  });

  test('YAML comments carry the same directives', () => {
    const [directive] = directivesOf('Resources:\n  # hipaa-iac:ignore aws-a reason="r"\n  A:\n', 'yaml');
    assert.deepEqual([directive.ids[0].id, directive.reason, directive.anchor], ['aws-a', 'r', { kind: 'line', line: 1, alone: true }]);
  });
});
