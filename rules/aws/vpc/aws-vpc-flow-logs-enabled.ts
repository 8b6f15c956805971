// Every VPC must have a flow log recording the traffic of its network interfaces.

import { defineRule, type Resource, type RuleContext } from '../../api';
import { describe, judge } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';

const FLOW_LOG = 'AWS::EC2::FlowLog';

/** Whether a CloudFormation flow log records a whole VPC: its ResourceType must be `VPC`. */
function recordsVpc(flowLog: Resource): 'pass' | 'fail' | 'unknown' {
  return judge(getPath(flowLog.body, ['Properties', 'ResourceType']), (item) => {
    const type = asString(item);
    return item === undefined ? 'fail' : type === undefined ? 'unknown' : type === 'VPC' ? 'pass' : 'fail';
  });
}

/**
 * A flow log whose ResourceId is not known and could be this VPC: not a known string (an ID of a VPC
 * outside the template) and not a reference to other resources of the template only.
 */
function mightRecord(flowLog: Resource, context: RuleContext): boolean {
  if (recordsVpc(flowLog) === 'fail') return false;
  const id = getPath(flowLog.body, ['Properties', 'ResourceId']);
  if (id === undefined || id.kind !== 'unknown') return false;
  return !(id.refs.length > 0 && id.refs.every((ref) => ref.kind === 'cfn-resource' && context.config.resolve(ref) !== undefined));
}

function checkCfnVpc(vpc: Resource, context: RuleContext): void {
  const { matches, uncertain } = context.related(vpc, FLOW_LOG, ['Properties', 'ResourceId']);
  const recording = matches.filter((flowLog) => recordsVpc(flowLog) === 'pass');
  if (recording.some((flowLog) => flowLog.certain)) return;
  const undecided = matches.filter((flowLog) => recordsVpc(flowLog) === 'unknown');
  if (recording.length > 0) {
    context.notEvaluable(`${recording.map((flowLog) => flowLog.name).join(', ')} may not be created (its Condition is not known)`);
  } else if (undecided.length > 0) {
    context.notEvaluable(`${undecided.map((flowLog) => flowLog.name).join(', ')}: ResourceType is not known, so it may not record this VPC`);
  } else if (uncertain && context.config.ofType(FLOW_LOG).some((flowLog) => !matches.includes(flowLog) && mightRecord(flowLog, context))) {
    context.notEvaluable(`an ${FLOW_LOG} has a ResourceId that is not known and may refer to this VPC`);
  } else {
    context.report(`${describe('VPC', vpc)} has no flow log: no ${FLOW_LOG} with ResourceType VPC has a ResourceId referring to it`);
  }
}

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
    'the result not evaluable. In CloudFormation the VPC needs an `AWS::EC2::FlowLog` with `ResourceType: VPC` ' +
    'whose `ResourceId` refers to it (`!Ref` the VPC).',
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
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'VpcFlowLog:\n' +
    '  Type: AWS::EC2::FlowLog\n' +
    '  Properties:\n' +
    '    ResourceId: !Ref Vpc\n' +
    '    ResourceType: VPC\n' +
    '    TrafficType: ALL\n' +
    '    LogDestinationType: s3\n' +
    '    LogDestination: !GetAtt FlowLogBucket.Arn\n' +
    '```',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.308(a)(3)(ii)(A)', '164.312(b)'],
  iso27017: ['12.4.1', '13.1.1', 'CLD.12.4.5', 'CLD.13.1.4'],
  appliesTo: { terraform: ['aws_vpc'], cloudformation: ['AWS::EC2::VPC'] },
  // No quick fix: a flow log needs a destination (an S3 bucket, a CloudWatch log group with an IAM role
  // for delivery, or a Firehose stream) whose choice, retention and access are the user's to decide. A fix
  // would have to invent that infrastructure, or point at a destination declared as a Terraform variable,
  // which a CloudFormation fix cannot do (it cannot add a Parameter).
  fix: 'none',
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
  cloudformation: checkCfnVpc,
});
