# End-to-end fixture: one Terraform module with exactly one HIPAA finding.
# The e2e test copies this folder to a temporary directory before editing it.

resource "aws_db_instance" "patients" {
  identifier              = "patients"
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  allocated_storage       = 20
  storage_encrypted       = false
  backup_retention_period = 35
  deletion_protection     = true
  publicly_accessible     = false
}
