# Fixture for aws-opensearch-encrypted-in-transit. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "node_encryption" {
  type = bool
}

variable "tls_policy" {
  type = string
}

variable "endpoint_options" {
  type = list(object({ enforce_https = bool }))
}

variable "legacy_clients" {
  type    = bool
  default = true
}

locals {
  tls_policy = var.legacy_clients ? "Policy-Min-TLS-1-0-2019-07" : "Policy-Min-TLS-1-2-PFS-2023-10"
}

resource "aws_opensearch_domain" "clinical_search" {
  domain_name    = "clinical-search"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

# enforce_https defaults to true inside domain_endpoint_options.
resource "aws_opensearch_domain" "https_default" {
  domain_name = "https-default"

  node_to_node_encryption {
    enabled = "true"
  }

  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_opensearch_domain" "nothing_set" { # expect: aws-opensearch-encrypted-in-transit, aws-opensearch-encrypted-in-transit
  domain_name    = "app-logs"
  engine_version = "OpenSearch_2.13"

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_opensearch_domain" "http_allowed" {
  domain_name = "http-allowed"

  node_to_node_encryption {
    enabled = true # expect: aws-opensearch-encrypted-in-transit
  }

  domain_endpoint_options {
    enforce_https       = true                         # expect: aws-opensearch-encrypted-in-transit
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07" # expect: aws-opensearch-encrypted-in-transit
  }
}

resource "aws_opensearch_domain" "legacy_tls" {
  domain_name = "legacy-tls"

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07" # expect: aws-opensearch-encrypted-in-transit
  }
}

resource "aws_elasticsearch_domain" "legacy" { # expect: aws-opensearch-encrypted-in-transit
  domain_name           = "legacy-audit"
  elasticsearch_version = "7.10"

  domain_endpoint_options {
    enforce_https = true
  }

  node_to_node_encryption {
    enabled = true
  }
}

resource "aws_opensearch_domain" "configurable" { # expect-not-evaluable: aws-opensearch-encrypted-in-transit
  domain_name = "configurable"

  node_to_node_encryption {
    enabled = var.node_encryption
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = var.tls_policy
  }
}

resource "aws_opensearch_domain" "dynamic_endpoint" { # expect-not-evaluable: aws-opensearch-encrypted-in-transit
  domain_name = "dynamic-endpoint"

  node_to_node_encryption {
    enabled = true
  }

  dynamic "domain_endpoint_options" {
    for_each = var.endpoint_options
    content {
      enforce_https = domain_endpoint_options.value.enforce_https
    }
  }
}

resource "aws_opensearch_domain" "unused" {
  count       = 0
  domain_name = "unused"
}
