// RDS DB instances and Aurora cluster instances must not get a publicly reachable endpoint.

import { defineRule, type Fix, type Resource, type RuleContext } from '../../api';
import { describe, expectBoolean, judge, presence, reasonOf, type Verdict } from '../../helpers';
import { asBool, getPath } from '../../../server/src/model/value';
import { reportingFix } from '../fixes';
import { at, clusterMember, property, readReplica } from './cloudformation-db';

const PUBLICLY_ACCESSIBLE = at('PubliclyAccessible');

/** Taking the endpoint off the internet is an in-place change, but it cuts off every client outside the VPC. */
function privateFix(title: string, path: string[]): Fix {
  return {
    title,
    safe: false,
    note: 'the endpoint stops resolving to a public address: clients outside the VPC (and its VPN or peered networks) lose access',
    actions: [{ kind: 'set', path, value: false }],
  };
}

const TERRAFORM_FIX = privateFix('Set publicly_accessible = false', ['publicly_accessible']);
const TEMPLATE_FIX = privateFix('Set PubliclyAccessible: false', PUBLICLY_ACCESSIBLE);

/**
 * CloudFormation sends nothing when PubliclyAccessible is absent, and RDS then makes the instance public if
 * its VPC has an internet gateway: the default VPC always does, any other VPC cannot be told from here.
 */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const member = clusterMember(resource);
  const name = describe(member === 'yes' ? 'Aurora instance' : 'RDS instance', resource);
  const inDefaultVpc = member === 'no' && readReplica(resource) === 'no' && presence(property(resource, 'DBSubnetGroupName')) === 'no';
  const value = getPath(resource.body, PUBLICLY_ACCESSIBLE);
  const verdict = judge(value, (item): Verdict => {
    if (item === undefined) return inDefaultVpc ? 'fail' : 'unknown';
    const open = asBool(item);
    return open === undefined ? 'unknown' : open ? 'fail' : 'pass';
  });
  if (verdict === 'pass') return;
  if (verdict === 'unknown') {
    context.notEvaluable(
      value === undefined
        ? 'PubliclyAccessible is not set: RDS makes the instance public when the VPC of its DB subnet group has an internet gateway'
        : reasonOf(value, PUBLICLY_ACCESSIBLE),
      PUBLICLY_ACCESSIBLE,
    );
    return;
  }
  if (value === undefined) {
    context.report(
      `${name} is publicly accessible: PubliclyAccessible and DBSubnetGroupName are not set, so RDS places it in the ` +
        'default VPC and, that VPC having an internet gateway, gives it a public address',
      undefined,
      TEMPLATE_FIX,
    );
  } else context.report(`${name} is publicly accessible: PubliclyAccessible is true`, PUBLICLY_ACCESSIBLE, TEMPLATE_FIX);
}

/** RDS / Aurora instances not publicly accessible. */
export default defineRule({
  id: 'aws-rds-not-publicly-accessible',
  title: 'RDS and Aurora DB instances are not publicly accessible',
  description:
    'A publicly accessible database instance gets a DNS name that resolves to a public IP address, so the only ' +
    'thing between the internet and the ePHI it stores is its security group and its passwords. Databases that ' +
    'hold patient data should be reachable only from inside the VPC (or through a VPN, Direct Connect or a ' +
    'bastion), which keeps credential guessing and engine exploits off the table. In CloudFormation the ' +
    'property has no fixed default: left out, RDS makes the instance public whenever its VPC has an internet ' +
    'gateway (a default VPC comes with one), so the safe template states `PubliclyAccessible: false`.',
  remediation:
    'Remove `publicly_accessible` (it defaults to `false`) or set it to `false`, place the instance in private ' +
    'subnets, and reach it from inside the VPC:\n\n' +
    '```hcl\nresource "aws_db_instance" "clinical" {\n  # ...\n  publicly_accessible = false\n}\n```\n\n' +
    'In CloudFormation, always write the property, and give the instance a DB subnet group of private subnets:\n\n' +
    '```yaml\nClinicalDb:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    DBSubnetGroupName: !Ref PrivateDbSubnets\n    PubliclyAccessible: false\n```',
  severity: 'error',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['13.1.3', '9.1.2', 'CLD.9.5.1'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster_instance'], cloudformation: ['AWS::RDS::DBInstance'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_17'], tfsec: ['aws-rds-no-public-db-access'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster_instance' ? 'Aurora instance' : 'RDS instance';
    // publicly_accessible defaults to false on both resource types, so only an explicit true fails.
    expectBoolean(resource, reportingFix(context, TERRAFORM_FIX), ['publicly_accessible'], false, false, {
      missing: `${describe(kind, resource)} is publicly accessible`,
      wrong: `${describe(kind, resource)} is publicly accessible: publicly_accessible is true`,
    });
  },
  cloudformation: checkTemplate,
});
