# Fixture for aws-rds-deletion-protection. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "protect" {
  type = bool
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "protect_scratch" {
  type    = bool
  default = false
}

locals {
  is_prod = var.environment == "prod"
}

resource "aws_db_instance" "clinical" {
  identifier          = "clinical-records"
  engine              = "postgres"
  instance_class      = "db.m6g.large"
  deletion_protection = true
}

resource "aws_db_instance" "unprotected" { # expect: aws-rds-deletion-protection
  identifier          = "billing"
  engine              = "mysql"
  instance_class      = "db.t3.medium"
  deletion_protection = true
}

resource "aws_db_instance" "explicit_off" {
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  deletion_protection = true # expect: aws-rds-deletion-protection
}

resource "aws_db_instance" "scratch" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  deletion_protection = true # expect: aws-rds-deletion-protection
}

resource "aws_db_instance" "per_environment" {
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  deletion_protection = local.is_prod
}

resource "aws_db_instance" "unknown" { # expect-not-evaluable: aws-rds-deletion-protection
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  deletion_protection = var.protect
}

resource "aws_rds_cluster" "records" {
  cluster_identifier  = "records"
  engine              = "aurora-postgresql"
  deletion_protection = "true"
}

resource "aws_rds_cluster" "analytics" { # expect: aws-rds-deletion-protection
  cluster_identifier  = "analytics"
  engine              = "aurora-mysql"
  deletion_protection = true
}

resource "aws_rds_cluster" "conditional" { # expect-not-evaluable: aws-rds-deletion-protection
  cluster_identifier  = "conditional"
  engine              = "aurora-postgresql"
  deletion_protection = var.protect ? true : var.protect_scratch
}

resource "aws_rds_cluster" "retired" {
  count              = 0
  cluster_identifier = "retired"
  engine             = "aurora-mysql"
}
