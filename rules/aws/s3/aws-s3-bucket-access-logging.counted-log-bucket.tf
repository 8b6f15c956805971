# Variant of aws-s3-bucket-access-logging: the bucket this configuration logs to is written with count,
# so a fix cannot point target_bucket at aws_s3_bucket.logs.id (Terraform asks for aws_s3_bucket.logs[0]):
# the finding carries no fix (this variant has no .fixed output).

resource "aws_s3_bucket" "logs" {
  count  = 1
  bucket = "clinical-access-logs"
}

resource "aws_s3_bucket" "records" {
  bucket = "clinical-records"
}

resource "aws_s3_bucket_logging" "records" {
  bucket        = aws_s3_bucket.records.id
  target_bucket = aws_s3_bucket.logs[0].id
  target_prefix = "records/"
}

resource "aws_s3_bucket" "exports" { # expect: aws-s3-bucket-access-logging
  bucket = "clinical-exports"
}
