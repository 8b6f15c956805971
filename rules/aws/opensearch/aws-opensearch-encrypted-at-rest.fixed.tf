# Fixture for aws-opensearch-encrypted-at-rest. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "encrypt" {
  type = bool
}

variable "encryption_blocks" {
  type = list(object({ enabled = bool }))
}

variable "legacy_domain_encryption" {
  type    = bool
  default = false
}

resource "aws_kms_key" "search" {
  description         = "OpenSearch"
  enable_key_rotation = true
}

resource "aws_opensearch_domain" "clinical_search" {
  domain_name    = "clinical-search"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.search.arn
  }
}

resource "aws_opensearch_domain" "logs" { # expect: aws-opensearch-encrypted-at-rest
  domain_name    = "app-logs"
  engine_version = "OpenSearch_2.13"

  cluster_config {
    instance_type = "r6g.large.search"
  }

  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_opensearch_domain" "disabled" {
  domain_name = "disabled"

  encrypt_at_rest {
    enabled = true # expect: aws-opensearch-encrypted-at-rest
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy-audit"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = true # expect: aws-opensearch-encrypted-at-rest
  }
}

resource "aws_elasticsearch_domain" "legacy_encrypted" {
  domain_name           = "legacy-encrypted"
  elasticsearch_version = "7.10"

  encrypt_at_rest {
    enabled = "true"
  }
}

resource "aws_elasticsearch_domain" "legacy_plain" { # expect: aws-opensearch-encrypted-at-rest
  domain_name           = "legacy-plain"
  elasticsearch_version = "6.8"

  encrypt_at_rest {
    enabled = true
  }
}

resource "aws_opensearch_domain" "configurable" { # expect-not-evaluable: aws-opensearch-encrypted-at-rest
  domain_name = "configurable"

  encrypt_at_rest {
    enabled = var.encrypt
  }
}

resource "aws_opensearch_domain" "dynamic_block" { # expect-not-evaluable: aws-opensearch-encrypted-at-rest
  domain_name = "dynamic-block"

  dynamic "encrypt_at_rest" {
    for_each = var.encryption_blocks
    content {
      enabled = encrypt_at_rest.value.enabled
    }
  }
}

resource "aws_opensearch_domain" "unused" {
  count       = 0
  domain_name = "unused"
}
