# Fixture for aws-efs-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "encrypt" {
  type = bool
}

variable "efs_settings" {
  type = object({ encrypted = bool, throughput_mode = string })
  default = {
    encrypted       = false
    throughput_mode = "elastic"
  }
}

resource "aws_kms_key" "efs" {
  description         = "EFS"
  enable_key_rotation = true
}

resource "aws_efs_file_system" "documents" {
  creation_token = "scanned-documents"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "imaging" { # expect: aws-efs-encrypted
  creation_token   = "imaging"
  performance_mode = "maxIO"
  encrypted        = true
  kms_key_id       = aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "exports" {
  creation_token = "exports"
  encrypted      = true # expect: aws-efs-encrypted
  kms_key_id     = aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "from_object_variable" {
  creation_token  = "shared"
  encrypted       = true # expect: aws-efs-encrypted
  throughput_mode = var.efs_settings.throughput_mode
  kms_key_id      = aws_kms_key.efs.arn
}

resource "aws_efs_file_system" "string_true" {
  creation_token = "string-true"
  encrypted      = "true"
}

resource "aws_efs_file_system" "configurable" { # expect-not-evaluable: aws-efs-encrypted
  creation_token = "configurable"
  encrypted      = var.encrypt
}

resource "aws_efs_file_system" "unused" {
  count          = 0
  creation_token = "unused"
}
