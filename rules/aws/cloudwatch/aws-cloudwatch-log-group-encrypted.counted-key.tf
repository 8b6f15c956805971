# Variant of aws-cloudwatch-log-group-encrypted: the configuration's only KMS key is written with count.
# Terraform reaches it only through an instance (aws_kms_key.logs[0].arn), so the finding carries no fix
# that would write aws_kms_key.logs.arn (this variant has no .fixed output).

resource "aws_kms_key" "logs" {
  count               = 1
  description         = "CloudWatch Logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "app" { # expect: aws-cloudwatch-log-group-encrypted
  name              = "/app/api"
  retention_in_days = 2192
}
