# Fixture for aws-cloudwatch-log-group-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "logs_key_arn" {
  type = string
}

variable "services" {
  type    = list(string)
  default = ["intake", "billing"]
}

locals {
  log_key = aws_kms_key.logs.arn
}

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = 2192
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "via_local" {
  name       = "/app/worker"
  kms_key_id = local.log_key
}

resource "aws_cloudwatch_log_group" "per_service" {
  for_each   = toset(var.services)
  name       = "/app/${each.key}"
  kms_key_id = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "plain" { # expect: aws-cloudwatch-log-group-encrypted
  name              = "/aws/lambda/export"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "empty_key" {
  name       = "/app/empty"
  kms_key_id = aws_kms_key.logs.arn # expect: aws-cloudwatch-log-group-encrypted
}

resource "aws_cloudwatch_log_group" "configurable" { # expect-not-evaluable: aws-cloudwatch-log-group-encrypted
  name       = "/app/configurable"
  kms_key_id = var.logs_key_arn
}

resource "aws_cloudwatch_log_group" "unused" {
  count = 0
  name  = "/app/unused"
}
