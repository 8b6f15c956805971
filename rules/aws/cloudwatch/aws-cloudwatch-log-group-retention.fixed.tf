# Fixture for aws-cloudwatch-log-group-retention. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "retention" {
  type = number
}

variable "debug_retention" {
  type    = number
  default = 14
}

variable "environment" {
  type    = string
  default = "prod"
}

locals {
  retention_days = var.environment == "prod" ? 2192 : 30
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/app/api"
  retention_in_days = 2192
}

# Unset and 0 both keep events forever.
resource "aws_cloudwatch_log_group" "never_expire" {
  name = "/app/audit"
}

resource "aws_cloudwatch_log_group" "explicit_zero" {
  name              = "/app/access"
  retention_in_days = 0
}

resource "aws_cloudwatch_log_group" "one_year" {
  name              = "/app/worker"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "per_environment" {
  name              = "/app/intake"
  retention_in_days = local.retention_days
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/export"
  retention_in_days = 365 # expect: aws-cloudwatch-log-group-retention
}

resource "aws_cloudwatch_log_group" "debug" {
  name              = "/app/debug"
  retention_in_days = 365 # expect: aws-cloudwatch-log-group-retention
}

resource "aws_cloudwatch_log_group" "string_value" {
  name              = "/app/string"
  retention_in_days = 365 # expect: aws-cloudwatch-log-group-retention
}

resource "aws_cloudwatch_log_group" "configurable" { # expect-not-evaluable: aws-cloudwatch-log-group-retention
  name              = "/app/configurable"
  retention_in_days = var.retention
}

resource "aws_cloudwatch_log_group" "unused" {
  count             = 0
  name              = "/app/unused"
  retention_in_days = 1
}
