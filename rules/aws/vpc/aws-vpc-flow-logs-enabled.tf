# Fixture for aws-vpc-flow-logs-enabled. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "sandbox_flow_logs" {
  type = bool
}

resource "aws_s3_bucket" "flow_logs" {
  bucket = "clinic-vpc-flow-logs"
}

resource "aws_vpc" "clinical" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_flow_log" "clinical" {
  vpc_id               = aws_vpc.clinical.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}

resource "aws_vpc" "analytics" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = "10.20.0.0/16"
}

# Only a subnet of the analytics VPC is logged: that does not cover the VPC.
resource "aws_subnet" "analytics_private" {
  vpc_id     = aws_vpc.analytics.id
  cidr_block = "10.20.1.0/24"
}

resource "aws_flow_log" "analytics_subnet" {
  subnet_id       = aws_subnet.analytics_private.id
  traffic_type    = "ALL"
  log_destination = aws_s3_bucket.flow_logs.arn
}

resource "aws_vpc" "legacy" { # expect: aws-vpc-flow-logs-enabled
  cidr_block = "10.30.0.0/16"
}

resource "aws_flow_log" "legacy_disabled" {
  count           = 0
  vpc_id          = aws_vpc.legacy.id
  traffic_type    = "REJECT"
  log_destination = aws_s3_bucket.flow_logs.arn
}

resource "aws_vpc" "sandbox" { # expect-not-evaluable: aws-vpc-flow-logs-enabled
  cidr_block = "10.40.0.0/16"
}

resource "aws_flow_log" "sandbox" {
  count           = var.sandbox_flow_logs ? 1 : 0
  vpc_id          = aws_vpc.sandbox.id
  traffic_type    = "ALL"
  log_destination = aws_s3_bucket.flow_logs.arn
}

# A VPC managed elsewhere, named by its ID: not one of this configuration's VPCs.
resource "aws_flow_log" "shared_services" {
  vpc_id          = "vpc-0a1b2c3d4e5f60789"
  traffic_type    = "ALL"
  log_destination = aws_s3_bucket.flow_logs.arn
}

resource "aws_vpc" "retired" {
  count      = 0
  cidr_block = "10.50.0.0/16"
}
