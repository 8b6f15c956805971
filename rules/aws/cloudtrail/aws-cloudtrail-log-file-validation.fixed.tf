# Fixture for aws-cloudtrail-log-file-validation. "# expect: <rule>" marks the line a finding must start
# on; "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "validate_logs" {
  type = bool
}

variable "strict" {
  type    = bool
  default = true
}

resource "aws_s3_bucket" "trail" {
  bucket = "clinic-cloudtrail-logs"
}

resource "aws_cloudtrail" "validated" {
  name                       = "validated"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "default_off" { # expect: aws-cloudtrail-log-file-validation
  name                       = "default-off"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "explicit_off" {
  name                       = "explicit-off"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true # expect: aws-cloudtrail-log-file-validation
}

resource "aws_cloudtrail" "string_true" {
  name                       = "string-true"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = "true"
}

# Negated variable default: !true is false.
resource "aws_cloudtrail" "negated" {
  name                       = "negated"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true # expect: aws-cloudtrail-log-file-validation
}

resource "aws_cloudtrail" "from_variable_default" {
  name                       = "from-variable-default"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = var.strict
}

resource "aws_cloudtrail" "per_workspace" { # expect-not-evaluable: aws-cloudtrail-log-file-validation
  name                       = "per-workspace"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = var.validate_logs
}

resource "aws_cloudtrail" "disabled" {
  count          = 0
  name           = "disabled"
  s3_bucket_name = aws_s3_bucket.trail.id
}
