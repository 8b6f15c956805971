# Fixture for aws-ec2-block-devices-encrypted. "# expect: <rule>" marks the line a finding must start
# on; "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "data_volume_encrypted" {
  type = bool
}

variable "extra_volumes" {
  type = list(object({ device = string, size = number }))
}

locals {
  encrypt = true
}

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
}

resource "aws_kms_key" "ebs" {
  description         = "EBS volumes of the EHR hosts"
  enable_key_rotation = true
}

resource "aws_instance" "ehr_app" {
  ami           = data.aws_ami.al2023.id
  instance_type = "m6i.large"

  root_block_device {
    encrypted  = true
    kms_key_id = aws_kms_key.ebs.arn
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 200
    encrypted   = local.encrypt
  }
}

resource "aws_instance" "defaults_only" { # expect: aws-ec2-block-devices-encrypted
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.medium"

  root_block_device {
    encrypted = true
  }
}

resource "aws_instance" "sized_root" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.medium"

  root_block_device { # expect: aws-ec2-block-devices-encrypted
    volume_size = 100
    volume_type = "gp3"
    encrypted   = true
  }
}

resource "aws_instance" "explicit_off" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.medium"

  root_block_device {
    encrypted = true # expect: aws-ec2-block-devices-encrypted
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    encrypted   = true # expect: aws-ec2-block-devices-encrypted
  }
}

resource "aws_instance" "from_snapshot" { # expect-not-evaluable: aws-ec2-block-devices-encrypted
  ami           = data.aws_ami.al2023.id
  instance_type = "r6i.large"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdh"
    snapshot_id = "snap-0123456789abcdef0"
  }
}

resource "aws_instance" "data_volume_variable" { # expect-not-evaluable: aws-ec2-block-devices-encrypted
  ami           = data.aws_ami.al2023.id
  instance_type = "r6i.large"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = var.data_volume_encrypted
  }
}

resource "aws_instance" "extra_volumes" { # expect-not-evaluable: aws-ec2-block-devices-encrypted
  ami           = data.aws_ami.al2023.id
  instance_type = "r6i.large"

  root_block_device {
    encrypted = true
  }

  dynamic "ebs_block_device" {
    for_each = var.extra_volumes
    content {
      device_name = ebs_block_device.value.device
      volume_size = ebs_block_device.value.size
      encrypted   = true
    }
  }
}

resource "aws_instance" "from_template" { # expect-not-evaluable: aws-ec2-block-devices-encrypted
  launch_template {
    id      = aws_launch_template.ehr_workers.id
    version = "$Latest"
  }
}

resource "aws_instance" "retired" {
  count         = 0
  ami           = data.aws_ami.al2023.id
  instance_type = "t2.micro"
}

resource "aws_launch_template" "ehr_workers" {
  name_prefix   = "ehr-workers-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "m6i.large"

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
      encrypted   = "true"
      kms_key_id  = aws_kms_key.ebs.arn
    }
  }

  block_device_mappings {
    device_name  = "/dev/sdb"
    virtual_name = "ephemeral0"
  }
}

resource "aws_launch_template" "batch" {
  name_prefix = "claims-batch-"
  image_id    = data.aws_ami.al2023.id

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs { # expect: aws-ec2-block-devices-encrypted
      volume_size = 100
      encrypted   = true
    }
  }

  block_device_mappings {
    device_name = "/dev/sdf"
    ebs {
      volume_size = 500
      encrypted   = true # expect: aws-ec2-block-devices-encrypted
    }
  }
}

resource "aws_launch_template" "ami_defaults" {
  name_prefix   = "reporting-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.small"
}
