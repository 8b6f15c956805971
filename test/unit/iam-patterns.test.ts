// IAM wildcard patterns (`*`, `?`, case-insensitive) match exactly as the equivalent regular expression would.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternMatches } from '../../rules/aws/iam/statements';

/** The meaning of a pattern spelled as a regular expression (what the matcher must agree with). */
function reference(pattern: string, name: string): boolean {
  const source = [...pattern].map((char) => (char === '*' ? '[^]*' : char === '?' ? '[^]' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'i').test(name);
}

test('wildcard patterns: known cases', () => {
  const cases: [string, string, boolean][] = [
    ['sts:AssumeRole', 'sts:assumerole', true],
    ['sts:Assume*', 'sts:AssumeRoleWithSAML', true],
    ['sts:*', 'sts:AssumeRole', true],
    ['*', 'kms:Decrypt', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['kms:*', 'sts:AssumeRole', false],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:Getbject', false],
    ['*Role', 'sts:AssumeRole', true],
    ['*Role', 'sts:AssumeRoleWithSAML', false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['**', 'anything', true],
    ['a.c', 'abc', false],
    ['a+', 'aa', false],
  ];
  for (const [pattern, name, expected] of cases) assert.equal(patternMatches(pattern, name), expected, `${pattern} ~ ${name}`);
});

test('wildcard patterns: agree with the regular expression on generated cases', () => {
  // A small alphabet makes matches, near misses and backtracking common; seeded, so failures reproduce.
  let seed = 42;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
  for (let index = 0; index < 5000; index++) {
    const pattern = pick('aAb*?:.', random(7));
    const name = pick('aAbB:*.', random(9));
    assert.equal(patternMatches(pattern, name), reference(pattern, name), `${JSON.stringify(pattern)} ~ ${JSON.stringify(name)}`);
  }
});
