// ElastiCache (Redis OSS / Valkey) replication groups must encrypt data at rest.

import { defineRule } from '../../api';
import { describe, expectBoolean, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { isGlobalSecondary } from './replication-group';

/** ElastiCache replication group encrypted at rest. */
export default defineRule({
  id: 'aws-elasticache-encrypted-at-rest',
  title: 'ElastiCache replication groups encrypt data at rest',
  description:
    'Caches in front of clinical applications hold copies of records and sessions, and ElastiCache writes them ' +
    'to disk during syncs, swaps and snapshots. At-rest encryption is off by default for Redis OSS (Valkey turns ' +
    'it on) and can only be chosen when the replication group is created.',
  remediation:
    'Set `at_rest_encryption_enabled = true` (and optionally `kms_key_id`). On an existing replication group this ' +
    'forces a replacement: create a new group, for example from a snapshot, and switch clients over.\n\n' +
    '```hcl\nresource "aws_elasticache_replication_group" "sessions" {\n  # ...\n  at_rest_encryption_enabled = true\n  kms_key_id                 = aws_kms_key.cache.arn\n}\n```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1'],
  appliesTo: { terraform: ['aws_elasticache_replication_group'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_29'] },
  terraform(resource, context) {
    if (isGlobalSecondary(resource)) return;
    const name = describe('ElastiCache replication group', resource);
    const path = ['at_rest_encryption_enabled'];
    let defaultValue = false;
    if (getPath(resource.body, path) === undefined) {
      // The default depends on the engine: true for valkey, false for redis (the default engine).
      const engineValue = getPath(resource.body, ['engine']);
      if (engineValue !== undefined) {
        const engine = asString(engineValue);
        if (engine === undefined) {
          context.notEvaluable(reasonOf(engineValue, ['engine']), ['engine']);
          return;
        }
        defaultValue = engine.toLowerCase() === 'valkey';
      }
    }
    expectBoolean(resource, context, path, true, defaultValue, {
      missing: `${name} stores data unencrypted: at_rest_encryption_enabled is not set`,
      wrong: `${name} stores data unencrypted: at_rest_encryption_enabled is false`,
    });
  },
});
