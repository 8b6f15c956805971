variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  type        = string
  description = "Deployment stage: dev, staging or prod."
}

variable "encrypt_databases" {
  type    = bool
  default = false
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "partner_cidrs" {
  type        = list(string)
  description = "Partner networks allowed to reach the API."
}

variable "api_target_group_arn" {
  type = string
}
