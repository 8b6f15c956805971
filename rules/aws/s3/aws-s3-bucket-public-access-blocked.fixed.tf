# Fixture for aws-s3-bucket-public-access-blocked. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tenant_bucket_name" {
  type = string
}

variable "public_website" {
  type        = bool
  description = "Whether the portal assets bucket serves a public website"
}

variable "block_acls" {
  type    = bool
  default = true
}

variable "environments" {
  type    = set(string)
  default = ["staging", "prod"]
}

locals {
  block_everything = true
}

# All four settings on, joined by reference.
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_public_access_block" "records" {
  bucket = aws_s3_bucket.records.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Joined by the bucket's known name; values from a variable default, a local and a "true" string.
resource "aws_s3_bucket" "imaging" {
  bucket = "acme-imaging-archive"
}

resource "aws_s3_bucket_public_access_block" "imaging" {
  bucket = "acme-imaging-archive"

  block_public_acls       = var.block_acls
  block_public_policy     = local.block_everything
  ignore_public_acls      = "true"
  restrict_public_buckets = local.block_everything
}

# One setting off and one left to its default (false): reported on the bucket, naming both.
resource "aws_s3_bucket" "exports" { # expect: aws-s3-bucket-public-access-blocked
  bucket = "acme-claims-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket = aws_s3_bucket.exports.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# A setting known to be off decides even though another one is unknown.
resource "aws_s3_bucket" "portal_assets" { # expect: aws-s3-bucket-public-access-blocked
  bucket = "acme-portal-assets"
}

resource "aws_s3_bucket_public_access_block" "portal_assets" {
  bucket = aws_s3_bucket.portal_assets.id

  block_public_acls       = true
  block_public_policy     = !var.public_website
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# No public access block at all.
resource "aws_s3_bucket" "scratch" { # expect: aws-s3-bucket-public-access-blocked
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_public_access_block" "scratch" {
  bucket                  = aws_s3_bucket.scratch.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# for_each: the companion names the bucket through a keyed reference.
resource "aws_s3_bucket" "audit_exports" {
  for_each = var.environments
  bucket   = "acme-audit-exports-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "audit_exports" {
  for_each = var.environments
  bucket   = aws_s3_bucket.audit_exports[each.key].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# A setting depends on a variable without a value.
resource "aws_s3_bucket" "downloads" { # expect-not-evaluable: aws-s3-bucket-public-access-blocked
  bucket = "acme-patient-downloads"
}

resource "aws_s3_bucket_public_access_block" "downloads" {
  bucket = aws_s3_bucket.downloads.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.public_website ? false : true
}

# The bucket is named by a variable: the block below, attached by name, may or may not be its.
resource "aws_s3_bucket" "tenant" { # expect-not-evaluable: aws-s3-bucket-public-access-blocked
  bucket = var.tenant_bucket_name
}

resource "aws_s3_bucket_public_access_block" "tenant_by_name" {
  bucket = "acme-tenant-records"

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Never created.
resource "aws_s3_bucket" "retired" {
  count  = 0
  bucket = "acme-retired-uploads"
}
