# Fixture for aws-elasticache-encrypted-in-transit. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tls" {
  type = bool
}

variable "transit_mode" {
  type = string
}

variable "migrating" {
  type    = bool
  default = true
}

locals {
  transit_mode = var.migrating ? "preferred" : "required"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "patient-sessions"
  description                = "Patient portal sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  user_group_ids             = [aws_elasticache_user_group.portal.user_group_id]
}

resource "aws_elasticache_replication_group" "tls_default_mode" {
  replication_group_id       = "queue-state"
  description                = "Queue state"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  transit_encryption_enabled = "true"
}

resource "aws_elasticache_replication_group" "plaintext" { # expect: aws-elasticache-encrypted-in-transit
  replication_group_id       = "rate-limits"
  description                = "API rate limits"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
}

resource "aws_elasticache_replication_group" "explicit_off" {
  replication_group_id       = "reports"
  description                = "Report cache"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true # expect: aws-elasticache-encrypted-in-transit
}

resource "aws_elasticache_replication_group" "migrating" {
  replication_group_id       = "search-cache"
  description                = "Search cache, moving clients to TLS"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  transit_encryption_mode    = "required" # expect: aws-elasticache-encrypted-in-transit
}

resource "aws_elasticache_replication_group" "unknown_flag" { # expect-not-evaluable: aws-elasticache-encrypted-in-transit
  replication_group_id       = "unknown-flag"
  description                = "Flag from a variable"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = var.tls
}

resource "aws_elasticache_replication_group" "unknown_mode" { # expect-not-evaluable: aws-elasticache-encrypted-in-transit
  replication_group_id       = "unknown-mode"
  description                = "Mode from a variable"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  transit_encryption_mode    = var.transit_mode
}

resource "aws_elasticache_global_replication_group" "global" {
  global_replication_group_id_suffix = "sessions"
  primary_replication_group_id       = aws_elasticache_replication_group.sessions.id
}

# A secondary of a global datastore inherits encryption from the primary group.
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
