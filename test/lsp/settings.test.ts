// Settings validation and the disabled/severity filter.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, effectiveSeverity, normalizeSettings } from '../../server/src/lsp/settings';

test('nothing set gives the defaults', () => {
  for (const raw of [undefined, null, 42, 'x', [], {}]) {
    const settings = normalizeSettings(raw);
    assert.equal(settings.enable, true);
    assert.equal(settings.workspaceWide, false);
    assert.deepEqual([...settings.disabledRules], []);
    assert.deepEqual(settings.severity, {});
    assert.deepEqual(settings.exclude, []);
    assert.equal(settings.showInSource, true);
  }
  assert.equal(normalizeSettings(undefined), DEFAULT_SETTINGS);
});

test('nested settings as VS Code returns them', () => {
  const settings = normalizeSettings({
    enable: false,
    rules: { disabled: ['aws-a', 'aws-b'], severity: { 'aws-c': 'warning', 'aws-d': 'off' } },
    exclude: ['examples/**'],
    diagnostics: { workspaceWide: true },
    cdk: { showInSource: false },
    trace: { server: 'verbose' },
  });
  assert.equal(settings.showInSource, false);
  assert.equal(settings.enable, false);
  assert.deepEqual([...settings.disabledRules], ['aws-a', 'aws-b']);
  assert.deepEqual(settings.severity, { 'aws-c': 'warning', 'aws-d': 'off' });
  assert.deepEqual(settings.exclude, ['examples/**']);
  assert.equal(settings.workspaceWide, true);
});

test('flat dotted keys and a whole settings tree are accepted', () => {
  const flat = normalizeSettings({ 'rules.disabled': ['aws-a'], 'diagnostics.workspaceWide': true, 'cdk.showInSource': false });
  assert.equal(flat.showInSource, false);
  assert.deepEqual([...flat.disabledRules], ['aws-a']);
  assert.equal(flat.workspaceWide, true);
  const tree = normalizeSettings({ hipaaIac: { rules: { severity: { 'aws-a': 'note' } } } });
  assert.deepEqual(tree.severity, { 'aws-a': 'note' });
});

test('wrong values fall back instead of throwing', () => {
  const settings = normalizeSettings({
    enable: 'yes',
    rules: { disabled: ['aws-a', 3, null, ''], severity: { 'aws-a': 'fatal', 'aws-b': 1, 'aws-c': 'error' } },
    exclude: 'examples/**',
    diagnostics: { workspaceWide: 'true' },
  });
  assert.equal(settings.enable, true);
  assert.deepEqual([...settings.disabledRules], ['aws-a']);
  assert.deepEqual(settings.severity, { 'aws-c': 'error' });
  assert.deepEqual(settings.exclude, ['examples/**']);
  assert.equal(settings.workspaceWide, false);
});

test('effective severity: disabled and off hide, overrides replace the rule severity', () => {
  const settings = normalizeSettings({ rules: { disabled: ['aws-a'], severity: { 'aws-b': 'off', 'aws-c': 'note' } } });
  assert.equal(effectiveSeverity('aws-a', 'error', settings), undefined);
  assert.equal(effectiveSeverity('aws-b', 'error', settings), undefined);
  assert.equal(effectiveSeverity('aws-c', 'error', settings), 'note');
  assert.equal(effectiveSeverity('aws-d', 'warning', settings), 'warning');
});
