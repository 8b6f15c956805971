# Fixture for aws-dynamodb-table-encrypted-kms. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "sse_enabled" {
  type = bool
}

variable "encryption_settings" {
  type = list(object({ enabled = bool, kms_key_arn = string }))
}

variable "use_kms" {
  type    = bool
  default = false
}

resource "aws_kms_key" "dynamodb" {
  description         = "DynamoDB tables"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "sessions" {
  name         = "patient-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}

# enabled = true without a key uses the AWS managed aws/dynamodb KMS key.
resource "aws_dynamodb_table" "aws_managed_key" {
  name         = "appointments"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = "true"
  }
}

resource "aws_dynamodb_table" "default_key" { # expect: aws-dynamodb-table-encrypted-kms
  name         = "audit-events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}

resource "aws_dynamodb_table" "disabled" {
  name     = "referrals"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true # expect: aws-dynamodb-table-encrypted-kms
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}

resource "aws_dynamodb_table" "unknown_flag" { # expect-not-evaluable: aws-dynamodb-table-encrypted-kms
  name     = "unknown-flag"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = var.sse_enabled
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}

resource "aws_dynamodb_table" "dynamic_settings" { # expect-not-evaluable: aws-dynamodb-table-encrypted-kms
  name     = "dynamic-settings"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  dynamic "server_side_encryption" {
    for_each = var.encryption_settings
    content {
      enabled     = server_side_encryption.value.enabled
      kms_key_arn = server_side_encryption.value.kms_key_arn
    }
  }
}

resource "aws_dynamodb_table" "dynamic_known" {
  name     = "dynamic-known"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  dynamic "server_side_encryption" {
    for_each = [aws_kms_key.dynamodb.arn]
    content {
      enabled     = true
      kms_key_arn = server_side_encryption.value
    }
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
