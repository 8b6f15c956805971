resource "aws_db_subnet_group" "patients" {
  name       = "${local.name}-db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "patients" {
  identifier              = "${local.name}-patients"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.r6g.large"
  allocated_storage       = 100
  db_subnet_group_name    = aws_db_subnet_group.patients.name
  vpc_security_group_ids  = [aws_security_group.database.id]
  storage_encrypted       = var.encrypt_databases
  publicly_accessible     = false
  backup_retention_period = 14
  deletion_protection     = true
  username                = "clinical_admin"
  manage_master_user_password = true
  tags                    = local.tags
}

resource "aws_rds_cluster" "claims" {
  cluster_identifier      = "${local.name}-claims"
  engine                  = "aurora-postgresql"
  master_username         = "claims_admin"
  manage_master_user_password = true
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.records.arn
  backup_retention_period = 7
  deletion_protection     = var.environment == "prod"
}

resource "aws_dynamodb_table" "sessions" {
  name         = "${local.name}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }
}
