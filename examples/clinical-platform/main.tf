# A small clinical records platform: the kind of module HIPAA IaC Lint is built for.
# Run `npm run example` from the repository root to lint this workspace.

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  name = "${var.environment}-clinical"
  tags = {
    Project     = "clinical-records"
    Environment = var.environment
    DataClass   = "ePHI"
  }
}

resource "aws_kms_key" "records" {
  description         = "Encrypts clinical records at rest"
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_kms_key" "exports" {
  description = "Encrypts nightly exports"
  tags        = local.tags
}
