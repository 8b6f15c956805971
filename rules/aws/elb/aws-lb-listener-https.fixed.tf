# Fixture for aws-lb-listener-https. "# expect: <rule>" marks the line a finding must start on;
# "# expect-not-evaluable: <rule>" marks the header of a resource the rule cannot decide.

variable "shared_alb_arn" {
  type = string
}

variable "listener_protocol" {
  type = string
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

resource "aws_alb" "legacy" {
  name    = "legacy-billing"
  subnets = ["subnet-0aaa1111111111111", "subnet-0bbb2222222222222"]
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
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "portal_redirect" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "portal_plain" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 8080
  protocol          = "http" # expect: aws-lb-listener-https

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "portal_default_protocol" { # expect: aws-lb-listener-https
  load_balancer_arn = aws_lb.portal.arn
  port              = 8081

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "redirect_same_protocol" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 8082
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect { # expect: aws-lb-listener-https
      host        = "portal.example-clinic.org"
      status_code = "HTTP_302"
      port        = "443"
      protocol    = "HTTPS"
    }
  }
}

resource "aws_lb_listener" "maintenance_page" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 8083
  protocol          = "HTTP" # expect: aws-lb-listener-https

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
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

resource "aws_lb_listener" "hl7_default_protocol" {
  load_balancer_arn = aws_lb.hl7.arn
  port              = 2576

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/hl7/0123456789abcdef"
  }
}

resource "aws_lb_listener" "imported_alb" { # expect: aws-lb-listener-https
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/intranet/50dc6c495c0c9188"
  port              = 8443

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "shared_alb" { # expect-not-evaluable: aws-lb-listener-https
  load_balancer_arn = var.shared_alb_arn
  port              = 9000

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_lb_listener" "configurable" { # expect-not-evaluable: aws-lb-listener-https
  load_balancer_arn = aws_lb.portal.arn
  port              = 9001
  protocol          = var.listener_protocol

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}

resource "aws_alb_listener" "legacy_billing" {
  load_balancer_arn = aws_alb.legacy.arn
  port              = 80
  protocol          = "HTTP" # expect: aws-lb-listener-https

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "old_http" {
  count             = 0
  load_balancer_arn = aws_lb.portal.arn
  port              = 8888
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal.arn
  }
}
