# Fixture for aws-cloudtrail-kms-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "trail_key_arn" {
  type = string
}

variable "shared_key_arn" {
  type    = string
  default = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

variable "no_key" {
  type    = string
  default = null
}

resource "aws_s3_bucket" "trail" {
  bucket = "clinic-cloudtrail-logs"
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

data "aws_kms_alias" "central" {
  name = "alias/central-trail"
}

resource "aws_cloudtrail" "by_reference" {
  name           = "by-reference"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "by_data_source" {
  name           = "by-data-source"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = data.aws_kms_alias.central.target_key_arn
}

resource "aws_cloudtrail" "by_variable_default" {
  name           = "by-variable-default"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = var.shared_key_arn
}

resource "aws_cloudtrail" "unencrypted" { # expect: aws-cloudtrail-kms-encrypted
  name           = "unencrypted"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "empty_key" {
  name           = "empty-key"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn # expect: aws-cloudtrail-kms-encrypted
}

# A null default is the same as leaving the attribute out.
resource "aws_cloudtrail" "null_key" { # expect: aws-cloudtrail-kms-encrypted
  name           = "null-key"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "per_workspace" { # expect-not-evaluable: aws-cloudtrail-kms-encrypted
  name           = "per-workspace"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = var.trail_key_arn
}

resource "aws_cloudtrail" "disabled" {
  count          = 0
  name           = "disabled"
  s3_bucket_name = aws_s3_bucket.trail.id
}
