// EC2 instances and launch-template network interfaces must not ask for a public IPv4 address.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { blocksAt, describe, judge, reasonOf } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';

/**
 * Sets the flag to false (rather than removing it, which would leave the choice to the subnet). Not safe:
 * the instance loses its public address, and on aws_instance the change replaces the instance.
 */
function privateFix(resource: Resource, path: ValuePath): Fix {
  const terraform = resource.family === 'terraform';
  const title = terraform ? 'Set associate_public_ip_address = false' : 'Set AssociatePublicIpAddress: false';
  const reach = 'reach it through a load balancer, VPN or Session Manager, and give its subnet a NAT gateway for outbound traffic';
  const template = resource.type === 'aws_launch_template' || resource.type === 'AWS::EC2::LaunchTemplate';
  const note = template
    ? `instances launched from the new template version get no public IP address: ${reach}`
    : `the instance loses its public IP address and is replaced: ${reach}`;
  return { title, safe: false, note, actions: [{ kind: 'set', path, value: false }] };
}

/**
 * The flag true is a finding; false passes. Absent also passes: the address then depends on the
 * subnet's auto-assign setting, which a subnet rule checks where it is set. An Fn::If fails only when
 * every branch asks for a public address.
 */
function checkFlag(root: Value, path: ValuePath, context: RuleContext, subject: string, name: string, fix?: Fix): void {
  const value = getPath(root, path);
  const outcome = judge(value, (item) => {
    if (item === undefined) return 'pass';
    const flag = asBool(item);
    return flag === undefined ? 'unknown' : flag ? 'fail' : 'pass';
  });
  if (outcome === 'unknown') context.notEvaluable(reasonOf(value as Value, path), path);
  else if (outcome === 'fail') {
    const detail = value?.kind === 'unknown' ? `${name} is true in every branch of its Fn::If` : `${name} is true`;
    context.report(`${subject} gets a public IP address: ${detail}`, path, fix);
  }
}

/** Checks the network interfaces listed at `path`; unknown entries (dynamic blocks) are not evaluable. */
function checkInterfaces(resource: Resource, path: ValuePath, context: RuleContext, subject: string, name: string, interfaces: Value[] | undefined): void {
  interfaces?.forEach((block, index) => {
    const itemPath = [...path, index];
    const flagPath = [...itemPath, name];
    // An Fn::If entry is a choice between known interfaces: judged branch by branch through the flag
    // (with no fix, which cannot write into the branches).
    if (block.kind === 'unknown' && !block.alternatives) context.notEvaluable(reasonOf(block, itemPath), itemPath);
    else checkFlag(resource.body, flagPath, context, subject, name, block.kind === 'object' ? privateFix(resource, flagPath) : undefined);
  });
}

/** No public IP on instances or launch-template interfaces. */
export default defineRule({
  id: 'aws-ec2-no-public-ip',
  title: 'EC2 instances and launch templates do not request public IP addresses',
  description:
    'An instance with a public IP address can be reached from the internet as soon as one security group ' +
    'rule or network ACL is loosened, and it can send ePHI out without passing a NAT gateway, proxy or ' +
    'egress control. Servers that process ePHI belong in private subnets behind a load balancer or ' +
    'bastion. This rule flags `associate_public_ip_address = true` on `aws_instance` and on ' +
    '`aws_launch_template` network interfaces; when the attribute is not set the subnet decides, and ' +
    'the instance is not flagged here. In CloudFormation the flag is `AssociatePublicIpAddress` on the ' +
    '`NetworkInterfaces` of `AWS::EC2::Instance` and of `AWS::EC2::LaunchTemplate` `LaunchTemplateData`.',
  remediation:
    'Remove `associate_public_ip_address = true` (or set it to `false`), launch the instance in a private ' +
    'subnet, and publish services through a load balancer. On `aws_instance` the change replaces the ' +
    'instance.\n\n' +
    '```hcl\n' +
    'resource "aws_launch_template" "app" {\n' +
    '  # ...\n' +
    '  network_interfaces {\n' +
    '    associate_public_ip_address = false\n' +
    '    subnet_id                   = aws_subnet.private.id\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'AppTemplate:\n' +
    '  Type: AWS::EC2::LaunchTemplate\n' +
    '  Properties:\n' +
    '    LaunchTemplateData:\n' +
    '      NetworkInterfaces:\n' +
    '        - DeviceIndex: 0\n' +
    '          AssociatePublicIpAddress: false\n' +
    '          SubnetId: !Ref PrivateSubnet\n' +
    '```',
  severity: 'warning',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['13.1.3', 'CLD.9.5.1'],
  appliesTo: { terraform: ['aws_instance', 'aws_launch_template'], cloudformation: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_88'] },
  terraform(resource, context) {
    const name = 'associate_public_ip_address';
    if (resource.type === 'aws_instance') {
      checkFlag(resource.body, [name], context, describe('EC2 instance', resource), name, privateFix(resource, [name]));
      return;
    }
    const path = ['network_interfaces'];
    checkInterfaces(resource, path, context, describe('Launch template', resource), name, blocksAt(resource, context, path));
  },
  cloudformation(resource, context) {
    // CloudFormation has no instance-level flag: only the interfaces listed on the instance or template.
    const instance = resource.type === 'AWS::EC2::Instance';
    const path = instance ? ['Properties', 'NetworkInterfaces'] : ['Properties', 'LaunchTemplateData', 'NetworkInterfaces'];
    const subject = describe(instance ? 'EC2 instance' : 'Launch template', resource);
    checkInterfaces(resource, path, context, subject, 'AssociatePublicIpAddress', blocksAt(resource, context, path));
  },
});
