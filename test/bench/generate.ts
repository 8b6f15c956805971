// Generates realistic Terraform modules of a given size for the benchmarks (deterministic).

const TEMPLATES: ((index: number) => string)[] = [
  (i) => `resource "aws_db_instance" "patients_${i}" {
  identifier              = "patients-\${var.environment}-${i}"
  engine                  = "postgres"
  instance_class          = "db.r6g.large"
  allocated_storage       = ${20 + (i % 50)}
  storage_encrypted       = ${i % 3 === 0 ? 'false' : 'true'}
  kms_key_id              = aws_kms_key.data_${i}.arn
  backup_retention_period = local.retention
  publicly_accessible     = false
  tags                    = merge(local.tags, { Name = "patients-${i}" })
}
`,
  (i) => `resource "aws_kms_key" "data_${i}" {
  description         = "Data key ${i}"
  enable_key_rotation = ${i % 4 !== 0}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${var.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
`,
  (i) => `resource "aws_s3_bucket" "records_${i}" {
  bucket = "records-\${var.environment}-${i}"
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "records_${i}" {
  bucket = aws_s3_bucket.records_${i}.id
  versioning_configuration {
    status = "${i % 2 === 0 ? 'Enabled' : 'Suspended'}"
  }
}
`,
  (i) => `resource "aws_security_group" "app_${i}" {
  name   = "app-${i}"
  vpc_id = var.vpc_id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ${i % 5 === 0 ? '["0.0.0.0/0"]' : 'var.admin_cidrs'}
  }

  dynamic "egress" {
    for_each = var.egress_ports
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
`,
  (i) => `data "aws_iam_policy_document" "reader_${i}" {
  statement {
    sid       = "Read${i}"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.records_${i}.arn, "\${aws_s3_bucket.records_${i}.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_iam_policy" "reader_${i}" {
  name   = "reader-${i}"
  policy = data.aws_iam_policy_document.reader_${i}.json
}
`,
];

const HEADER = `variable "environment" {
  type    = string
  default = "prod"
}

variable "account_id" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["10.10.0.0/16"]
}

variable "egress_ports" {
  type    = list(number)
  default = [443, 5432]
}

locals {
  retention = 14
  tags = {
    Environment = var.environment
    DataClass   = "ePHI"
  }
}

`;

/** A module of about `lines` lines: a header of variables/locals, then resources of every kind above. */
export function generateModule(lines: number): string {
  let text = HEADER;
  let count = text.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const block = TEMPLATES[i % TEMPLATES.length](Math.floor(i / TEMPLATES.length)) + '\n';
    text += block;
    count += block.split('\n').length - 1;
  }
  return text;
}
