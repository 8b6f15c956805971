# Fixture for aws-s3-bucket-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tenant_bucket_name" {
  type        = string
  description = "Name of the tenant bucket, supplied per deployment"
}

variable "exports_sse_algorithm" {
  type    = string
  default = "AES256"
}

variable "uploads_sse_algorithm" {
  type = string
}

variable "research_encryption" {
  type = list(object({
    algorithm = string
    key_arn   = string
  }))
}

variable "enable_billing_kms" {
  type = bool
}

variable "environments" {
  type    = set(string)
  default = ["staging", "prod"]
}

locals {
  kms_algorithm = "aws:kms"
}

resource "aws_kms_key" "phi" {
  description         = "Key for buckets holding ePHI"
  enable_key_rotation = true
}

# SSE-KMS with a customer-managed key, joined by reference.
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "records" {
  bucket = aws_s3_bucket.records.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
    bucket_key_enabled = true
  }
}

# DSSE-KMS with the AWS managed key, joined by the bucket's known name.
resource "aws_s3_bucket" "imaging" {
  bucket = "acme-imaging-archive"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "imaging" {
  bucket = "acme-imaging-archive"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse"
    }
  }
}

# SSE-S3 through a variable default: reported on the bucket, naming the companion resource.
resource "aws_s3_bucket" "exports" { # expect: aws-s3-bucket-encrypted
  bucket = "acme-claims-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}

# Nothing configured: S3 applies its SSE-S3 default, which is not KMS.
resource "aws_s3_bucket" "scratch" { # expect: aws-s3-bucket-encrypted
  bucket_prefix = "acme-scratch-"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "scratch" {
  bucket = aws_s3_bucket.scratch.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
    bucket_key_enabled = true
  }
}

# Deprecated inline configuration, algorithm through a local.
resource "aws_s3_bucket" "legacy_lab" {
  bucket = "acme-legacy-lab-results"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = local.kms_algorithm
        kms_master_key_id = aws_kms_key.phi.arn
      }
    }
  }
}

# Deprecated inline configuration with SSE-S3: reported at the algorithm.
resource "aws_s3_bucket" "legacy_referrals" {
  bucket = "acme-legacy-referrals"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms" # expect: aws-s3-bucket-encrypted
        kms_master_key_id = aws_kms_key.phi.arn
      }
    }
  }
}

# count: the companion names the bucket through an indexed reference.
resource "aws_s3_bucket" "shards" {
  count  = 2
  bucket = "acme-intake-shard-${count.index}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shards" {
  count  = 2
  bucket = aws_s3_bucket.shards[count.index].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.phi.arn
    }
  }
}

# for_each over a known set.
resource "aws_s3_bucket" "audit_exports" {
  for_each = var.environments
  bucket   = "acme-audit-exports-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit_exports" {
  for_each = var.environments
  bucket   = aws_s3_bucket.audit_exports[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# The algorithm comes from a variable without a value.
resource "aws_s3_bucket" "uploads" { # expect-not-evaluable: aws-s3-bucket-encrypted
  bucket = "acme-patient-uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.uploads_sse_algorithm
    }
  }
}

# Rules generated from a collection that is not known.
resource "aws_s3_bucket" "research" { # expect-not-evaluable: aws-s3-bucket-encrypted
  bucket = "acme-research-extracts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "research" {
  bucket = aws_s3_bucket.research.id

  dynamic "rule" {
    for_each = var.research_encryption
    content {
      apply_server_side_encryption_by_default {
        sse_algorithm     = rule.value.algorithm
        kms_master_key_id = rule.value.key_arn
      }
    }
  }
}

# The only configuration exists only if a variable without a value says so.
resource "aws_s3_bucket" "billing" { # expect-not-evaluable: aws-s3-bucket-encrypted
  bucket = "acme-billing-statements"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "billing" {
  count  = var.enable_billing_kms ? 1 : 0
  bucket = aws_s3_bucket.billing.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# The bucket is named by a variable: the configuration below, written by name, may or may not be its.
resource "aws_s3_bucket" "tenant" { # expect-not-evaluable: aws-s3-bucket-encrypted
  bucket = var.tenant_bucket_name
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tenant_by_name" {
  bucket = "acme-tenant-records"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

# Never created.
resource "aws_s3_bucket" "retired" {
  count  = 0
  bucket = "acme-retired-uploads"
}
