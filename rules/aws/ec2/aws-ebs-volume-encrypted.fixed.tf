# Fixture for aws-ebs-volume-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "encrypt_volumes" {
  type = bool
}

variable "scratch_encrypted" {
  type    = bool
  default = false
}

variable "restore_snapshot_id" {
  type    = string
  default = "snap-0a1b2c3d4e5f67890"
}

# Explicitly off: it does not cover the volumes below.
resource "aws_ebs_encryption_by_default" "region" {
  enabled = false
}

resource "aws_kms_key" "ebs" {
  description         = "EBS volumes of the EHR hosts"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "ehr_data" {
  availability_zone = "us-east-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_volume" "imaging_cache" { # expect: aws-ebs-volume-encrypted
  availability_zone = "us-east-1a"
  size              = 2000
  type              = "st1"
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_volume" "exports" {
  availability_zone = "us-east-1b"
  size              = 100
  encrypted         = true # expect: aws-ebs-volume-encrypted
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1b"
  size              = 50
  encrypted         = true # expect: aws-ebs-volume-encrypted
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_volume" "string_true" {
  availability_zone = "us-east-1c"
  size              = 20
  encrypted         = "true"
}

resource "aws_ebs_volume" "per_environment" { # expect-not-evaluable: aws-ebs-volume-encrypted
  availability_zone = "us-east-1c"
  size              = 100
  encrypted         = var.encrypt_volumes
}

resource "aws_ebs_volume" "restored_from_backup" { # expect-not-evaluable: aws-ebs-volume-encrypted
  availability_zone = "us-east-1a"
  snapshot_id       = var.restore_snapshot_id
}

resource "aws_ebs_volume" "retired" {
  count             = 0
  availability_zone = "us-east-1a"
  size              = 10
}
