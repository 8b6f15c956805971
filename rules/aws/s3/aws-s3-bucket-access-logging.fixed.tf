# Fixture for aws-s3-bucket-access-logging. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tenant_bucket_name" {
  type = string
}

variable "central_log_bucket" {
  type        = string
  description = "Name of the organisation's central access-log bucket"
}

variable "legacy_log_bucket" {
  type    = string
  default = ""
}

variable "environments" {
  type    = set(string)
  default = ["staging", "prod"]
}

# The log bucket: it receives the other buckets' logs and is not asked to log itself.
resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

# Logging through the separate resource, joined by reference.
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_logging" "records" {
  bucket        = aws_s3_bucket.records.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "records/"
}

# Joined by the bucket's known name, target given by name.
resource "aws_s3_bucket" "imaging" {
  bucket = "acme-imaging-archive"
}

resource "aws_s3_bucket_logging" "imaging" {
  bucket        = "acme-imaging-archive"
  target_bucket = "acme-access-logs"
  target_prefix = "imaging/"
}

# Deprecated inline logging block.
resource "aws_s3_bucket" "legacy_lab" {
  bucket = "acme-legacy-lab-results"

  logging {
    target_bucket = aws_s3_bucket.access_logs.id
    target_prefix = "legacy-lab/"
  }
}

# No access logging at all.
resource "aws_s3_bucket" "scratch" { # expect: aws-s3-bucket-access-logging
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_logging" "scratch" {
  bucket        = aws_s3_bucket.scratch.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "scratch/"
}

# Module-style toggle: with the variable's default the dynamic block produces nothing.
resource "aws_s3_bucket" "referrals" { # expect: aws-s3-bucket-access-logging
  bucket = "acme-referrals"

  dynamic "logging" {
    for_each = var.legacy_log_bucket == "" ? [] : [var.legacy_log_bucket]
    content {
      target_bucket = logging.value
      target_prefix = "referrals/"
    }
  }
}

# for_each: the companion names the bucket through a keyed reference.
resource "aws_s3_bucket" "audit_exports" {
  for_each = var.environments
  bucket   = "acme-audit-exports-${each.key}"
}

resource "aws_s3_bucket_logging" "audit_exports" {
  for_each      = var.environments
  bucket        = aws_s3_bucket.audit_exports[each.key].id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "audit-exports/${each.key}/"
}

# The target is a variable without a value: it may be empty.
resource "aws_s3_bucket" "uploads" { # expect-not-evaluable: aws-s3-bucket-access-logging
  bucket = "acme-patient-uploads"
}

resource "aws_s3_bucket_logging" "uploads" {
  bucket        = aws_s3_bucket.uploads.id
  target_bucket = var.central_log_bucket
  target_prefix = "uploads/"
}

# The bucket is named by a variable: the logging below, attached by name, may or may not be its.
resource "aws_s3_bucket" "tenant" { # expect-not-evaluable: aws-s3-bucket-access-logging
  bucket = var.tenant_bucket_name
}

resource "aws_s3_bucket_logging" "tenant_by_name" {
  bucket        = "acme-tenant-records"
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "tenant/"
}

# Never created.
resource "aws_s3_bucket" "retired" {
  count  = 0
  bucket = "acme-retired-uploads"
}
