// RDS DB instances and Aurora cluster instances must not get a publicly reachable endpoint.

import { defineRule } from '../../api';
import { describe, expectBoolean } from '../../helpers';

/** RDS / Aurora instances not publicly accessible. */
export default defineRule({
  id: 'aws-rds-not-publicly-accessible',
  title: 'RDS and Aurora DB instances are not publicly accessible',
  description:
    'A publicly accessible database instance gets a DNS name that resolves to a public IP address, so the only ' +
    'thing between the internet and the ePHI it stores is its security group and its passwords. Databases that ' +
    'hold patient data should be reachable only from inside the VPC (or through a VPN, Direct Connect or a ' +
    'bastion), which keeps credential guessing and engine exploits off the table.',
  remediation:
    'Remove `publicly_accessible` (it defaults to `false`) or set it to `false`, place the instance in private ' +
    'subnets, and reach it from inside the VPC:\n\n' +
    '```hcl\nresource "aws_db_instance" "clinical" {\n  # ...\n  publicly_accessible = false\n}\n```',
  severity: 'error',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['13.1.3', '9.1.2', 'CLD.9.5.1'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster_instance'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_17'], tfsec: ['aws-rds-no-public-db-access'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster_instance' ? 'Aurora instance' : 'RDS instance';
    // publicly_accessible defaults to false on both resource types, so only an explicit true fails.
    expectBoolean(resource, context, ['publicly_accessible'], false, false, {
      missing: `${describe(kind, resource)} is publicly accessible`,
      wrong: `${describe(kind, resource)} is publicly accessible: publicly_accessible is true`,
    });
  },
});
