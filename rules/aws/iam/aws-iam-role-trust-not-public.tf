# Fixture for aws-iam-role-trust-not-public. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "trusted_principals" {
  type = list(string)
}

variable "partner_external_id" {
  type      = string
  sensitive = true
}

variable "org_conditions" {
  type = list(object({ test = string, variable = string, values = list(string) }))
}

variable "partner_account_id" {
  type = string
}

variable "organization_id" {
  type    = string
  default = "o-a1b2c3d4e5"
}

# Anyone in any AWS account can assume this role.
resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({ # expect: aws-iam-role-trust-not-public
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "*" }
      }
    ]
  })
}

# Wildcard principal limited to our organisation (value from a variable default): passes.
resource "aws_iam_role" "org_wide" {
  name = "org-wide"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "*" }
        Condition = { StringEquals = { "aws:PrincipalOrgID" = var.organization_id } }
      }
    ]
  })
}

# A negated condition admits every other organisation.
resource "aws_iam_role" "negated" {
  name = "negated"
  assume_role_policy = jsonencode({ # expect: aws-iam-role-trust-not-public
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Principal = "*"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      }
    ]
  })
}

# ...IfExists matches callers that have no such key at all.
resource "aws_iam_role" "if_exists" {
  name = "if-exists"
  assume_role_policy = jsonencode({ # expect: aws-iam-role-trust-not-public
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:*"
        Principal = { AWS = ["*"] }
        Condition = { StringEqualsIfExists = { "aws:SourceAccount" = "111122223333" } }
      }
    ]
  })
}

# Third-party role with an external id kept in a variable without a value: still restricted.
resource "aws_iam_role" "partner" {
  name = "partner-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "*" }
        Condition = { StringEquals = { "sts:ExternalId" = var.partner_external_id } }
      }
    ]
  })
}

# The partner account comes from a variable without a value, but an account root ARN is never "*": passes.
resource "aws_iam_role" "partner_account" {
  name = "partner-account"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      }
    ]
  })
}

# Service principal in a heredoc: passes.
resource "aws_iam_role" "ec2" {
  name               = "ec2-app"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "Service": "ec2.amazonaws.com" }
    }
  ]
}
EOF
}

# Web identity federation open to every identity provider and user.
data "aws_iam_policy_document" "any_web_identity" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "web" {
  name               = "web-identity"
  assume_role_policy = data.aws_iam_policy_document.any_web_identity.json # expect: aws-iam-role-trust-not-public
}

# Trusted principals from a variable without a value: could be "*".
data "aws_iam_policy_document" "cross_account" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = var.trusted_principals
    }
  }
}

resource "aws_iam_role" "cross_account" { # expect-not-evaluable: aws-iam-role-trust-not-public
  name               = "cross-account"
  assume_role_policy = data.aws_iam_policy_document.cross_account.json
}

# Wildcard principal whose conditions come from an unknown list.
data "aws_iam_policy_document" "conditional" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.org_conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}

resource "aws_iam_role" "conditional" { # expect-not-evaluable: aws-iam-role-trust-not-public
  name               = "conditional"
  assume_role_policy = data.aws_iam_policy_document.conditional.json
}

# A Deny for everyone plus an Allow for one account: passes.
resource "aws_iam_role" "guarded" {
  name = "guarded"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } },
      { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "*" }, Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } },
    ]
  })
}

# Never created.
resource "aws_iam_role" "disabled" {
  count = 0
  name  = "disabled"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })
}
