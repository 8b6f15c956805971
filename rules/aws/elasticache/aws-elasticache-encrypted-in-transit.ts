// ElastiCache (Redis OSS / Valkey) replication groups must require TLS for client and replication traffic.

import { defineRule } from '../../api';
import { describe, expectBoolean, reasonOf } from '../../helpers';
import { asBool, asString, getPath } from '../../../server/src/model/value';
import { isGlobalSecondary } from './replication-group';

const MODE = ['transit_encryption_mode'];

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
    '```hcl\nresource "aws_elasticache_replication_group" "sessions" {\n  # ...\n  transit_encryption_enabled = true\n  transit_encryption_mode    = "required"\n}\n```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.2.1'],
  appliesTo: { terraform: ['aws_elasticache_replication_group'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_30', 'CKV_AWS_31'] },
  terraform(resource, context) {
    if (isGlobalSecondary(resource)) return;
    const name = describe('ElastiCache replication group', resource);
    const path = ['transit_encryption_enabled'];
    expectBoolean(resource, context, path, true, false, {
      missing: `${name} accepts unencrypted connections: transit_encryption_enabled is not set`,
      wrong: `${name} accepts unencrypted connections: transit_encryption_enabled is false`,
    });
    if (asBool(getPath(resource.body, path)) !== true) return;
    // "preferred" is the migration mode: TLS is offered but plaintext clients are still accepted.
    const modeValue = getPath(resource.body, MODE);
    if (modeValue === undefined) return;
    const mode = asString(modeValue);
    if (mode === undefined) context.notEvaluable(reasonOf(modeValue, MODE), MODE);
    else if (mode.toLowerCase() === 'preferred') {
      context.report(`${name} accepts unencrypted connections: transit_encryption_mode is "preferred"`, MODE);
    }
  },
});
