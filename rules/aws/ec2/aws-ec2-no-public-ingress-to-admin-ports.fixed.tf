# Fixture for aws-ec2-no-public-ingress-to-admin-ports. "# expect: <rule>" marks the line a finding must
# start on; "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "admin_cidr" {
  type = string
}

variable "office_cidrs" {
  type    = list(string)
  default = ["203.0.113.0/24", "198.51.100.0/24"]
}

variable "ssh_port" {
  type    = number
  default = 22
}

variable "rdp_port" {
  type = number
}

variable "extra_ingress" {
  type = list(object({ port = number, cidr = string }))
}

variable "expose_bastion" {
  type = bool
}

variable "rule_direction" {
  type = string
}

locals {
  anywhere      = "0.0.0.0/0"
  public_ports  = [80, 443]
  clinic_subnet = "10.42.0.0/16"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "web" {
  name   = "patient-portal-web"
  vpc_id = aws_vpc.main.id

  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "SSH from the whole VPC"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }

  ingress {
    description = "SSH for the on-call engineer"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"] # expect: aws-ec2-no-public-ingress-to-admin-ports
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "office_only" {
  name   = "ehr-admin"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = var.office_cidrs
  }

  ingress {
    description = "Path MTU discovery"
    from_port   = 3
    to_port     = 4
    protocol    = "icmp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "all_open_v6" {
  name   = "legacy-lab-gateway"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = var.admin_ipv6_cidr_blocks # expect: aws-ec2-no-public-ingress-to-admin-ports
  }
}

resource "aws_security_group" "db_range" {
  name   = "reporting-db"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 1000
    to_port     = 6000
    protocol    = "tcp"
    cidr_blocks = var.admin_cidr_blocks # expect: aws-ec2-no-public-ingress-to-admin-ports
  }
}

resource "aws_security_group" "admin_unknown" { # expect-not-evaluable: aws-ec2-no-public-ingress-to-admin-ports
  name   = "bastion"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_security_group" "dynamic_unknown" { # expect-not-evaluable: aws-ec2-no-public-ingress-to-admin-ports
  name   = "partner-feeds"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.extra_ingress
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
}

resource "aws_security_group" "dynamic_known" {
  name   = "public-web"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = local.public_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [local.anywhere]
    }
  }
}

resource "aws_security_group_rule" "ssh_anywhere" {
  type              = "ingress"
  from_port         = "22"
  to_port           = "22"
  protocol          = "tcp"
  cidr_blocks       = var.admin_cidr_blocks # expect: aws-ec2-no-public-ingress-to-admin-ports
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "ssh_port_from_variable" {
  type              = "ingress"
  from_port         = var.ssh_port
  to_port           = var.ssh_port
  protocol          = "tcp"
  cidr_blocks       = var.admin_cidr_blocks # expect: aws-ec2-no-public-ingress-to-admin-ports
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "rdp_port_unknown" { # expect-not-evaluable: aws-ec2-no-public-ingress-to-admin-ports
  type              = "ingress"
  from_port         = var.rdp_port
  to_port           = var.rdp_port
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "memcached_udp" {
  type              = "ingress"
  from_port         = 11211
  to_port           = 11211
  protocol          = "udp"
  cidr_blocks       = [local.clinic_subnet]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "egress_all" {
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "all_protocols_v6" {
  type              = "ingress"
  from_port         = 0
  to_port           = 65535
  protocol          = "all"
  ipv6_cidr_blocks  = var.admin_ipv6_cidr_blocks # expect: aws-ec2-no-public-ingress-to-admin-ports
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "direction_unknown" { # expect-not-evaluable: aws-ec2-no-public-ingress-to-admin-ports
  type              = var.rule_direction
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_security_group_rule" "disabled_debug_ssh" {
  count             = 0
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_vpc_security_group_ingress_rule" "postgres_public" {
  security_group_id = aws_security_group.db_range.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = var.admin_cidr_ipv4 # expect: aws-ec2-no-public-ingress-to-admin-ports
}

resource "aws_vpc_security_group_ingress_rule" "https_public" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "everything_v6" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  cidr_ipv6         = var.admin_cidr_ipv6 # expect: aws-ec2-no-public-ingress-to-admin-ports
}

resource "aws_vpc_security_group_ingress_rule" "postgres_from_app" {
  security_group_id            = aws_security_group.db_range.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.web.id
}

resource "aws_vpc_security_group_ingress_rule" "bastion_toggle" { # expect-not-evaluable: aws-ec2-no-public-ingress-to-admin-ports
  security_group_id = aws_security_group.admin_unknown.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.expose_bastion ? "0.0.0.0/0" : "10.0.0.0/8"
}

variable "admin_ipv6_cidr_blocks" {
  type        = list(string)
  description = "IPv6 ranges allowed to reach administration and database ports (a VPN or office range, never ::/0)"
}

variable "admin_cidr_blocks" {
  type        = list(string)
  description = "IPv4 ranges allowed to reach administration and database ports (a VPN or office range, never 0.0.0.0/0)"
}

variable "admin_cidr_ipv4" {
  type        = string
  description = "IPv4 range allowed to reach administration and database ports (a VPN or office range, never 0.0.0.0/0)"
}

variable "admin_cidr_ipv6" {
  type        = string
  description = "IPv6 range allowed to reach administration and database ports (a VPN or office range, never ::/0)"
}
