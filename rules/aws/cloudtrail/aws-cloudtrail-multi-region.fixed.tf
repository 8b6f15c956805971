# Fixture for aws-cloudtrail-multi-region. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "multi_region" {
  type = bool
}

variable "trail_logging" {
  type    = bool
  default = true
}

variable "environment" {
  type    = string
  default = "staging"
}

resource "aws_s3_bucket" "trail" {
  bucket = "clinic-cloudtrail-logs"
}

resource "aws_cloudtrail" "account" {
  name                          = "account-trail"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_logging                = var.trail_logging
}

# Defaults: logging and global events are on, but the trail is single-region.
resource "aws_cloudtrail" "single_region" { # expect: aws-cloudtrail-multi-region
  name                  = "single-region"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "explicit_single" {
  name                  = "explicit-single"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true # expect: aws-cloudtrail-multi-region
}

# Multi-region, but paused and without IAM/STS events: two findings.
resource "aws_cloudtrail" "paused" {
  name                          = "paused"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = "true"
  enable_logging                = true # expect: aws-cloudtrail-multi-region
  include_global_service_events = true # expect: aws-cloudtrail-multi-region
}

# Only production trails pause nothing; the environment defaults to staging.
resource "aws_cloudtrail" "env_dependent" {
  name                  = "env-dependent"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
  enable_logging        = true # expect: aws-cloudtrail-multi-region
}

resource "aws_cloudtrail" "organization" {
  name                  = "org-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_organization_trail = true
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "per_workspace" { # expect-not-evaluable: aws-cloudtrail-multi-region
  name                  = "per-workspace"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = var.multi_region
}

resource "aws_cloudtrail" "disabled" {
  count          = 0
  name           = "disabled"
  s3_bucket_name = aws_s3_bucket.trail.id
}
