// Security groups must not open administration, database or all ports to 0.0.0.0/0 or ::/0.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import { blocksAt, describe, reasonOf } from '../../helpers';
import { asList, asString, getPath } from '../../../server/src/model/value';
import {
  checkIngressRule,
  cloudFormationIngressFix,
  SENSITIVE_PORTS_TEXT,
  terraformIngressFix,
  type IngressOutcome,
  type IngressShape,
} from './ingress';

// Inline `ingress` blocks and aws_security_group_rule share attribute names; the newer VPC rule
// resource holds one protocol and one CIDR per rule.
const CLASSIC_SHAPE: IngressShape = { protocol: 'protocol', fromPort: 'from_port', toPort: 'to_port', cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'] };
const VPC_RULE_SHAPE: IngressShape = { protocol: 'ip_protocol', fromPort: 'from_port', toPort: 'to_port', cidrs: ['cidr_ipv4', 'cidr_ipv6'] };
// CloudFormation: the inline SecurityGroupIngress entries and AWS::EC2::SecurityGroupIngress share names.
const CFN_SHAPE: IngressShape = { protocol: 'IpProtocol', fromPort: 'FromPort', toPort: 'ToPort', cidrs: ['CidrIp', 'CidrIpv6'] };

/** The fix of a finding at `path` of `resource`, in its source family. */
function fixAt(resource: Resource, path: ValuePath, context: RuleContext): Fix | undefined {
  return resource.family === 'terraform' ? terraformIngressFix(resource.body, path) : cloudFormationIngressFix(resource, path, context.config);
}

function record(resource: Resource, outcome: IngressOutcome, context: RuleContext, subject: string): void {
  for (const finding of outcome.findings) context.report(`${subject} ${finding.detail}`, finding.path, fixAt(resource, finding.path, context));
  for (const unknown of outcome.unknowns) context.notEvaluable(unknown.reason, unknown.path);
}

/** No internet-wide ingress to admin, database or all ports. */
export default defineRule({
  id: 'aws-ec2-no-public-ingress-to-admin-ports',
  title: 'Security groups do not open administration, database or all ports to the internet',
  description:
    'Hosts and databases that store or process ePHI must not accept remote-administration or database ' +
    'connections from any address on the internet: an open SSH, RDP or database port is scanned within ' +
    'minutes and turns one leaked or weak credential into a breach. Rules that open every protocol or ' +
    'every port expose all of these at once. This rule flags ingress from `0.0.0.0/0` or `::/0` (any ' +
    `CIDR with prefix length 0) over TCP or UDP to a range covering any of ${SENSITIVE_PORTS_TEXT}, ` +
    'and any such ingress with protocol `-1` / `all`. ICMP and other port-less protocols are not flagged. ' +
    'In CloudFormation the inline `SecurityGroupIngress` entries of `AWS::EC2::SecurityGroup` and ' +
    '`AWS::EC2::SecurityGroupIngress` resources are checked the same way.',
  remediation:
    'Restrict the source to the networks that need access (a VPN or office range, or another security ' +
    'group), or remove the rule and reach instances through AWS Systems Manager Session Manager or a ' +
    'bastion. Never open `-1` (all protocols) or `0-65535` to the internet.\n\n' +
    '```hcl\n' +
    'resource "aws_vpc_security_group_ingress_rule" "ssh_from_vpn" {\n' +
    '  security_group_id = aws_security_group.app.id\n' +
    '  ip_protocol       = "tcp"\n' +
    '  from_port         = 22\n' +
    '  to_port           = 22\n' +
    '  cidr_ipv4         = "10.20.0.0/16" # the VPN range, not 0.0.0.0/0\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'SshFromVpn:\n' +
    '  Type: AWS::EC2::SecurityGroupIngress\n' +
    '  Properties:\n' +
    '    GroupId: !Ref AppSecurityGroup\n' +
    '    IpProtocol: tcp\n' +
    '    FromPort: 22\n' +
    '    ToPort: 22\n' +
    '    CidrIp: 10.20.0.0/16 # the VPN range, not 0.0.0.0/0\n' +
    '```',
  severity: 'error',
  theme: 'network',
  hipaa: [
    '164.308(a)(3)(i)',
    '164.308(a)(3)(ii)(B)',
    '164.308(a)(4)(i)',
    '164.308(a)(4)(ii)(A)',
    '164.308(a)(4)(ii)(B)',
    '164.308(a)(4)(ii)(C)',
    '164.312(a)(1)',
    '164.312(e)(1)',
  ],
  iso27017: ['13.1.1', '13.1.3', '9.1.2', 'CLD.9.5.1'],
  appliesTo: {
    terraform: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
    cloudformation: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_277'] },
  terraform(resource, context) {
    if (resource.type === 'aws_security_group') {
      const subject = describe('Security group', resource);
      const blocks = blocksAt(resource, context, ['ingress']);
      blocks?.forEach((block, index) => {
        // A dynamic block over an unknown collection: any rule could come out of it.
        if (block.kind === 'unknown') context.notEvaluable(reasonOf(block, ['ingress', index]), ['ingress', index]);
        else record(resource, checkIngressRule(resource.body, ['ingress', index], CLASSIC_SHAPE, context.config), context, subject);
      });
      return;
    }
    if (resource.type === 'aws_security_group_rule') {
      const typeValue = getPath(resource.body, ['type']);
      const type = asString(typeValue);
      if (type === 'egress') return;
      const outcome = checkIngressRule(resource.body, [], CLASSIC_SHAPE, context.config);
      if (type === 'ingress') record(resource, outcome, context, describe('Security group rule', resource));
      // The direction is unknown: only worth saying when the rule would matter as an ingress rule.
      else if (outcome.findings.length > 0 || outcome.unknowns.length > 0) {
        context.notEvaluable(typeValue === undefined ? 'type: not set' : reasonOf(typeValue, ['type']), ['type']);
      }
      return;
    }
    record(resource, checkIngressRule(resource.body, [], VPC_RULE_SHAPE, context.config), context, describe('Security group ingress rule', resource));
  },
  cloudformation(resource, context) {
    if (resource.type === 'AWS::EC2::SecurityGroupIngress') {
      record(resource, checkIngressRule(resource.body, ['Properties'], CFN_SHAPE, context.config), context, describe('Security group ingress rule', resource));
      return;
    }
    const subject = describe('Security group', resource);
    const path = ['Properties', 'SecurityGroupIngress'];
    const list = getPath(resource.body, path);
    if (list === undefined) return;
    if (list.kind === 'unknown') {
      // The whole list is an Fn::If: it fails only when every branch list opens something.
      const branches = list.alternatives?.map((branch) => {
        const items = asList(branch.kind === 'null' ? undefined : branch) ?? [];
        const entries: Value = { kind: 'list', items };
        return items.map((_entry, index) => checkIngressRule(entries, [index], CFN_SHAPE, context.config));
      });
      const failing = branches?.map((outcomes) => outcomes.flatMap((outcome) => outcome.findings));
      if (failing && failing.every((findings) => findings.length > 0)) {
        const from = [...new Set(failing.flat().map((finding) => finding.from))].join(' or ');
        const to = [...new Set(failing.flat().map((finding) => finding.to))].join(' or ');
        context.report(`${subject} allows ingress from ${from} to ${to} (in every branch of its Fn::If)`, path);
      } else if (!branches?.every((outcomes) => outcomes.every((outcome) => outcome.findings.length === 0 && outcome.unknowns.length === 0))) {
        context.notEvaluable(reasonOf(list, path), path);
      }
      return;
    }
    (asList(list) ?? []).forEach((_entry, index) => {
      record(resource, checkIngressRule(resource.body, [...path, index], CFN_SHAPE, context.config), context, subject);
    });
  },
});
