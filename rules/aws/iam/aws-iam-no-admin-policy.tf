# Fixture for aws-iam-no-admin-policy. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "extra_actions" {
  type = list(string)
}

variable "inline_policies" {
  type = map(string)
}

variable "group_policy_arn" {
  type = string
}

variable "analyst_policy_name" {
  type = string
}

variable "archive_bucket" {
  type = string
}

variable "auditor_policy_arn" {
  type    = string
  default = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

locals {
  everything = ["*"]
}

resource "aws_s3_bucket" "records" {
  bucket = "clinic-patient-records"
}

# Classic heredoc JSON granting everything, kept in a local.
locals {
  break_glass_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Everything",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
EOF
}

resource "aws_iam_policy" "break_glass" {
  name   = "break-glass"
  policy = local.break_glass_policy # expect: aws-iam-no-admin-policy
}

# Scoped jsonencode policy: passes.
resource "aws_iam_policy" "records_reader" {
  name = "records-reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.records.arn, "${aws_s3_bucket.records.arn}/*"]
      }
    ]
  })
}

# "*" actions, but only on one bucket (an ARN reference is never "*"): not administrator access.
resource "aws_iam_policy" "bucket_owner" {
  name = "bucket-owner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = [aws_s3_bucket.records.arn, "${aws_s3_bucket.records.arn}/*"]
      }
    ]
  })
}

# A Deny of everything is not a grant.
resource "aws_iam_policy" "deny_all" {
  name = "quarantine"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

# Policy document data source whose actions come from a local.
data "aws_iam_policy_document" "ops_admin" {
  statement {
    sid       = "OpsEverything"
    actions   = local.everything
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ops" {
  name   = "ops-admin"
  role   = "ops"
  policy = data.aws_iam_policy_document.ops_admin.json # expect: aws-iam-no-admin-policy
}

# NotAction on "*" grants everything except the listed actions.
resource "aws_iam_user_policy" "power_user" {
  name = "power-user"
  user = "build-bot"
  policy = jsonencode({ # expect: aws-iam-no-admin-policy
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"]
        Resource  = "*"
      }
    ]
  })
}

# "*" actions on a bucket named by a variable without a value: its known text means it is never "*".
resource "aws_iam_policy" "archive_owner" {
  name = "archive-owner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = ["arn:aws:s3:::${var.archive_bucket}", "arn:aws:s3:::${var.archive_bucket}/*"]
      }
    ]
  })
}

# Actions from a variable without a value: could be "*".
resource "aws_iam_group_policy" "analysts" { # expect-not-evaluable: aws-iam-no-admin-policy
  name  = "analysts"
  group = "analysts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = var.extra_actions
        Resource = "*"
      }
    ]
  })
}

# Heredoc that interpolates a reference: the whole text is only known after plan.
resource "aws_iam_policy" "templated" { # expect-not-evaluable: aws-iam-no-admin-policy
  name   = "templated"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${aws_s3_bucket.records.arn}/*"
    }
  ]
}
EOF
}

# Statements generated from an unknown collection.
data "aws_iam_policy_document" "generated" {
  dynamic "statement" {
    for_each = var.inline_policies
    content {
      actions   = [statement.value]
      resources = ["*"]
    }
  }
}

resource "aws_iam_policy" "generated" { # expect-not-evaluable: aws-iam-no-admin-policy
  name   = "generated"
  policy = data.aws_iam_policy_document.generated.json
}

# Inline policy block on a role.
resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })

  inline_policy {
    name = "deploy-everything"
    policy = jsonencode({ # expect: aws-iam-no-admin-policy
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["*"], Resource = ["*"] }]
    })
  }
}

# A role without inline policies: nothing to check.
resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

# Inline policies generated from an unknown map.
resource "aws_iam_role" "dynamic_inline" { # expect-not-evaluable: aws-iam-no-admin-policy
  name = "dynamic-inline"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  dynamic "inline_policy" {
    for_each = var.inline_policies
    content {
      name   = inline_policy.key
      policy = inline_policy.value
    }
  }
}

# The AWS managed AdministratorAccess policy attached directly.
resource "aws_iam_role_policy_attachment" "deployer_admin" {
  role       = aws_iam_role.deployer.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: aws-iam-no-admin-policy
}

# Attaching a policy managed here: that policy is checked on its own resource.
resource "aws_iam_role_policy_attachment" "reader_records" {
  role       = aws_iam_role.reader.name
  policy_arn = aws_iam_policy.records_reader.arn
}

# Looked up by name through a data source.
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}

resource "aws_iam_user_policy_attachment" "build_bot_admin" {
  user       = "build-bot"
  policy_arn = data.aws_iam_policy.admin.arn # expect: aws-iam-no-admin-policy
}

# AWS managed policies named for any partition: AdministratorAccess fails, another policy passes.
data "aws_partition" "current" {}

resource "aws_iam_role_policy_attachment" "deployer_admin_any_partition" {
  role       = aws_iam_role.deployer.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess" # expect: aws-iam-no-admin-policy
}

resource "aws_iam_role_policy_attachment" "reader_lambda_logs" {
  role       = aws_iam_role.reader.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# The policy name comes from a variable without a value: could be AdministratorAccess.
resource "aws_iam_group_policy_attachment" "analysts_by_name" { # expect-not-evaluable: aws-iam-no-admin-policy
  group      = "analysts"
  policy_arn = "arn:aws:iam::aws:policy/${var.analyst_policy_name}"
}

# A variable default that names a read-only policy.
resource "aws_iam_user_policy_attachment" "auditor" {
  user       = "auditor"
  policy_arn = var.auditor_policy_arn
}

# A variable without a value: could be AdministratorAccess.
resource "aws_iam_group_policy_attachment" "analysts" { # expect-not-evaluable: aws-iam-no-admin-policy
  group      = "analysts"
  policy_arn = var.group_policy_arn
}

# Never created.
resource "aws_iam_policy" "disabled" {
  count = 0
  name  = "disabled-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
