# Fixture for aws-sns-topic-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "topic_key" {
  type = string
}

variable "optional_key" {
  type    = string
  default = null
}

data "aws_kms_alias" "shared" {
  name = "alias/shared-messaging"
}

resource "aws_kms_key" "sns" {
  description         = "SNS topics"
  enable_key_rotation = true
}

resource "aws_sns_topic" "alerts" {
  name              = "patient-alerts"
  kms_master_key_id = aws_kms_key.sns.arn
}

resource "aws_sns_topic" "aws_managed_key" {
  name              = "appointment-reminders"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "shared_key" {
  name              = "shared"
  kms_master_key_id = data.aws_kms_alias.shared.target_key_arn
}

resource "aws_sns_topic" "plain" { # expect: aws-sns-topic-encrypted
  name              = "ops-notifications"
  kms_master_key_id = aws_kms_key.sns.arn
}

resource "aws_sns_topic" "empty_key" {
  name              = "results-ready"
  kms_master_key_id = aws_kms_key.sns.arn # expect: aws-sns-topic-encrypted
}

resource "aws_sns_topic" "null_default" { # expect: aws-sns-topic-encrypted
  name              = "null-default"
  kms_master_key_id = aws_kms_key.sns.arn
}

resource "aws_sns_topic" "configurable" { # expect-not-evaluable: aws-sns-topic-encrypted
  name              = "configurable"
  kms_master_key_id = var.topic_key
}

resource "aws_sns_topic" "unused" {
  count = 0
  name  = "unused"
}
