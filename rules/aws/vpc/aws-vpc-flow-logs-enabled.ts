// Every VPC must have a flow log recording the traffic of its network interfaces.

import { defineRule } from '../../api';
import { describe } from '../../helpers';

/** Each aws_vpc has an aws_flow_log attached through vpc_id. */
export default defineRule({
  id: 'aws-vpc-flow-logs-enabled',
  title: 'Every VPC has a flow log',
  description:
    'Flow logs are the network record of who connected to which host, when, and whether the connection ' +
    'was allowed. Without them a breach investigation cannot tell which systems holding ePHI an attacker ' +
    'reached or where data was sent, and unusual traffic goes unnoticed. This rule looks for an ' +
    '`aws_flow_log` whose `vpc_id` refers to the VPC (by reference or by a known ID); flow logs on ' +
    'subnets or interfaces only do not count, and a flow log whose `vpc_id` cannot be resolved makes ' +
    'the result not evaluable.',
  remediation:
    'Add an `aws_flow_log` for the VPC that captures `ALL` traffic to CloudWatch Logs, S3 or Firehose, ' +
    'and keep the destination for as long as your audit-log retention policy requires.\n\n' +
    '```hcl\n' +
    'resource "aws_flow_log" "main" {\n' +
    '  vpc_id               = aws_vpc.main.id\n' +
    '  traffic_type         = "ALL"\n' +
    '  log_destination_type = "s3"\n' +
    '  log_destination      = aws_s3_bucket.flow_logs.arn\n' +
    '}\n' +
    '```',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.308(a)(3)(ii)(A)', '164.312(b)'],
  iso27017: ['12.4.1', '13.1.1', 'CLD.12.4.5', 'CLD.13.1.4'],
  appliesTo: { terraform: ['aws_vpc'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV2_AWS_11'] },
  terraform(resource, context) {
    const { matches, uncertain } = context.related(resource, 'aws_flow_log', 'vpc_id');
    if (matches.some((flowLog) => flowLog.certain)) return;
    // A matching flow log behind an unknown count/for_each may or may not be created.
    if (matches.length > 0) {
      context.notEvaluable(`${matches.map((flowLog) => flowLog.address).join(', ')} may not be created (count or for_each is not known)`);
    } else if (uncertain) {
      context.notEvaluable('an aws_flow_log has a vpc_id that is not known and may refer to this VPC');
    } else {
      context.report(`${describe('VPC', resource)} has no flow log: no aws_flow_log has a vpc_id referring to it`);
    }
  },
});
