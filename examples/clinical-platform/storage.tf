resource "aws_s3_bucket" "imaging" {
  bucket = "${local.name}-imaging"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "imaging" {
  bucket = aws_s3_bucket.imaging.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.records.arn
    }
  }
}

resource "aws_s3_bucket_versioning" "imaging" {
  bucket = aws_s3_bucket.imaging.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "imaging" {
  bucket                  = aws_s3_bucket.imaging.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "exports" {
  bucket = "${local.name}-exports"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}

resource "aws_sqs_queue" "lab_results" {
  name                    = "${local.name}-lab-results"
  sqs_managed_sse_enabled = false
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/clinical/${var.environment}/app"
  retention_in_days = 30
}
