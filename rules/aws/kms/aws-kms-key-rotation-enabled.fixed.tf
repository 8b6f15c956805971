# Fixture for aws-kms-key-rotation-enabled. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "rotate_keys" {
  type = bool
}

variable "key_spec" {
  type = string
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "rotation_default_off" {
  type    = bool
  default = false
}

resource "aws_kms_key" "records" {
  description             = "Patient records"
  enable_key_rotation     = true
  rotation_period_in_days = 180
  deletion_window_in_days = 30
}

resource "aws_kms_key" "default_off" { # expect: aws-kms-key-rotation-enabled
  description         = "Imaging bucket key"
  enable_key_rotation = true
}

resource "aws_kms_key" "explicit_off" {
  description         = "Claims queue key"
  enable_key_rotation = true # expect: aws-kms-key-rotation-enabled
}

resource "aws_kms_key" "string_true" {
  description         = "Backups key"
  enable_key_rotation = "true"
}

resource "aws_kms_key" "symmetric_from_var_default" {
  description              = "Lab results key"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = true # expect: aws-kms-key-rotation-enabled
}

# Only rotated in production; the environment defaults to "dev".
resource "aws_kms_key" "prod_only" {
  description         = "Analytics key"
  enable_key_rotation = true # expect: aws-kms-key-rotation-enabled
}

resource "aws_kms_key" "multi_region" {
  description         = "Replicated records key"
  multi_region        = true
  enable_key_rotation = true
}

# Asymmetric and HMAC keys cannot rotate automatically.
resource "aws_kms_key" "signing" {
  description              = "Document signing"
  customer_master_key_spec = "RSA_3072"
  key_usage                = "SIGN_VERIFY"
  enable_key_rotation      = false
}

resource "aws_kms_key" "tokens" {
  description              = "Token MACs"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

# Keys in a CloudHSM key store cannot rotate automatically either.
resource "aws_kms_key" "hsm" {
  description         = "HSM-backed key"
  custom_key_store_id = "cks-1234567890abcdef0"
}

resource "aws_kms_key" "unknown_rotation" { # expect-not-evaluable: aws-kms-key-rotation-enabled
  description         = "Rotation decided per workspace"
  enable_key_rotation = var.rotate_keys
}

resource "aws_kms_key" "unknown_spec" { # expect-not-evaluable: aws-kms-key-rotation-enabled
  description              = "Spec decided per workspace"
  customer_master_key_spec = var.key_spec
}

resource "aws_kms_key" "disabled" {
  count       = 0
  description = "Never created"
}
