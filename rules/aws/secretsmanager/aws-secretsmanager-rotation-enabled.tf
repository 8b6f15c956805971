# Fixture for aws-secretsmanager-rotation-enabled. "# expect: <rule>" marks the line a finding must start
# on; "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "rotate_reporting" {
  type = bool
}

variable "vendor_secret_name" {
  type = string
}

locals {
  prefix = "clinic/prod"
}

resource "aws_lambda_function" "rotator" {
  function_name = "secret-rotator"
  role          = "arn:aws:iam::111122223333:role/rotator"
  handler       = "index.handler"
  runtime       = "python3.12"
  filename      = "rotator.zip"
}

# Rotation joined by reference.
resource "aws_secretsmanager_secret" "db" {
  name = "${local.prefix}/db-master"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 30
  }
}

# Rotation joined by the secret's literal name.
resource "aws_secretsmanager_secret" "api" {
  name = "clinic/prod/api-key"
}

resource "aws_secretsmanager_secret_rotation" "api" {
  secret_id           = "clinic/prod/api-key"
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    schedule_expression = "rate(10 days)"
  }
}

# Rotation joined by the secret's full ARN written out.
resource "aws_secretsmanager_secret" "hl7" {
  name = "clinic/prod/hl7-feed"
}

resource "aws_secretsmanager_secret_rotation" "hl7" {
  secret_id           = "arn:aws:secretsmanager:us-east-1:111122223333:secret:clinic/prod/hl7-feed-AbCdEf"
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 60
  }
}

# No rotation at all.
resource "aws_secretsmanager_secret" "smtp" { # expect: aws-secretsmanager-rotation-enabled
  name        = "clinic/prod/smtp"
  description = "Mail relay password"
}

# Its only rotation is never created.
resource "aws_secretsmanager_secret" "fax" { # expect: aws-secretsmanager-rotation-enabled
  name = "clinic/prod/fax-gateway"
}

resource "aws_secretsmanager_secret_rotation" "fax" {
  count               = 0
  secret_id           = aws_secretsmanager_secret.fax.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 30
  }
}

# The rotation exists only when a variable without a value says so.
resource "aws_secretsmanager_secret" "reporting" { # expect-not-evaluable: aws-secretsmanager-rotation-enabled
  name = "clinic/prod/reporting"
}

resource "aws_secretsmanager_secret_rotation" "reporting" {
  count               = var.rotate_reporting ? 1 : 0
  secret_id           = aws_secretsmanager_secret.reporting.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 30
  }
}

# The secret's name is not known, and a rotation above names its secret literally: it could be this one.
resource "aws_secretsmanager_secret" "vendor" { # expect-not-evaluable: aws-secretsmanager-rotation-enabled
  name = var.vendor_secret_name
}

resource "aws_secretsmanager_secret" "disabled" {
  count = 0
  name  = "clinic/prod/disabled"
}
