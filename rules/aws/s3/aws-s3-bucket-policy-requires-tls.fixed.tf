# Fixture for aws-s3-bucket-policy-requires-tls. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "tenant_bucket_name" {
  type = string
}

variable "partner_policy_json" {
  type        = string
  description = "Bucket policy supplied by the partner integration"
}

resource "aws_iam_role" "app" {
  name = "records-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Policy document data source: a TLS deny next to an Allow for the application.
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

data "aws_iam_policy_document" "records" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.records.arn, "${aws_s3_bucket.records.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "AllowApplication"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.records.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "records" {
  bucket = aws_s3_bucket.records.id
  policy = data.aws_iam_policy_document.records.json
}

# jsonencode() with references to the bucket.
resource "aws_s3_bucket" "imaging" {
  bucket = "acme-imaging-archive"
}

resource "aws_s3_bucket_policy" "imaging" {
  bucket = aws_s3_bucket.imaging.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.imaging.arn, "${aws_s3_bucket.imaging.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

# JSON heredoc, joined by the bucket's known name; {"AWS": "*"} and Action "*" count as everyone / everything.
resource "aws_s3_bucket" "lab" {
  bucket = "acme-lab-results"
}

resource "aws_s3_bucket_policy" "lab" {
  bucket = "acme-lab-results"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": {"AWS": "*"},
      "Action": "*",
      "Resource": ["arn:aws:s3:::acme-lab-results", "arn:aws:s3:::acme-lab-results/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
POLICY
}

# A policy that only grants access: reported on the bucket, naming the policy resource.
resource "aws_s3_bucket" "exports" { # expect: aws-s3-bucket-policy-requires-tls
  bucket = "acme-claims-exports"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowApplication"
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.app.arn }
      Action    = ["s3:GetObject"]
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}

# Only a minimum TLS version is enforced: plain HTTP requests carry no TLS version and get through.
resource "aws_s3_bucket" "referrals" { # expect: aws-s3-bucket-policy-requires-tls
  bucket = "acme-referrals"
}

resource "aws_s3_bucket_policy" "referrals" {
  bucket = aws_s3_bucket.referrals.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyOldTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.referrals.arn}/*"]
      Condition = {
        NumericLessThan = { "s3:TlsVersion" = "1.2" }
      }
    }]
  })
}

# The TLS deny is narrowed by a second condition: requests through the VPC endpoint may use plain HTTP.
resource "aws_s3_bucket" "imports" { # expect: aws-s3-bucket-policy-requires-tls
  bucket = "acme-hl7-imports"
}

resource "aws_s3_bucket_policy" "imports" {
  bucket = aws_s3_bucket.imports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransportOutsideVpc"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.imports.arn}/*"]
      Condition = {
        Bool            = { "aws:SecureTransport" = "false" }
        StringNotEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d" }
      }
    }]
  })
}

# No bucket policy at all.
resource "aws_s3_bucket" "scratch" { # expect: aws-s3-bucket-policy-requires-tls
  bucket = "acme-scratch"
}

resource "aws_s3_bucket_policy" "scratch" {
  bucket = aws_s3_bucket.scratch.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.scratch.arn, "${aws_s3_bucket.scratch.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Deprecated inline policy without the deny: reported at the policy argument.
resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-scans"
  policy = jsonencode({ # expect: aws-s3-bucket-policy-requires-tls
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-legacy-scans/*"
    }]
  })
}

# count: the policy names the bucket through an indexed reference.
resource "aws_s3_bucket" "shards" {
  count  = 2
  bucket = "acme-intake-shard-${count.index}"
}

resource "aws_s3_bucket_policy" "shards" {
  count  = 2
  bucket = aws_s3_bucket.shards[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.shards[count.index].arn, "${aws_s3_bucket.shards[count.index].arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })
}

# The policy text comes from a variable without a value.
resource "aws_s3_bucket" "partner" { # expect-not-evaluable: aws-s3-bucket-policy-requires-tls
  bucket = "acme-partner-drop"
}

resource "aws_s3_bucket_policy" "partner" {
  bucket = aws_s3_bucket.partner.id
  policy = var.partner_policy_json
}

# A heredoc interpolating a computed ARN cannot be read before apply.
resource "aws_s3_bucket" "billing" { # expect-not-evaluable: aws-s3-bucket-policy-requires-tls
  bucket = "acme-billing-statements"
}

resource "aws_s3_bucket_policy" "billing" {
  bucket = aws_s3_bucket.billing.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": "${aws_s3_bucket.billing.arn}/*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
POLICY
}

# The bucket is named by a variable: the policy below, attached by name, may or may not be its.
resource "aws_s3_bucket" "tenant" { # expect-not-evaluable: aws-s3-bucket-policy-requires-tls
  bucket = var.tenant_bucket_name
}

resource "aws_s3_bucket_policy" "tenant_by_name" {
  bucket = "acme-tenant-records"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::acme-tenant-records/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Never created.
resource "aws_s3_bucket" "retired" {
  count  = 0
  bucket = "acme-retired-uploads"
}
