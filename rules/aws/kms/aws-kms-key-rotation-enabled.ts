// Symmetric customer-managed KMS keys must rotate their key material automatically.

import { defineRule, type Fix } from '../../api';
import { describe, judge, presence, reasonOf, type Verdict } from '../../helpers';
import { asBool, asString, getPath, type Value } from '../../../server/src/model/value';

// Switching rotation on is an in-place change: key ids, aliases and existing ciphertext keep working.
const TERRAFORM_FIX: Fix = { title: 'Set enable_key_rotation = true', safe: true, actions: [{ kind: 'set', path: ['enable_key_rotation'], value: true }] };
const TEMPLATE_FIX: Fix = { title: 'Set EnableKeyRotation: true', safe: true, actions: [{ kind: 'set', path: ['Properties', 'EnableKeyRotation'], value: true }] };

// A KeySpec / Origin value that allows automatic rotation counts as 'fail' (the key must rotate), one that
// rules it out as 'pass' (nothing to check), so that judge() fails only when every Fn::If branch can rotate.
function rotatableSpec(value: Value | undefined): Verdict {
  if (value === undefined) return 'fail'; // KeySpec defaults to SYMMETRIC_DEFAULT
  const text = asString(value);
  return text === undefined ? 'unknown' : text === 'SYMMETRIC_DEFAULT' ? 'fail' : 'pass';
}

function rotatableOrigin(value: Value | undefined): Verdict {
  if (value === undefined) return 'fail'; // Origin defaults to AWS_KMS
  const text = asString(value);
  // Keys with imported key material (EXTERNAL) cannot rotate automatically.
  return text === undefined ? 'unknown' : text === 'EXTERNAL' ? 'pass' : 'fail';
}

function rotationOn(value: Value | undefined): Verdict {
  if (value === undefined) return 'fail'; // EnableKeyRotation is off unless set
  const on = asBool(value);
  return on === undefined ? 'unknown' : on ? 'pass' : 'fail';
}

/** Automatic rotation on for symmetric KMS keys. */
export default defineRule({
  id: 'aws-kms-key-rotation-enabled',
  title: 'Symmetric KMS keys rotate automatically',
  description:
    'Customer-managed KMS keys protect the data keys that encrypt ePHI in S3, EBS, RDS and most other ' +
    'services. Automatic rotation limits how much data any one version of the key material protects and ' +
    'how long a compromised version stays useful, without re-encrypting data or changing key ids. KMS ' +
    'only rotates keys on which rotation is switched on, and it is off by default.',
  remediation:
    'Set `enable_key_rotation = true` (optionally with `rotation_period_in_days` between 90 and 2560; the ' +
    'default period is 365 days):\n\n' +
    '```hcl\n' +
    'resource "aws_kms_key" "phi" {\n' +
    '  description         = "ePHI data key"\n' +
    '  enable_key_rotation = true\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, set `EnableKeyRotation: true` (optionally `RotationPeriodInDays`) on the ' +
    '`AWS::KMS::Key`:\n\n' +
    '```yaml\n' +
    'PhiKey:\n' +
    '  Type: AWS::KMS::Key\n' +
    '  Properties:\n' +
    '    Description: ePHI data key\n' +
    '    EnableKeyRotation: true\n' +
    '```\n\n' +
    'Asymmetric and HMAC keys (`customer_master_key_spec` / `KeySpec` other than `SYMMETRIC_DEFAULT`), keys ' +
    'with imported key material (`Origin: EXTERNAL`) and keys in custom (CloudHSM or external) key stores ' +
    'cannot rotate automatically and are not checked.',
  severity: 'warning',
  theme: 'key-management',
  hipaa: ['164.312(a)(2)(iv)'],
  iso27017: ['10.1.2'],
  appliesTo: { terraform: ['aws_kms_key'], cloudformation: ['AWS::KMS::Key'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_7'], tfsec: ['aws-kms-auto-rotate-keys'] },
  terraform(resource, context) {
    const rotationPath = ['enable_key_rotation'];
    const rotation = getPath(resource.body, rotationPath);
    if (asBool(rotation) === true) return;

    // Only symmetric encryption keys held by KMS itself can rotate automatically.
    const specPath = ['customer_master_key_spec'];
    const spec = getPath(resource.body, specPath);
    if (spec !== undefined) {
      const text = asString(spec);
      if (text === undefined) {
        context.notEvaluable(reasonOf(spec, specPath), specPath);
        return;
      }
      if (text !== 'SYMMETRIC_DEFAULT') return;
    }
    for (const store of ['custom_key_store_id', 'xks_key_id']) {
      const value = getPath(resource.body, [store]);
      const state = presence(value);
      if (state === 'yes') return;
      if (state === 'unknown' && value !== undefined) {
        context.notEvaluable(reasonOf(value, [store]), [store]);
        return;
      }
    }

    if (rotation === undefined) {
      context.report(`${describe('KMS key', resource)} does not rotate its key material: enable_key_rotation is not set`, undefined, TERRAFORM_FIX);
    } else if (asBool(rotation) === false) {
      context.report(`${describe('KMS key', resource)} does not rotate its key material: enable_key_rotation is false`, rotationPath, TERRAFORM_FIX);
    } else {
      context.notEvaluable(reasonOf(rotation, rotationPath), rotationPath);
    }
  },
  cloudformation(resource, context) {
    const rotationPath = ['Properties', 'EnableKeyRotation'];
    const rotation = getPath(resource.body, rotationPath);
    const rotates = judge(rotation, rotationOn);
    if (rotates === 'pass') return;
    // Only symmetric encryption keys whose key material KMS generates can rotate automatically.
    for (const [name, test] of [['KeySpec', rotatableSpec], ['Origin', rotatableOrigin]] as const) {
      const path = ['Properties', name];
      const value = getPath(resource.body, path);
      const rotatable = judge(value, test);
      if (rotatable === 'pass') return;
      if (rotatable === 'unknown') {
        context.notEvaluable(reasonOf(value!, path), path);
        return;
      }
    }
    if (rotates === 'unknown') context.notEvaluable(reasonOf(rotation!, rotationPath), rotationPath);
    else if (rotation === undefined) context.report(`${describe('KMS key', resource)} does not rotate its key material: EnableKeyRotation is not set`, undefined, TEMPLATE_FIX);
    else if (rotation.kind === 'unknown') {
      context.report(
        `${describe('KMS key', resource)} does not rotate its key material: EnableKeyRotation is false or not set in every branch of its Fn::If`,
        rotationPath,
        TEMPLATE_FIX,
      );
    } else context.report(`${describe('KMS key', resource)} does not rotate its key material: EnableKeyRotation is false`, rotationPath, TEMPLATE_FIX);
  },
});
