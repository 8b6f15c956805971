# Audit trail for every region of the account.

variable "trail_bucket" {
  type = string
}

variable "kms_key_arn" {
  type    = string
  default = null
}

resource "aws_cloudtrail" "account" {
  name                          = "account-trail"
  s3_bucket_name                = var.trail_bucket
  include_global_service_events = true
  is_multi_region_trail         = false
  kms_key_id                    = var.kms_key_arn
}
