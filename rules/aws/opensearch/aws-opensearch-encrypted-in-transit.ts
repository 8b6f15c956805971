// OpenSearch (and legacy Elasticsearch) domains must encrypt node-to-node traffic and require HTTPS with TLS 1.2+.

import { defineRule, type Resource, type RuleContext } from '../../api';
import { blocksAt, expectBoolean, judge, reasonOf, type Verdict } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { domainName } from './domain';

/** The only TLS security policy that still accepts TLS 1.0 and 1.1. */
const LEGACY_TLS_POLICY = 'Policy-Min-TLS-1-0-2019-07';

const NODE_TO_NODE = ['Properties', 'NodeToNodeEncryptionOptions'];
const ENDPOINT = ['Properties', 'DomainEndpointOptions'];
const TLS_POLICY = [...ENDPOINT, 'TLSSecurityPolicy'];

/**
 * CloudFormation: node-to-node encryption and HTTPS are off unless enabled. Unlike Terraform's
 * `enforce_https`, `EnforceHTTPS` has no default of true: left out, the endpoint also accepts HTTP.
 */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const name = domainName(resource);
  if (getPath(resource.body, NODE_TO_NODE) === undefined) {
    context.report(`${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions is not set`);
  } else {
    expectBoolean(resource, context, [...NODE_TO_NODE, 'Enabled'], true, false, {
      missing: `${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions.Enabled is not set`,
      wrong: `${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions.Enabled is false`,
    });
  }

  const endpoint = getPath(resource.body, ENDPOINT);
  if (endpoint === undefined) {
    context.report(`${name} accepts plain HTTP: DomainEndpointOptions with EnforceHTTPS is not set`);
    return;
  }
  expectBoolean(resource, context, [...ENDPOINT, 'EnforceHTTPS'], true, false, {
    missing: `${name} accepts plain HTTP: DomainEndpointOptions.EnforceHTTPS is not set`,
    wrong: `${name} accepts plain HTTP: DomainEndpointOptions.EnforceHTTPS is false`,
  });
  // An endpoint block that is wholly unknown was recorded above; it says nothing about the policy either.
  if (endpoint.kind === 'unknown' && !endpoint.alternatives) return;
  const policyValue = getPath(resource.body, TLS_POLICY);
  // Unset leaves the policy to AWS; only the legacy policy is known to accept TLS 1.0.
  if (policyValue === undefined) return;
  const verdict = judge(policyValue, (item): Verdict => {
    if (item === undefined) return 'pass';
    const policy = asString(item);
    return policy === undefined ? 'unknown' : policy === LEGACY_TLS_POLICY ? 'fail' : 'pass';
  });
  if (verdict === 'unknown') context.notEvaluable(reasonOf(policyValue, TLS_POLICY), TLS_POLICY);
  else if (verdict === 'fail') context.report(`${name} accepts TLS 1.0 and 1.1: TLSSecurityPolicy is "${LEGACY_TLS_POLICY}"`, TLS_POLICY);
}

/** OpenSearch domain encrypted in transit. */
export default defineRule({
  id: 'aws-opensearch-encrypted-in-transit',
  title: 'OpenSearch domains encrypt traffic between nodes and require HTTPS with TLS 1.2 or later',
  description:
    'Documents indexed into a domain travel between its nodes during replication and searches, and between ' +
    'clients and the domain endpoint. Without node-to-node encryption the first hop is plaintext inside the VPC; ' +
    'without enforced HTTPS, clients can send and receive ePHI over plain HTTP; and the legacy TLS policy still ' +
    'negotiates TLS 1.0 and 1.1. In CloudFormation `EnforceHTTPS` is off unless written, even when ' +
    '`DomainEndpointOptions` is present (Terraform\'s `enforce_https` defaults to true inside its block).',
  remediation:
    'Enable node-to-node encryption and enforce HTTPS with a TLS 1.2+ policy:\n\n' +
    '```hcl\nresource "aws_opensearch_domain" "search" {\n  # ...\n  node_to_node_encryption {\n    enabled = true\n  }\n  domain_endpoint_options {\n    enforce_https       = true\n    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n}\n```\n\n' +
    'Node-to-node encryption is enabled in place on OpenSearch and Elasticsearch 6.7+; older Elasticsearch ' +
    'versions recreate the domain.\n\n' +
    'In CloudFormation, write `EnforceHTTPS: true` explicitly (it has no default there):\n\n' +
    '```yaml\nSearchDomain:\n  Type: AWS::OpenSearchService::Domain\n  Properties:\n    # ...\n    NodeToNodeEncryptionOptions:\n      Enabled: true\n    DomainEndpointOptions:\n      EnforceHTTPS: true\n      TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10\n```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(c)(1)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.1.1', '14.1.2'],
  appliesTo: {
    terraform: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
    cloudformation: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_6', 'CKV_AWS_83', 'CKV_AWS_228'], tfsec: ['aws-elastic-search-enforce-https'] },
  terraform(resource, context) {
    const name = domainName(resource);

    const nodeBlocks = blocksAt(resource, context, ['node_to_node_encryption']);
    if (nodeBlocks?.length === 0) {
      context.report(`${name} sends data between nodes unencrypted: node_to_node_encryption is not set`);
    } else if (nodeBlocks !== undefined) {
      expectBoolean(resource, context, ['node_to_node_encryption', 0, 'enabled'], true, false, {
        missing: `${name} sends data between nodes unencrypted: node_to_node_encryption.enabled is not set`,
        wrong: `${name} sends data between nodes unencrypted: node_to_node_encryption.enabled is false`,
      });
    }

    const endpointBlocks = blocksAt(resource, context, ['domain_endpoint_options']);
    if (endpointBlocks === undefined) return;
    // Without the block the provider sends no endpoint options and AWS does not require HTTPS.
    if (endpointBlocks.length === 0) {
      context.report(`${name} accepts plain HTTP: domain_endpoint_options with enforce_https is not set`);
      return;
    }
    const endpoint = endpointBlocks[0];
    if (endpoint.kind === 'unknown') {
      context.notEvaluable(reasonOf(endpoint, ['domain_endpoint_options', 0]), ['domain_endpoint_options', 0]);
      return;
    }
    // Inside the block enforce_https defaults to true.
    expectBoolean(resource, context, ['domain_endpoint_options', 0, 'enforce_https'], true, true, {
      missing: `${name} accepts plain HTTP: enforce_https is not set`,
      wrong: `${name} accepts plain HTTP: enforce_https is false`,
    });
    const policyPath = ['domain_endpoint_options', 0, 'tls_security_policy'];
    const policyValue = getPath(resource.body, policyPath);
    // Unset leaves the policy to AWS; only the legacy policy is known to accept TLS 1.0.
    if (policyValue === undefined) return;
    const policy = asString(policyValue);
    if (policy === undefined) context.notEvaluable(reasonOf(policyValue, policyPath), policyPath);
    else if (policy === LEGACY_TLS_POLICY) {
      context.report(`${name} accepts TLS 1.0 and 1.1: tls_security_policy is "${LEGACY_TLS_POLICY}"`, policyPath);
    }
  },
  cloudformation: checkTemplate,
});
