// Shared by the OpenSearch rules: how a domain is named in messages.

import type { Resource } from '../../api';
import { describe } from '../../helpers';

/** `OpenSearch domain "logs"` or `Elasticsearch domain "logs"`, after the resource type. */
export function domainName(resource: Resource): string {
  return describe(resource.type === 'aws_elasticsearch_domain' ? 'Elasticsearch domain' : 'OpenSearch domain', resource);
}
