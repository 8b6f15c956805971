# Fixture for aws-kms-key-policy-no-public-principal. "# expect: <rule>" marks the line a finding must
# start on; "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "key_users" {
  type = list(string)
}

variable "consumer_account_id" {
  type = string
}

variable "key_policy_json" {
  type = string
}

data "aws_caller_identity" "current" {}

# No policy: KMS applies the default key policy (owning account only).
resource "aws_kms_key" "default_policy" {
  description         = "Default key policy"
  enable_key_rotation = true
}

# Account root plus specific roles: passes.
resource "aws_kms_key" "records" {
  description         = "Patient records"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RootAccess"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AppUse"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:role/records-app"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      }
    ]
  })
}

# Anyone can use the key.
resource "aws_kms_key" "open" {
  description         = "Open key"
  enable_key_rotation = true
  policy = jsonencode({ # expect: aws-kms-key-policy-no-public-principal
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Everyone"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      }
    ]
  })
}

# Wildcard principal pinned to the calling account and a service: the EBS-style pattern, passes.
resource "aws_kms_key" "ebs" {
  description         = "EBS volumes"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = data.aws_caller_identity.current.account_id
            "kms:ViaService"    = "ec2.us-east-1.amazonaws.com"
          }
        }
      }
    ]
  })
}

# A condition on a key that does not identify the caller does not restrict anything.
data "aws_iam_policy_document" "via_service_only" {
  statement {
    sid       = "AnyoneViaS3"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.us-east-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "via_service" {
  description         = "Imaging bucket key"
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "via_service" {
  key_id = aws_kms_key.via_service.id
  policy = data.aws_iam_policy_document.via_service_only.json # expect: aws-kms-key-policy-no-public-principal
}

# Principals from a variable without a value: could be "*".
data "aws_iam_policy_document" "users" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.key_users
    }
  }
}

resource "aws_kms_key" "shared" { # expect-not-evaluable: aws-kms-key-policy-no-public-principal
  description         = "Shared key"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.users.json
}

# The consumer account comes from a variable without a value, but its root ARN is never "*": passes.
data "aws_iam_policy_document" "consumer" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.consumer_account_id}:root"]
    }
  }
}

resource "aws_kms_key" "consumer" {
  description         = "Key shared with the consumer account"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.consumer.json
}

# The whole policy comes from a variable without a value.
resource "aws_kms_key_policy" "external" { # expect-not-evaluable: aws-kms-key-policy-no-public-principal
  key_id = aws_kms_key.default_policy.id
  policy = var.key_policy_json
}

# Organisation-wide use: passes.
resource "aws_kms_key_policy" "org" {
  key_id = aws_kms_key.records.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      }
    ]
  })
}

resource "aws_kms_key" "disabled" {
  count       = 0
  description = "Never created"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }]
  })
}
