// Shared by the OpenSearch rules: how a domain is named in messages.

import type { Resource } from '../../api';
import { describe } from '../../helpers';

/** The legacy Elasticsearch domain types of both source families. */
const ELASTICSEARCH_TYPES = new Set(['aws_elasticsearch_domain', 'AWS::Elasticsearch::Domain']);

/** `OpenSearch domain "logs"` or `Elasticsearch domain "logs"`, after the resource type. */
export function domainName(resource: Resource): string {
  return describe(ELASTICSEARCH_TYPES.has(resource.type) ? 'Elasticsearch domain' : 'OpenSearch domain', resource);
}
