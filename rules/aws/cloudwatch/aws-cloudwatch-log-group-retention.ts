// CloudWatch Logs log groups must keep logs for at least a year (or never expire them).

import { defineRule, type Fix, type Resource, type RuleContext, type ValuePath } from '../../api';
import { describe, judge, reasonOf, type Verdict } from '../../helpers';
import { asNumber, getPath } from '../../../server/src/model/value';

/** The shortest retention accepted: one year of audit history. */
const MINIMUM_DAYS = 365;

/**
 * Raises the retention to the minimum accepted: in place, and it only keeps events longer (at a storage
 * cost), so it is safe to apply unreviewed.
 */
function retentionFix(resource: Resource, path: ValuePath): Fix {
  const name = String(path[path.length - 1]);
  return {
    title: resource.family === 'terraform' ? `Set ${name} = ${MINIMUM_DAYS}` : `Set ${name}: ${MINIMUM_DAYS}`,
    safe: true,
    note: `${MINIMUM_DAYS} days is this rule's minimum: keep logs longer (e.g. 2192 days, six years) if your retention policy requires`,
    actions: [{ kind: 'set', path, value: MINIMUM_DAYS }],
  };
}

/** Fails a retention below a year; unset (and 0) mean the events never expire, which keeps all the evidence. */
function checkRetention(resource: Resource, context: RuleContext, path: ValuePath): void {
  const value = getPath(resource.body, path);
  if (value === undefined) return;
  const verdict = judge(value, (item): Verdict => {
    if (item === undefined) return 'pass';
    const days = asNumber(item);
    return days === undefined ? 'unknown' : days !== 0 && days < MINIMUM_DAYS ? 'fail' : 'pass';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    context.notEvaluable(reasonOf(value, path), path);
    return;
  }
  const days = asNumber(value);
  const name = String(path[path.length - 1]);
  const after = days === undefined ? `fewer than ${MINIMUM_DAYS} days` : `${days} days`;
  const message = `${describe('CloudWatch log group', resource)} deletes logs after ${after}: ${name} is below ${MINIMUM_DAYS}`;
  context.report(message, path, retentionFix(resource, path));
}

/** CloudWatch log group retention of at least a year. */
export default defineRule({
  id: 'aws-cloudwatch-log-group-retention',
  title: 'CloudWatch log groups keep logs for at least 365 days',
  description:
    'Audit logs are the evidence that access to ePHI was reviewed and that incidents can be reconstructed, often ' +
    'months after the fact. HIPAA sets no audit-log period, but it requires security documentation to be kept ' +
    'for six years, and a log group that expires events after a few days or weeks destroys that evidence. This ' +
    'rule accepts a retention of at least 365 days, or no expiry at all (`retention_in_days` unset or 0; in ' +
    'CloudFormation, `RetentionInDays` left out).',
  remediation:
    'Set `retention_in_days` to at least `365` (one of the values CloudWatch accepts, e.g. `365`, `731`, ' +
    '`1827` or `2192` for six years), or export the logs to an archive that keeps them as long as your retention ' +
    'policy requires:\n\n' +
    '```hcl\nresource "aws_cloudwatch_log_group" "api" {\n  name              = "/app/api"\n  retention_in_days = 2192\n}\n```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\nApiLogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /app/api\n    RetentionInDays: 2192\n```',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.312(b)'],
  iso27017: ['12.4.1', '12.4.2', '18.1.3'],
  appliesTo: { terraform: ['aws_cloudwatch_log_group'], cloudformation: ['AWS::Logs::LogGroup'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_66', 'CKV_AWS_338'] },
  terraform(resource, context) {
    checkRetention(resource, context, ['retention_in_days']);
  },
  cloudformation(resource, context) {
    checkRetention(resource, context, ['Properties', 'RetentionInDays']);
  },
});
