// ElastiCache (Redis OSS / Valkey) replication groups must require TLS for client and replication traffic.

import { defineRule, type Fix, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe, expectBoolean, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { reportingFix } from '../fixes';
import { isGlobalSecondary } from './replication-group';

/** Where each source family keeps the in-transit flag and mode of a replication group. */
interface GroupProperties {
  flag: ValuePath;
  mode: ValuePath;
}

/** `name = "value"` or `Name: value`, as the fix titles and notes write a setting. */
function setting(resource: Resource, path: ValuePath, value: string | boolean): string {
  const name = String(path[path.length - 1]);
  if (resource.family === 'cloudformation') return `${name}: ${value}`;
  return `${name} = ${typeof value === 'string' ? `"${value}"` : value}`;
}

/**
 * Turns TLS on. A suggestion: clients that connect without TLS are cut off, engines before 7.0.5 replace
 * the group, and an existing group needs the "preferred" mode while its clients move to TLS.
 */
function enableFix(resource: Resource, paths: GroupProperties): Fix {
  return {
    title: `Set ${setting(resource, paths.flag, true)}`,
    safe: false,
    note:
      'clients must connect with TLS; engines before 7.0.5 replace the replication group; on an existing group, ' +
      `first apply ${setting(resource, paths.mode, 'preferred')} and require TLS once every client uses it`,
    actions: [{ kind: 'set', path: paths.flag, value: true }],
  };
}

/** Ends the migration mode. A suggestion: from then on clients that do not use TLS are refused. */
function requireFix(resource: Resource, paths: GroupProperties): Fix {
  return {
    title: `Set ${setting(resource, paths.mode, 'required')}`,
    safe: false,
    note: 'clients that still connect without TLS are refused: move every client to TLS first',
    actions: [{ kind: 'set', path: paths.mode, value: 'required' }],
  };
}

/** In-transit encryption must be on (it defaults to off) and not in the "preferred" migration mode. */
function checkInTransit(resource: Resource, context: RuleContext, paths: GroupProperties): void {
  if (isGlobalSecondary(resource)) return;
  const name = describe('ElastiCache replication group', resource);
  const flagName = String(paths.flag[paths.flag.length - 1]);
  const modeName = String(paths.mode[paths.mode.length - 1]);
  expectBoolean(resource, reportingFix(context, enableFix(resource, paths)), paths.flag, true, false, {
    missing: `${name} accepts unencrypted connections: ${flagName} is not set`,
    wrong: `${name} accepts unencrypted connections: ${flagName} is false`,
  });
  if (asBool(getPath(resource.body, paths.flag)) !== true) return;
  // "preferred" is the migration mode: TLS is offered but plaintext clients are still accepted.
  const modeValue = getPath(resource.body, paths.mode);
  if (modeValue === undefined) return;
  const mode = asString(modeValue);
  if (mode === undefined) context.notEvaluable(reasonOf(modeValue, paths.mode), paths.mode);
  else if (mode.toLowerCase() === 'preferred') {
    context.report(`${name} accepts unencrypted connections: ${modeName} is "preferred"`, paths.mode, requireFix(resource, paths));
  }
}

/** ElastiCache replication group encrypted in transit. */
export default defineRule({
  id: 'aws-elasticache-encrypted-in-transit',
  title: 'ElastiCache replication groups require encryption in transit',
  description:
    'Without in-transit encryption, every cached record and session token travels in plaintext between the ' +
    'application and the cache nodes and between the nodes themselves, readable by anyone who can capture ' +
    'traffic in the VPC. It is off unless enabled, and the `preferred` transit mode still accepts unencrypted ' +
    'clients.',
  remediation:
    'Set `transit_encryption_enabled = true` and, once all clients connect with TLS, `transit_encryption_mode = ' +
    '"required"` (an AUTH token or RBAC user group adds authentication). Engine versions before 7.0.5 can only ' +
    'enable it on creation, which forces a replacement.\n\n' +
    '```hcl\nresource "aws_elasticache_replication_group" "sessions" {\n  # ...\n  transit_encryption_enabled = true\n  transit_encryption_mode    = "required"\n}\n```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\nSessionsCache:\n  Type: AWS::ElastiCache::ReplicationGroup\n  Properties:\n    # ...\n    TransitEncryptionEnabled: true\n    TransitEncryptionMode: required\n```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1'],
  appliesTo: { terraform: ['aws_elasticache_replication_group'], cloudformation: ['AWS::ElastiCache::ReplicationGroup'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_30', 'CKV_AWS_31'] },
  terraform(resource, context) {
    checkInTransit(resource, context, { flag: ['transit_encryption_enabled'], mode: ['transit_encryption_mode'] });
  },
  cloudformation(resource, context) {
    checkInTransit(resource, context, { flag: ['Properties', 'TransitEncryptionEnabled'], mode: ['Properties', 'TransitEncryptionMode'] });
  },
});
