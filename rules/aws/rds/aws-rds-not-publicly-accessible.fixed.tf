# Fixture for aws-rds-not-publicly-accessible. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "public_access" {
  type = bool
}

variable "expose_reporting_db" {
  type    = bool
  default = true
}

variable "environment" {
  type    = string
  default = "prod"
}

locals {
  allow_internet = var.environment != "prod"
}

# Default (false): private.
resource "aws_db_instance" "clinical" {
  identifier        = "clinical-records"
  engine            = "postgres"
  instance_class    = "db.m6g.large"
  allocated_storage = 100
  storage_encrypted = true
}

resource "aws_db_instance" "explicit_private" {
  engine              = "mysql"
  instance_class      = "db.t3.medium"
  publicly_accessible = false
}

resource "aws_db_instance" "reporting" {
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  publicly_accessible = false # expect: aws-rds-not-publicly-accessible
}

resource "aws_db_instance" "from_variable_default" {
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  publicly_accessible = false # expect: aws-rds-not-publicly-accessible
}

resource "aws_db_instance" "string_true" {
  engine              = "mariadb"
  instance_class      = "db.t3.small"
  publicly_accessible = false # expect: aws-rds-not-publicly-accessible
}

resource "aws_db_instance" "via_local" {
  engine              = "postgres"
  instance_class      = "db.t3.small"
  publicly_accessible = local.allow_internet
}

resource "aws_db_instance" "unknown_variable" { # expect-not-evaluable: aws-rds-not-publicly-accessible
  engine              = "postgres"
  instance_class      = "db.t3.small"
  publicly_accessible = var.public_access
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier = "records"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier = aws_rds_cluster.aurora.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.aurora.engine
}

resource "aws_rds_cluster_instance" "public_reader" {
  cluster_identifier  = aws_rds_cluster.aurora.id
  instance_class      = "db.r6g.large"
  engine              = aws_rds_cluster.aurora.engine
  publicly_accessible = false # expect: aws-rds-not-publicly-accessible
}

resource "aws_rds_cluster_instance" "conditional" { # expect-not-evaluable: aws-rds-not-publicly-accessible
  cluster_identifier  = aws_rds_cluster.aurora.id
  instance_class      = "db.r6g.large"
  publicly_accessible = var.public_access ? true : false
}

resource "aws_db_instance" "disabled_sandbox" {
  count               = 0
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = true
}
