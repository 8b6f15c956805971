# Fixture for aws-elasticache-encrypted-at-rest. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "cache_engine" {
  type = string
}

variable "encrypt_cache" {
  type = bool
}

variable "cache_settings" {
  type = map(string)
  default = {
    engine    = "redis"
    node_type = "cache.r7g.large"
  }
}

resource "aws_kms_key" "cache" {
  description         = "ElastiCache"
  enable_key_rotation = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "patient-sessions"
  description                = "Patient portal sessions"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
  transit_encryption_enabled = true
}

# Redis is the default engine, and it does not encrypt at rest by default.
resource "aws_elasticache_replication_group" "defaults" { # expect: aws-elasticache-encrypted-at-rest
  replication_group_id       = "rate-limits"
  description                = "API rate limits"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}

resource "aws_elasticache_replication_group" "redis_plain" { # expect: aws-elasticache-encrypted-at-rest
  replication_group_id       = "search-cache"
  description                = "Search cache"
  engine                     = var.cache_settings["engine"]
  node_type                  = var.cache_settings["node_type"]
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}

# Valkey encrypts at rest by default.
resource "aws_elasticache_replication_group" "valkey" {
  replication_group_id = "queue-state"
  description          = "Queue state"
  engine               = "valkey"
  node_type            = "cache.r7g.large"
}

resource "aws_elasticache_replication_group" "explicit_off" {
  replication_group_id       = "reports"
  description                = "Report cache"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  at_rest_encryption_enabled = true # expect: aws-elasticache-encrypted-at-rest
  kms_key_id                 = aws_kms_key.cache.arn
}

resource "aws_elasticache_replication_group" "string_true" {
  replication_group_id       = "string-true"
  description                = "String value"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = "true"
}

resource "aws_elasticache_replication_group" "unknown_engine" { # expect-not-evaluable: aws-elasticache-encrypted-at-rest
  replication_group_id = "unknown-engine"
  description          = "Engine chosen per environment"
  engine               = var.cache_engine
  node_type            = "cache.t4g.small"
}

resource "aws_elasticache_replication_group" "unknown_flag" { # expect-not-evaluable: aws-elasticache-encrypted-at-rest
  replication_group_id       = "unknown-flag"
  description                = "Flag from a variable"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = var.encrypt_cache
}

# A secondary of a global datastore inherits encryption from the primary group.
resource "aws_elasticache_global_replication_group" "global" {
  global_replication_group_id_suffix = "sessions"
  primary_replication_group_id       = aws_elasticache_replication_group.sessions.id
}

resource "aws_elasticache_replication_group" "secondary" {
  replication_group_id        = "patient-sessions-dr"
  description                 = "DR region secondary"
  global_replication_group_id = aws_elasticache_global_replication_group.global.global_replication_group_id
}

resource "aws_elasticache_replication_group" "unused" {
  count                = 0
  replication_group_id = "unused"
  description          = "Unused"
  node_type            = "cache.t4g.micro"
}
