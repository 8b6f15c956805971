# Fixture for aws-s3-bucket-versioning-enabled. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tenant_bucket_name" {
  type = string
}

variable "uploads_versioning" {
  type        = string
  description = "Enabled or Suspended"
}

variable "exports_versioning" {
  type    = string
  default = "Suspended"
}

locals {
  versioning_on = "Enabled"
}

# Enabled through the separate resource, joined by reference.
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Joined by the bucket's known name, status through a local.
resource "aws_s3_bucket" "imaging" {
  bucket = "acme-imaging-archive"
}

resource "aws_s3_bucket_versioning" "imaging" {
  bucket = "acme-imaging-archive"

  versioning_configuration {
    status = local.versioning_on
  }
}

# Suspended through a variable default: reported on the bucket, naming the companion resource.
resource "aws_s3_bucket" "exports" { # expect: aws-s3-bucket-versioning-enabled
  bucket = "acme-claims-exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.bucket

  versioning_configuration {
    status = "Enabled"
  }
}

# No versioning at all.
resource "aws_s3_bucket" "scratch" { # expect: aws-s3-bucket-versioning-enabled
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_versioning" "scratch" {
  bucket = aws_s3_bucket.scratch.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Deprecated inline block, enabled given as the string "true".
resource "aws_s3_bucket" "legacy_lab" {
  bucket = "acme-legacy-lab-results"

  versioning {
    enabled = "true"
  }
}

# Deprecated inline block switched off: reported at the attribute.
resource "aws_s3_bucket" "legacy_referrals" {
  bucket = "acme-legacy-referrals"

  versioning {
    enabled = true # expect: aws-s3-bucket-versioning-enabled
  }
}

# Deprecated inline block without enabled (it defaults to false): reported at the block.
resource "aws_s3_bucket" "legacy_scans" {
  bucket = "acme-legacy-scans"

  versioning { # expect: aws-s3-bucket-versioning-enabled
    mfa_delete = false
    enabled    = true
  }
}

# Object Lock turns versioning on for good, without any versioning configuration.
resource "aws_s3_bucket" "audit_trail" {
  bucket              = "acme-audit-trail"
  object_lock_enabled = true
}

# count: the companion names the bucket through an indexed reference.
resource "aws_s3_bucket" "shards" {
  count  = 2
  bucket = "acme-intake-shard-${count.index}"
}

resource "aws_s3_bucket_versioning" "shards" {
  count  = 2
  bucket = aws_s3_bucket.shards[count.index].id

  versioning_configuration {
    status = "Enabled"
  }
}

# The status comes from a variable without a value.
resource "aws_s3_bucket" "uploads" { # expect-not-evaluable: aws-s3-bucket-versioning-enabled
  bucket = "acme-patient-uploads"
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  versioning_configuration {
    status = var.uploads_versioning
  }
}

# The bucket is named by a variable: the versioning below, attached by name, may or may not be its.
resource "aws_s3_bucket" "tenant" { # expect-not-evaluable: aws-s3-bucket-versioning-enabled
  bucket = var.tenant_bucket_name
}

resource "aws_s3_bucket_versioning" "tenant_by_name" {
  bucket = "acme-tenant-records"

  versioning_configuration {
    status = "Enabled"
  }
}

# Never created.
resource "aws_s3_bucket" "retired" {
  count  = 0
  bucket = "acme-retired-uploads"
}
