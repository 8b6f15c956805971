// The language status item's text (client side, pure).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStatus, type StatusInput } from '../../client/src/statusText';

const base: StatusInput = { client: 'running', indexing: false, files: 3, linting: false, findings: 0, syntaxErrors: 0 };

test('counts of the active file', () => {
  assert.match(describeStatus(base).text, /no findings/);
  assert.match(describeStatus({ ...base, findings: 1 }).text, /1 finding$/);
  const view = describeStatus({ ...base, findings: 2, syntaxErrors: 1 });
  assert.match(view.text, /2 findings, 1 syntax error/);
  assert.equal(view.busy, false);
  assert.equal(view.severity, 'information');
});

test('linting, indexing, starting and stopped states', () => {
  assert.deepEqual([describeStatus({ ...base, linting: true }).text, describeStatus({ ...base, linting: true }).busy], ['HIPAA IaC: linting', true]);
  assert.equal(describeStatus({ ...base, indexing: true }).busy, true);
  assert.match(describeStatus({ ...base, indexing: true }).detail, /Indexing/);
  assert.equal(describeStatus({ ...base, client: 'starting' }).busy, true);
  const stopped = describeStatus({ ...base, client: 'stopped' });
  assert.equal(stopped.severity, 'error');
  assert.match(stopped.text, /stopped/);
});

test('an internal error turns the item into a warning', () => {
  const view = describeStatus({ ...base, internalError: 'aws-x: boom' });
  assert.equal(view.severity, 'warning');
  assert.match(view.detail, /aws-x: boom/);
});
