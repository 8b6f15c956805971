// Redshift clusters must not get a publicly reachable endpoint.

import { defineRule, type Fix } from '../../api';
import { describe, expectBoolean } from '../../helpers';
import { reportingFix } from '../fixes';

/** Making the cluster private is an in-place change, but it cuts off every client outside the VPC. */
function privateFix(title: string, path: string[]): Fix {
  return {
    title,
    safe: false,
    note: 'the cluster loses its public address: clients outside the VPC (and its VPN or peered networks) lose access',
    actions: [{ kind: 'set', path, value: false }],
  };
}

const TERRAFORM_FIX = privateFix('Set publicly_accessible = false', ['publicly_accessible']);
const TEMPLATE_FIX = privateFix('Set PubliclyAccessible: false', ['Properties', 'PubliclyAccessible']);

/** Redshift cluster not publicly accessible. */
export default defineRule({
  id: 'aws-redshift-not-publicly-accessible',
  title: 'Redshift clusters are not publicly accessible',
  description:
    'A publicly accessible Redshift cluster gets a public IP address, exposing a warehouse that typically ' +
    'aggregates claims, encounters and other ePHI from many systems to the internet, guarded only by its ' +
    'security groups and credentials. Analytics clients should reach the cluster through the VPC, a VPN or ' +
    'Redshift-managed VPC endpoints instead. In CloudFormation an omitted `PubliclyAccessible` takes the ' +
    'CreateCluster default, `false`; clusters created under the older default of `true` keep it until changed.',
  remediation:
    'Remove `publicly_accessible` or set it to `false` (the default since AWS provider v6; older providers ' +
    'defaulted to `true`, so set it explicitly if you pin v5 or earlier):\n\n' +
    '```hcl\nresource "aws_redshift_cluster" "analytics" {\n  # ...\n  publicly_accessible = false\n}\n```\n\n' +
    'In CloudFormation, remove `PubliclyAccessible: true` or state it explicitly:\n\n' +
    '```yaml\nAnalyticsCluster:\n  Type: AWS::Redshift::Cluster\n  Properties:\n    # ...\n    PubliclyAccessible: false\n```',
  severity: 'error',
  theme: 'network',
  hipaa: ['164.308(a)(3)(i)', '164.308(a)(4)(ii)(A)', '164.308(a)(4)(ii)(C)', '164.312(a)(1)', '164.312(e)(1)'],
  iso27017: ['13.1.3', '9.1.2'],
  appliesTo: { terraform: ['aws_redshift_cluster'], cloudformation: ['AWS::Redshift::Cluster'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_87'] },
  terraform(resource, context) {
    // publicly_accessible defaults to false from AWS provider v6, so an absent attribute passes.
    expectBoolean(resource, reportingFix(context, TERRAFORM_FIX), ['publicly_accessible'], false, false, {
      missing: `${describe('Redshift cluster', resource)} is publicly accessible`,
      wrong: `${describe('Redshift cluster', resource)} is publicly accessible: publicly_accessible is true`,
    });
  },
  cloudformation(resource, context) {
    // CreateCluster documents false as the default, and CloudFormation sends nothing when the property is absent.
    expectBoolean(resource, reportingFix(context, TEMPLATE_FIX), ['Properties', 'PubliclyAccessible'], false, false, {
      missing: `${describe('Redshift cluster', resource)} is publicly accessible`,
      wrong: `${describe('Redshift cluster', resource)} is publicly accessible: PubliclyAccessible is true`,
    });
  },
});
