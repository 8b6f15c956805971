# Fixture for aws-sqs-queue-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "sse" {
  type = bool
}

variable "queue_kms_key" {
  type = string
}

variable "legacy_sse" {
  type    = bool
  default = false
}

resource "aws_kms_key" "sqs" {
  description         = "SQS queues"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "intake" {
  name                              = "lab-results-intake"
  kms_master_key_id                 = aws_kms_key.sqs.arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "aws_managed_key" {
  name              = "orders"
  kms_master_key_id = "alias/aws/sqs"
}

# New queues get SSE-SQS unless it is turned off.
resource "aws_sqs_queue" "defaults" {
  name                      = "notifications"
  message_retention_seconds = 86400
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "claims"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "plaintext" {
  name                    = "legacy-feed"
  sqs_managed_sse_enabled = true # expect: aws-sqs-queue-encrypted
}

resource "aws_sqs_queue" "legacy" {
  name                    = "legacy-batch"
  sqs_managed_sse_enabled = true # expect: aws-sqs-queue-encrypted
}

resource "aws_sqs_queue" "dead_letter" {
  name                    = "lab-results-dlq"
  fifo_queue              = false
  sqs_managed_sse_enabled = true # expect: aws-sqs-queue-encrypted
}

resource "aws_sqs_queue" "configurable" { # expect-not-evaluable: aws-sqs-queue-encrypted
  name                    = "configurable"
  sqs_managed_sse_enabled = var.sse
}

resource "aws_sqs_queue" "maybe_kms" { # expect-not-evaluable: aws-sqs-queue-encrypted
  name                    = "maybe-kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = var.queue_kms_key
}

resource "aws_sqs_queue" "unused" {
  count                   = 0
  name                    = "unused"
  sqs_managed_sse_enabled = false
}
