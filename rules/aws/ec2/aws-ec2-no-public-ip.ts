// EC2 instances and launch-template network interfaces must not ask for a public IPv4 address.

import { defineRule, type RuleContext, type Value, type ValuePath } from '../../api';
import { blocksAt, describe, reasonOf } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';

/**
 * `associate_public_ip_address = true` is a finding; false passes. Absent also passes: the address
 * then depends on the subnet's map_public_ip_on_launch, which a subnet rule checks where it is set.
 */
function checkFlag(root: Value, path: ValuePath, context: RuleContext, subject: string): void {
  const value = getPath(root, path);
  if (value === undefined) return;
  const flag = asBool(value);
  if (flag === undefined) context.notEvaluable(reasonOf(value, path), path);
  else if (flag) context.report(`${subject} gets a public IP address: associate_public_ip_address is true`, path);
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
    'the instance is not flagged here.',
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
    '```',
  severity: 'warning',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['13.1.3', 'CLD.9.5.1'],
  appliesTo: { terraform: ['aws_instance', 'aws_launch_template'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_88'] },
  terraform(resource, context) {
    if (resource.type === 'aws_instance') {
      checkFlag(resource.body, ['associate_public_ip_address'], context, describe('EC2 instance', resource));
      return;
    }
    const subject = describe('Launch template', resource);
    blocksAt(resource, context, ['network_interfaces'])?.forEach((block, index) => {
      const path = ['network_interfaces', index];
      if (block.kind === 'unknown') context.notEvaluable(reasonOf(block, path), path);
      else checkFlag(resource.body, [...path, 'associate_public_ip_address'], context, subject);
    });
  },
});
