# Fixture for aws-ec2-no-public-ip. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "public_access" {
  type = bool
}

variable "interfaces" {
  type = list(object({ subnet_id = string, public = bool }))
}

variable "jump_host_public" {
  type    = bool
  default = true
}

resource "aws_instance" "ehr_app" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "m6i.large"
  subnet_id                   = "subnet-0private1111111111"
  associate_public_ip_address = false
}

resource "aws_instance" "subnet_decides" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
  subnet_id     = "subnet-0private2222222222"
}

resource "aws_instance" "demo_box" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.small"
  associate_public_ip_address = false # expect: aws-ec2-no-public-ip
}

resource "aws_instance" "jump_host" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = false # expect: aws-ec2-no-public-ip
}

resource "aws_instance" "per_environment" { # expect-not-evaluable: aws-ec2-no-public-ip
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = var.public_access
}

resource "aws_instance" "old_debug" {
  count                       = 0
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
}

resource "aws_launch_template" "workers" {
  name_prefix = "claims-workers-"
  image_id    = "ami-0abcdef1234567890"

  network_interfaces {
    associate_public_ip_address = "false"
    subnet_id                   = "subnet-0private1111111111"
  }
}

resource "aws_launch_template" "kiosk" {
  name_prefix = "kiosk-"
  image_id    = "ami-0abcdef1234567890"

  network_interfaces {
    device_index                = 0
    associate_public_ip_address = false # expect: aws-ec2-no-public-ip
  }
}

resource "aws_launch_template" "generated" { # expect-not-evaluable: aws-ec2-no-public-ip
  name_prefix = "generated-"
  image_id    = "ami-0abcdef1234567890"

  dynamic "network_interfaces" {
    for_each = var.interfaces
    content {
      subnet_id                   = network_interfaces.value.subnet_id
      associate_public_ip_address = network_interfaces.value.public
    }
  }
}

resource "aws_launch_template" "no_interfaces" {
  name_prefix = "batch-"
  image_id    = "ami-0abcdef1234567890"
}
