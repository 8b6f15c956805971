# Variant of the aws-cloudtrail-kms-encrypted fixture: two keys, neither used by a trail, named for trails
# or audit logs, nor letting CloudTrail encrypt. Which one the trail should use is the user's call: the
# finding carries no fix.

resource "aws_s3_bucket" "trail" {
  bucket = "clinic-cloudtrail-logs"
}

resource "aws_kms_key" "records" {
  description         = "Patient records"
  enable_key_rotation = true
}

resource "aws_kms_key" "imaging" {
  description         = "Imaging studies"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "account" { # expect: aws-cloudtrail-kms-encrypted
  name                  = "account-trail"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
