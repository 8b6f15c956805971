// OpenSearch (and legacy Elasticsearch) domains must encrypt indices, logs and snapshots at rest.

import { defineRule, type Fix, type Resource } from '../../api';
import type { FixAction } from '../../fix';
import { blocksAt, expectBoolean } from '../../helpers';
import { getPath } from '../../../server/src/model/value';
import { fixWith, reportingFix, setAction } from '../fixes';
import { domainName, enableEncryptionNote } from './domain';

const TEMPLATE_ENABLED = ['Properties', 'EncryptionAtRestOptions', 'Enabled'];

/**
 * Turns encryption at rest on with the AWS managed key. No customer managed key: choosing a key later
 * recreates the domain. A suggestion, because of what the change does to an existing domain.
 */
function encryptFix(resource: Resource): Fix | undefined {
  if (resource.family === 'terraform') {
    // Creates the encrypt_at_rest block when it is missing.
    const actions: FixAction[] = [{ kind: 'set', path: ['encrypt_at_rest', 'enabled'], value: true }];
    return { title: 'Enable encrypt_at_rest', safe: false, note: enableEncryptionNote(resource), actions };
  }
  // CloudFormation recreates the domain when Enabled changes after it was first written.
  const note =
    getPath(resource.body, TEMPLATE_ENABLED) === undefined
      ? enableEncryptionNote(resource)
      : 'changing an Enabled already in the template makes CloudFormation delete and recreate the domain: restore its data from a snapshot';
  return fixWith({ title: 'Set EncryptionAtRestOptions.Enabled: true', safe: false, note }, [setAction(resource, TEMPLATE_ENABLED, true)]);
}

/** OpenSearch domain encrypted at rest. */
export default defineRule({
  id: 'aws-opensearch-encrypted-at-rest',
  title: 'OpenSearch domains encrypt data at rest',
  description:
    'Search domains index full documents, so a domain fed with clinical notes, audit trails or application logs ' +
    'holds ePHI in its indices, swap files and automated snapshots. Encryption at rest is off unless the ' +
    '`encrypt_at_rest` block enables it.',
  remediation:
    'Add an `encrypt_at_rest` block (optionally with a customer managed `kms_key_id`). OpenSearch and ' +
    'Elasticsearch 6.7+ enable it in place; older Elasticsearch versions recreate the domain.\n\n' +
    '```hcl\nresource "aws_opensearch_domain" "search" {\n  # ...\n  encrypt_at_rest {\n    enabled    = true\n    kms_key_id = aws_kms_key.search.arn\n  }\n}\n```\n\n' +
    'In CloudFormation (`AWS::OpenSearchService::Domain` or the legacy `AWS::Elasticsearch::Domain`):\n\n' +
    '```yaml\nSearchDomain:\n  Type: AWS::OpenSearchService::Domain\n  Properties:\n    # ...\n    EncryptionAtRestOptions:\n      Enabled: true\n      KmsKeyId: !Ref SearchKey\n```',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '18.1.4'],
  appliesTo: {
    terraform: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
    cloudformation: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_5'], tfsec: ['aws-elastic-search-enable-domain-encryption'] },
  terraform(resource, context) {
    const name = domainName(resource);
    const blocks = blocksAt(resource, context, ['encrypt_at_rest']);
    if (blocks === undefined) return;
    if (blocks.length === 0) {
      context.report(`${name} stores data unencrypted: encrypt_at_rest is not set`, undefined, encryptFix(resource));
      return;
    }
    expectBoolean(resource, reportingFix(context, encryptFix(resource)), ['encrypt_at_rest', 0, 'enabled'], true, false, {
      missing: `${name} stores data unencrypted: encrypt_at_rest.enabled is not set`,
      wrong: `${name} stores data unencrypted: encrypt_at_rest.enabled is false`,
    });
  },
  cloudformation(resource, context) {
    const name = domainName(resource);
    // Without the options (or with Enabled unset) encryption at rest is off.
    if (getPath(resource.body, ['Properties', 'EncryptionAtRestOptions']) === undefined) {
      context.report(`${name} stores data unencrypted: EncryptionAtRestOptions is not set`, undefined, encryptFix(resource));
      return;
    }
    expectBoolean(resource, reportingFix(context, encryptFix(resource)), TEMPLATE_ENABLED, true, false, {
      missing: `${name} stores data unencrypted: EncryptionAtRestOptions.Enabled is not set`,
      wrong: `${name} stores data unencrypted: EncryptionAtRestOptions.Enabled is false`,
    });
  },
});
