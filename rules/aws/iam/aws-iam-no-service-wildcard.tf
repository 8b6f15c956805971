# Fixture for aws-iam-no-service-wildcard. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "target_arns" {
  type = list(string)
}

variable "granted_actions" {
  type = list(string)
}

variable "archive_bucket_arn" {
  type    = string
  default = "arn:aws:s3:::clinic-archive"
}

resource "aws_s3_bucket" "imaging" {
  bucket = "clinic-imaging"
}

resource "aws_dynamodb_table" "encounters" {
  name     = "encounters"
  hash_key = "id"
}

# Every S3 action on every bucket in the account.
resource "aws_iam_policy" "s3_everything" {
  name = "s3-everything"
  policy = jsonencode({ # expect: aws-iam-no-service-wildcard
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AllS3"
        Effect   = "Allow"
        Action   = ["s3:*"]
        Resource = "*"
      }
    ]
  })
}

# Every S3 action, but only on one bucket referenced by ARN: passes.
resource "aws_iam_policy" "imaging_owner" {
  name = "imaging-owner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = [aws_s3_bucket.imaging.arn, "${aws_s3_bucket.imaging.arn}/*"]
      }
    ]
  })
}

# Scoped through a variable default.
resource "aws_iam_policy" "archive_owner" {
  name = "archive-owner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = ["${var.archive_bucket_arn}/*"]
      }
    ]
  })
}

# Read-only wildcards within a service are not full service access.
resource "aws_iam_policy" "describe_only" {
  name = "describe-only"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:Describe*", "s3:Get*"]
        Resource = "*"
      }
    ]
  })
}

# "*" on "*" is aws-iam-no-admin-policy's finding, not reported twice.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

# A Deny with a service wildcard is a guardrail, not a grant.
resource "aws_iam_policy" "no_kms_admin" {
  name = "no-kms-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "kms:*", Resource = "*" }]
  })
}

# Policy document data source: every KMS action on every key.
data "aws_iam_policy_document" "key_admin" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "key_admin" {
  name   = "key-admin"
  role   = "security"
  policy = data.aws_iam_policy_document.key_admin.json # expect: aws-iam-no-service-wildcard
}

# Resources from a variable without a value: could be "*".
resource "aws_iam_user_policy" "etl" { # expect-not-evaluable: aws-iam-no-service-wildcard
  name = "etl"
  user = "etl-bot"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:*"]
        Resource = var.target_arns
      }
    ]
  })
}

# Actions from a variable without a value: could be "s3:*".
resource "aws_iam_group_policy" "analysts" { # expect-not-evaluable: aws-iam-no-service-wildcard
  name  = "analysts"
  group = "analysts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = var.granted_actions
        Resource = "*"
      }
    ]
  })
}

# Inline policy on a role: every DynamoDB action on every table.
resource "aws_iam_role" "intake" {
  name = "intake"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name = "tables"
    policy = jsonencode({ # expect: aws-iam-no-service-wildcard
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = [aws_dynamodb_table.encounters.arn] },
        { Effect = "Allow", Action = ["dynamodb:*"], Resource = ["*"] },
      ]
    })
  }
}

# Inline policy scoped to the table: passes.
resource "aws_iam_role" "reporting" {
  name = "reporting"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name = "tables"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["dynamodb:*"], Resource = [aws_dynamodb_table.encounters.arn] }]
    })
  }
}

# Never created.
resource "aws_iam_policy" "disabled" {
  count = 0
  name  = "disabled"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}
