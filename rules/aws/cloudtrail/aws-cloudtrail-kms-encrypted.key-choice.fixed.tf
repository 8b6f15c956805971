# Variant of the aws-cloudtrail-kms-encrypted fixture: several keys in the module. The fix uses the one
# whose key policy lets CloudTrail encrypt (here set by an aws_kms_key_policy), not the data key nor
# the signing key.

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "trail" {
  bucket = "clinic-cloudtrail-logs"
}

resource "aws_kms_key" "records" {
  description         = "Patient records"
  enable_key_rotation = true
}

resource "aws_kms_key" "signing" {
  description              = "Document signing"
  customer_master_key_spec = "RSA_3072"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "logs" {
  description         = "Audit logs"
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "logs" {
  key_id = aws_kms_key.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
      }
    ]
  })
}

resource "aws_cloudtrail" "account" { # expect: aws-cloudtrail-kms-encrypted
  name                  = "account-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
  kms_key_id            = aws_kms_key.logs.arn
}
