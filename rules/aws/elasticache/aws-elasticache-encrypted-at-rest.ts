// ElastiCache (Redis OSS / Valkey) replication groups must encrypt data at rest.

import { defineRule, type Fix, type Resource, type RuleContext, type ValuePath } from '../../api';
import type { FixAction } from '../../fix';
import { describe, judge, reasonOf, type Verdict } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { useModuleKey } from '../fixes';
import { isGlobalSecondary } from './replication-group';

/** Where each source family keeps the at-rest flag, the engine and the KMS key of a replication group. */
interface GroupProperties {
  flag: ValuePath;
  engine: ValuePath;
  key: ValuePath;
}

/** Words in a KMS key's name that say it is meant for caches, when the configuration has several keys. */
const KEY_HINTS = ['cache', 'redis', 'valkey'];

/**
 * Sets the at-rest flag, with the configuration's own KMS key when it has one and the group names none
 * (the key too can only be chosen at creation). A suggestion: at-rest encryption is fixed at creation.
 */
function encryptFix(resource: Resource, context: RuleContext, paths: GroupProperties): Fix {
  const flagName = String(paths.flag[paths.flag.length - 1]);
  const keyName = String(paths.key[paths.key.length - 1]);
  const title = resource.family === 'terraform' ? `Set ${flagName} = true` : `Set ${flagName}: true`;
  const note = 'forces replacement: create the new replication group from a snapshot and move the clients over';
  const enable: FixAction = { kind: 'set', path: paths.flag, value: true };
  const own = useModuleKey(resource, context.config, paths.key, KEY_HINTS);
  if (!own) return { title, safe: false, note, actions: [enable] };
  return {
    title: `${title} with ${keyName} from ${own.key.address}`,
    safe: false,
    note: `${note}; the key policy of ${own.key.address} must allow ElastiCache to use it`,
    actions: [enable, own.action],
  };
}

/** At-rest encryption must be on; left unset it follows the engine (on for valkey, off for redis, the default engine). */
function checkAtRest(resource: Resource, context: RuleContext, paths: GroupProperties): void {
  if (isGlobalSecondary(resource)) return;
  const name = describe('ElastiCache replication group', resource);
  const flagName = String(paths.flag[paths.flag.length - 1]);
  const engineValue = getPath(resource.body, paths.engine);
  const engine = engineValue === undefined ? 'redis' : asString(engineValue)?.toLowerCase();
  const value = getPath(resource.body, paths.flag);
  const verdict = judge(value, (item): Verdict => {
    if (item === undefined) return engine === undefined ? 'unknown' : engine === 'valkey' ? 'pass' : 'fail';
    const enabled = asBool(item);
    return enabled === undefined ? 'unknown' : enabled ? 'pass' : 'fail';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    if (value === undefined) context.notEvaluable(reasonOf(engineValue!, paths.engine), paths.engine);
    else context.notEvaluable(reasonOf(value, paths.flag), paths.flag);
    return;
  }
  const fix = encryptFix(resource, context, paths);
  if (value === undefined) context.report(`${name} stores data unencrypted: ${flagName} is not set`, undefined, fix);
  else context.report(`${name} stores data unencrypted: ${flagName} is false`, paths.flag, fix);
}

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
    '```hcl\nresource "aws_elasticache_replication_group" "sessions" {\n  # ...\n  at_rest_encryption_enabled = true\n  kms_key_id                 = aws_kms_key.cache.arn\n}\n```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\nSessionsCache:\n  Type: AWS::ElastiCache::ReplicationGroup\n  Properties:\n    # ...\n    AtRestEncryptionEnabled: true\n    KmsKeyId: !Ref CacheKey\n```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1'],
  appliesTo: { terraform: ['aws_elasticache_replication_group'], cloudformation: ['AWS::ElastiCache::ReplicationGroup'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_29'] },
  terraform(resource, context) {
    checkAtRest(resource, context, { flag: ['at_rest_encryption_enabled'], engine: ['engine'], key: ['kms_key_id'] });
  },
  cloudformation(resource, context) {
    checkAtRest(resource, context, {
      flag: ['Properties', 'AtRestEncryptionEnabled'],
      engine: ['Properties', 'Engine'],
      key: ['Properties', 'KmsKeyId'],
    });
  },
});
