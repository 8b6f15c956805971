# Fixture for aws-redshift-not-publicly-accessible. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "publicly_accessible" {
  type = bool
}

variable "bi_access" {
  type    = bool
  default = true
}

# AWS provider v6: publicly_accessible defaults to false.
resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "claims-analytics"
  node_type              = "ra3.xlplus"
  number_of_nodes        = 2
  database_name          = "claims"
  master_username        = "admin"
  manage_master_password = true
}

resource "aws_redshift_cluster" "private" {
  cluster_identifier  = "private"
  node_type           = "ra3.xlplus"
  publicly_accessible = false
}

resource "aws_redshift_cluster" "public" {
  cluster_identifier  = "bi-sandbox"
  node_type           = "dc2.large"
  publicly_accessible = false # expect: aws-redshift-not-publicly-accessible
}

resource "aws_redshift_cluster" "bi" {
  cluster_identifier  = "bi"
  node_type           = "dc2.large"
  publicly_accessible = false # expect: aws-redshift-not-publicly-accessible
}

resource "aws_redshift_cluster" "string_false" {
  cluster_identifier  = "string-false"
  node_type           = "dc2.large"
  publicly_accessible = "false"
}

resource "aws_redshift_cluster" "configurable" { # expect-not-evaluable: aws-redshift-not-publicly-accessible
  cluster_identifier  = "configurable"
  node_type           = "ra3.xlplus"
  publicly_accessible = var.publicly_accessible
}

resource "aws_redshift_cluster" "decommissioned" {
  count               = 0
  cluster_identifier  = "old"
  node_type           = "dc2.large"
  publicly_accessible = true
}
