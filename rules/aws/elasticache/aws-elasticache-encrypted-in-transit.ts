// ElastiCache (Redis OSS / Valkey) replication groups must require TLS for client and replication traffic.

import { defineRule, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe, expectBoolean, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { isGlobalSecondary } from './replication-group';

/** Where each source family keeps the in-transit flag and mode of a replication group. */
interface GroupProperties {
  flag: ValuePath;
  mode: ValuePath;
}

/** In-transit encryption must be on (it defaults to off) and not in the "preferred" migration mode. */
function checkInTransit(resource: Resource, context: RuleContext, paths: GroupProperties): void {
  if (isGlobalSecondary(resource)) return;
  const name = describe('ElastiCache replication group', resource);
  const flagName = String(paths.flag[paths.flag.length - 1]);
  const modeName = String(paths.mode[paths.mode.length - 1]);
  expectBoolean(resource, context, paths.flag, true, false, {
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
    context.report(`${name} accepts unencrypted connections: ${modeName} is "preferred"`, paths.mode);
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
