# Fixture for aws-lb-listener-tls-1-2. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "partner_ssl_policy" {
  type    = string
  default = "ELBSecurityPolicy-TLS-1-1-2017-01"
}

variable "ssl_policy" {
  type = string
}

locals {
  certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
  modern_policy   = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
}

resource "aws_lb" "portal" {
  name    = "patient-portal"
  subnets = ["subnet-0aaa1111111111111", "subnet-0bbb2222222222222"]
}

resource "aws_lb" "hl7" {
  name               = "hl7-feed"
  load_balancer_type = "network"
  subnets            = ["subnet-0aaa1111111111111"]
}

resource "aws_lb_target_group" "portal" {
  name     = "portal"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = "vpc-0a1b2c3d4e5f60789"
}

resource "aws_lb_listener" "portal_https" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "api_https" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = local.modern_policy
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "no_policy" { # expect: aws-lb-listener-tls-1-2
  load_balancer_arn = aws_lb.portal.arn
  port              = 9443
  protocol          = "HTTPS"
  certificate_arn   = local.certificate_arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "old_default_policy" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 10443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06" # expect: aws-lb-listener-tls-1-2
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "partner_portal" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 11443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06" # expect: aws-lb-listener-tls-1-2
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "forward_secrecy" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 12443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-FS-1-2-Res-2020-10"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "hl7_tls" {
  load_balancer_arn = aws_lb.hl7.arn
  port              = 6661
  protocol          = "TLS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06" # expect: aws-lb-listener-tls-1-2
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/hl7/0123456789abcdef"
  }
}

resource "aws_lb_listener" "hl7_tcp" {
  load_balancer_arn = aws_lb.hl7.arn
  port              = 2575
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/hl7/0123456789abcdef"
  }
}

resource "aws_lb_listener" "portal_redirect" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "per_environment" { # expect-not-evaluable: aws-lb-listener-tls-1-2
  load_balancer_arn = aws_lb.portal.arn
  port              = 13443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "custom_name" { # expect-not-evaluable: aws-lb-listener-tls-1-2
  load_balancer_arn = aws_lb.portal.arn
  port              = 14443
  protocol          = "HTTPS"
  ssl_policy        = "Clinic-Custom-TLS-Policy"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_alb_listener" "legacy_https" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 15443
  protocol          = "https"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "old_https" {
  count             = 0
  load_balancer_arn = aws_lb.portal.arn
  port              = 16443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2015-05"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}
