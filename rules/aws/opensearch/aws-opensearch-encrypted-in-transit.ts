// OpenSearch (and legacy Elasticsearch) domains must encrypt node-to-node traffic and require HTTPS with TLS 1.2+.

import { defineRule, type Fix, type Resource, type RuleContext, type ValuePath } from '../../api';
import { blocksAt, expectBoolean, judge, reasonOf, type Verdict } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { fixWith, reportingFix, setAction } from '../fixes';
import { domainName, enableEncryptionNote } from './domain';

/** The only TLS security policy that still accepts TLS 1.0 and 1.1. */
const LEGACY_TLS_POLICY = 'Policy-Min-TLS-1-0-2019-07';

const NODE_TO_NODE = ['Properties', 'NodeToNodeEncryptionOptions'];
const ENDPOINT = ['Properties', 'DomainEndpointOptions'];
const TLS_POLICY = [...ENDPOINT, 'TLSSecurityPolicy'];

/** The TLS 1.2 policy the fixes set: every OpenSearch and Elasticsearch version accepts it. */
const TLS_1_2_POLICY = 'Policy-Min-TLS-1-2-2019-07';

/** Where each source family keeps the settings the fixes change, and how fix titles name them. */
interface Settings {
  node: ValuePath;
  https: ValuePath;
  policy: ValuePath;
  /** `name = "value"` / `Options.Name: value`, for fix titles. */
  label: (path: ValuePath, value: string | boolean) => string;
}

const SETTINGS: Record<Resource['family'], Settings> = {
  terraform: {
    node: ['node_to_node_encryption', 'enabled'],
    https: ['domain_endpoint_options', 'enforce_https'],
    policy: ['domain_endpoint_options', 'tls_security_policy'],
    label: (path, value) => `${String(path[path.length - 1])} = ${typeof value === 'string' ? `"${value}"` : value}`,
  },
  cloudformation: {
    node: [...NODE_TO_NODE, 'Enabled'],
    https: [...ENDPOINT, 'EnforceHTTPS'],
    policy: TLS_POLICY,
    label: (path, value) => `${path.slice(1).join('.')}: ${value}`,
  },
};

/** Turns node-to-node encryption on; a suggestion, for what that does to an existing domain. */
function nodeFix(resource: Resource): Fix | undefined {
  const { node, label } = SETTINGS[resource.family];
  return fixWith({ title: `Set ${label(node, true)}`, safe: false, note: enableEncryptionNote(resource) }, [setAction(resource, node, true)]);
}

/**
 * Requires HTTPS, and TLS 1.2 too when the endpoint options are written from scratch. A suggestion:
 * clients using plain HTTP (or an older TLS) are refused from then on.
 */
function httpsFix(resource: Resource, withPolicy: boolean): Fix | undefined {
  const { https, policy, label } = SETTINGS[resource.family];
  const enforce = setAction(resource, https, true);
  if (!withPolicy) {
    return fixWith({ title: `Set ${label(https, true)}`, safe: false, note: 'plain HTTP requests are refused: clients must use HTTPS' }, [enforce]);
  }
  return fixWith(
    {
      title: `Set ${label(https, true)} and ${label(policy, TLS_1_2_POLICY)}`,
      safe: false,
      note: 'plain HTTP requests and TLS 1.0/1.1 connections are refused: clients must use HTTPS with TLS 1.2 or later',
    },
    [enforce, setAction(resource, policy, TLS_1_2_POLICY)],
  );
}

/** Replaces the legacy TLS policy; a suggestion, since clients limited to TLS 1.0 or 1.1 are cut off. */
function policyFix(resource: Resource): Fix | undefined {
  const { policy, label } = SETTINGS[resource.family];
  const note = 'clients limited to TLS 1.0 or 1.1 can no longer connect';
  return fixWith({ title: `Set ${label(policy, TLS_1_2_POLICY)}`, safe: false, note }, [setAction(resource, policy, TLS_1_2_POLICY)]);
}

/**
 * CloudFormation: node-to-node encryption and HTTPS are off unless enabled. Unlike Terraform's
 * `enforce_https`, `EnforceHTTPS` has no default of true: left out, the endpoint also accepts HTTP.
 */
function checkTemplate(resource: Resource, context: RuleContext): void {
  const name = domainName(resource);
  if (getPath(resource.body, NODE_TO_NODE) === undefined) {
    context.report(`${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions is not set`, undefined, nodeFix(resource));
  } else {
    expectBoolean(resource, reportingFix(context, nodeFix(resource)), [...NODE_TO_NODE, 'Enabled'], true, false, {
      missing: `${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions.Enabled is not set`,
      wrong: `${name} sends data between nodes unencrypted: NodeToNodeEncryptionOptions.Enabled is false`,
    });
  }

  const endpoint = getPath(resource.body, ENDPOINT);
  if (endpoint === undefined) {
    context.report(`${name} accepts plain HTTP: DomainEndpointOptions with EnforceHTTPS is not set`, undefined, httpsFix(resource, true));
    return;
  }
  expectBoolean(resource, reportingFix(context, httpsFix(resource, false)), [...ENDPOINT, 'EnforceHTTPS'], true, false, {
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
  else if (verdict === 'fail') {
    context.report(`${name} accepts TLS 1.0 and 1.1: TLSSecurityPolicy is "${LEGACY_TLS_POLICY}"`, TLS_POLICY, policyFix(resource));
  }
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
      context.report(`${name} sends data between nodes unencrypted: node_to_node_encryption is not set`, undefined, nodeFix(resource));
    } else if (nodeBlocks !== undefined) {
      expectBoolean(resource, reportingFix(context, nodeFix(resource)), ['node_to_node_encryption', 0, 'enabled'], true, false, {
        missing: `${name} sends data between nodes unencrypted: node_to_node_encryption.enabled is not set`,
        wrong: `${name} sends data between nodes unencrypted: node_to_node_encryption.enabled is false`,
      });
    }

    const endpointBlocks = blocksAt(resource, context, ['domain_endpoint_options']);
    if (endpointBlocks === undefined) return;
    // Without the block the provider sends no endpoint options and AWS does not require HTTPS.
    if (endpointBlocks.length === 0) {
      context.report(`${name} accepts plain HTTP: domain_endpoint_options with enforce_https is not set`, undefined, httpsFix(resource, true));
      return;
    }
    const endpoint = endpointBlocks[0];
    if (endpoint.kind === 'unknown') {
      context.notEvaluable(reasonOf(endpoint, ['domain_endpoint_options', 0]), ['domain_endpoint_options', 0]);
      return;
    }
    // Inside the block enforce_https defaults to true.
    expectBoolean(resource, reportingFix(context, httpsFix(resource, false)), ['domain_endpoint_options', 0, 'enforce_https'], true, true, {
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
      context.report(`${name} accepts TLS 1.0 and 1.1: tls_security_policy is "${LEGACY_TLS_POLICY}"`, policyPath, policyFix(resource));
    }
  },
  cloudformation: checkTemplate,
});
