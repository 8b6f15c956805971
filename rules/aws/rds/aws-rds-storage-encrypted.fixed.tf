# Fixture for aws-rds-storage-encrypted. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "encrypt" {
  type = bool
}

variable "encrypt_default_off" {
  type    = bool
  default = false
}

resource "aws_db_instance" "encrypted" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}

resource "aws_db_instance" "missing" { # expect: aws-rds-storage-encrypted
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
}

resource "aws_db_instance" "explicit_false" {
  engine            = "postgres"
  storage_encrypted = true # expect: aws-rds-storage-encrypted
}

resource "aws_db_instance" "from_variable_default" {
  engine            = "postgres"
  storage_encrypted = true # expect: aws-rds-storage-encrypted
}

resource "aws_db_instance" "unknown_variable" { # expect-not-evaluable: aws-rds-storage-encrypted
  engine            = "postgres"
  storage_encrypted = var.encrypt
}

resource "aws_rds_cluster" "aurora" {
  engine            = "aurora-postgresql"
  storage_encrypted = "true"
}

resource "aws_rds_cluster" "aurora_plain" { # expect: aws-rds-storage-encrypted
  engine            = "aurora-mysql"
  storage_encrypted = true
}

resource "aws_rds_cluster" "serverless_v1" {
  engine      = "aurora-mysql"
  engine_mode = "serverless"
}

resource "aws_rds_cluster" "conditional" { # expect-not-evaluable: aws-rds-storage-encrypted
  engine            = "aurora-postgresql"
  storage_encrypted = var.encrypt ? true : false
}

resource "aws_db_instance" "disabled" {
  count             = 0
  storage_encrypted = false
}

resource "aws_kms_key" "db" {
  enable_key_rotation = true
}
