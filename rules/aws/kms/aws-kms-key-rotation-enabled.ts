// Symmetric customer-managed KMS keys must rotate their key material automatically.

import { defineRule } from '../../api';
import { describe, presence, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';

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
    'Asymmetric and HMAC keys, and keys in custom (CloudHSM or external) key stores, cannot rotate ' +
    'automatically and are not checked.',
  severity: 'warning',
  theme: 'key-management',
  hipaa: ['164.312(a)(2)(iv)'],
  iso27017: ['10.1.2'],
  appliesTo: { terraform: ['aws_kms_key'] },
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
      context.report(`${describe('KMS key', resource)} does not rotate its key material: enable_key_rotation is not set`);
    } else if (asBool(rotation) === false) {
      context.report(`${describe('KMS key', resource)} does not rotate its key material: enable_key_rotation is false`, rotationPath);
    } else {
      context.notEvaluable(reasonOf(rotation, rotationPath), rotationPath);
    }
  },
});
