// Shared by the OpenSearch rules: how a domain is named in messages, and what their fixes must say about
// switching encryption on for an existing domain.

import type { Resource } from '../../api';
import { describe } from '../../helpers';

/** The legacy Elasticsearch domain types of both source families. */
const ELASTICSEARCH_TYPES = new Set(['aws_elasticsearch_domain', 'AWS::Elasticsearch::Domain']);

/**
 * What turning on at-rest or node-to-node encryption does to an existing domain: a blue/green deployment on
 * OpenSearch and Elasticsearch 6.7 or later; older Elasticsearch versions cannot change it in place.
 */
export function enableEncryptionNote(resource: Resource): string {
  const older =
    resource.family === 'terraform'
      ? 'Terraform recreates older Elasticsearch domains, losing their data'
      : 'older Elasticsearch domains cannot enable it in place';
  return `applied with a blue/green deployment on OpenSearch and Elasticsearch 6.7 or later; ${older}`;
}

/** `OpenSearch domain "logs"` or `Elasticsearch domain "logs"`, after the resource type. */
export function domainName(resource: Resource): string {
  return describe(ELASTICSEARCH_TYPES.has(resource.type) ? 'Elasticsearch domain' : 'OpenSearch domain', resource);
}
