# Fixture for aws-dynamodb-point-in-time-recovery. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "pitr" {
  type = bool
}

variable "environment" {
  type    = string
  default = "dev"
}

locals {
  pitr_enabled = var.environment == "prod"
}

resource "aws_dynamodb_table" "sessions" {
  name         = "patient-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "no_pitr" { # expect: aws-dynamodb-point-in-time-recovery
  name         = "audit-events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "pitr_off" {
  name     = "referrals"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true # expect: aws-dynamodb-point-in-time-recovery
  }
}

resource "aws_dynamodb_table" "per_environment" {
  name     = "orders"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true # expect: aws-dynamodb-point-in-time-recovery
  }
}

resource "aws_dynamodb_table" "string_true" {
  name     = "results"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = "true"
  }
}

resource "aws_dynamodb_table" "configurable" { # expect-not-evaluable: aws-dynamodb-point-in-time-recovery
  name     = "configurable"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

resource "aws_dynamodb_table" "unused" {
  count    = 0
  name     = "unused"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}
