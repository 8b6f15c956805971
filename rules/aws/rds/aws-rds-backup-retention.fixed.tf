# Fixture for aws-rds-backup-retention. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "retention_days" {
  type = number
}

variable "dev_retention_days" {
  type    = number
  default = 0
}

variable "source_db" {
  type = string
}

locals {
  backup_days = {
    prod = 14
    dev  = 1
  }
}

resource "aws_db_instance" "clinical" {
  identifier              = "clinical-records"
  engine                  = "postgres"
  instance_class          = "db.m6g.large"
  backup_retention_period = 14
  backup_window           = "03:00-04:00"
}

resource "aws_db_instance" "no_backups" { # expect: aws-rds-backup-retention
  identifier              = "billing"
  engine                  = "mysql"
  instance_class          = "db.t3.medium"
  backup_retention_period = 7
}

resource "aws_db_instance" "explicit_zero" {
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  backup_retention_period = 7 # expect: aws-rds-backup-retention
}

resource "aws_db_instance" "dev" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 7 # expect: aws-rds-backup-retention
}

resource "aws_db_instance" "from_local_map" {
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  backup_retention_period = local.backup_days["prod"]
}

resource "aws_db_instance" "string_number" {
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  backup_retention_period = "7"
}

resource "aws_db_instance" "unknown_retention" { # expect-not-evaluable: aws-rds-backup-retention
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  backup_retention_period = var.retention_days
}

# Read replicas are backed up through their source.
resource "aws_db_instance" "replica" {
  identifier          = "clinical-records-replica"
  replicate_source_db = aws_db_instance.clinical.identifier
  instance_class      = "db.m6g.large"
}

resource "aws_db_instance" "maybe_replica" { # expect-not-evaluable: aws-rds-backup-retention
  replicate_source_db = var.source_db
  instance_class      = "db.t3.medium"
}

resource "aws_db_instance" "restored" { # expect-not-evaluable: aws-rds-backup-retention
  identifier          = "clinical-restore-test"
  snapshot_identifier = "clinical-records-2024-06-01"
  instance_class      = "db.m6g.large"
}

resource "aws_rds_cluster" "records" {
  cluster_identifier      = "records"
  engine                  = "aurora-postgresql"
  backup_retention_period = 35
}

# Clusters keep one day of backups by default.
resource "aws_rds_cluster" "defaults" {
  cluster_identifier = "defaults"
  engine             = "aurora-mysql"
}

resource "aws_rds_cluster" "zero" {
  cluster_identifier      = "zero"
  engine                  = "aurora-mysql"
  backup_retention_period = 7 # expect: aws-rds-backup-retention
}

resource "aws_rds_cluster" "unknown" { # expect-not-evaluable: aws-rds-backup-retention
  cluster_identifier      = "unknown"
  engine                  = "aurora-postgresql"
  backup_retention_period = var.retention_days
}

resource "aws_db_instance" "disabled" {
  count          = 0
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
