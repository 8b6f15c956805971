// HTTPS and TLS listeners must use a security policy that refuses TLS 1.0 and 1.1.

import { defineRule } from '../../api';
import { describe, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { LISTENER_TYPES } from './listener';

// What AWS applies when ssl_policy is left out of an API/Terraform-created HTTPS or TLS listener
// (the console picks a newer one); it accepts TLS 1.0, 1.1 and 1.2.
const DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

/**
 * The lowest TLS version a predefined ELB security policy accepts, read from its name (the naming is
 * systematic: TLS13-1-2-*, TLS-1-1-*, FS-1-2-*, ...), or undefined for a name this rule does not know.
 */
function minimumTlsVersion(policy: string): string | undefined {
  const tls13 = /^ELBSecurityPolicy-TLS13-1-([0-3])-/.exec(policy);
  if (tls13) return `1.${tls13[1]}`;
  const tls = /^ELBSecurityPolicy-TLS-1-([0-2])-/.exec(policy);
  if (tls) return `1.${tls[1]}`;
  const forwardSecrecy = /^ELBSecurityPolicy-FS-1-([12])-/.exec(policy);
  if (forwardSecrecy) return `1.${forwardSecrecy[1]}`;
  // ELBSecurityPolicy-FS-2018-06 and the dated policies (2016-08, 2015-05 and older) accept TLS 1.0.
  if (policy === 'ELBSecurityPolicy-FS-2018-06' || /^ELBSecurityPolicy-20\d\d-\d\d$/.test(policy)) return '1.0';
  return undefined;
}

/** HTTPS/TLS listeners enforce TLS 1.2 or later. */
export default defineRule({
  id: 'aws-lb-listener-tls-1-2',
  title: 'HTTPS and TLS listeners use a TLS 1.2+ security policy',
  description:
    'TLS 1.0 and 1.1 are deprecated and allow downgrade attacks and weak ciphers against connections that ' +
    'carry ePHI. The security policy of an `HTTPS` or `TLS` listener decides which versions clients may ' +
    `negotiate, and when \`ssl_policy\` is left out AWS applies \`${DEFAULT_POLICY}\`, which still accepts ` +
    'TLS 1.0 and 1.1. This rule passes the `ELBSecurityPolicy-TLS13-1-2-*`, `-TLS13-1-3-*`, `-TLS-1-2-*` ' +
    'and `-FS-1-2-*` families and flags `-TLS13-1-0-*`, `-TLS13-1-1-*`, `-TLS-1-0-*`, `-TLS-1-1-*`, ' +
    '`-FS-1-1-*`, `-FS-2018-06` and the dated policies (`ELBSecurityPolicy-2016-08`, `-2015-05`); other ' +
    'names are not evaluable.',
  remediation:
    'Set `ssl_policy` explicitly to a TLS 1.2+ policy, such as `ELBSecurityPolicy-TLS13-1-2-2021-06` or ' +
    '`ELBSecurityPolicy-TLS13-1-2-Res-2021-06` (TLS 1.3 with TLS 1.2 fallback). Check access logs for ' +
    'clients still negotiating TLS 1.0/1.1 before switching.\n\n' +
    '```hcl\n' +
    'resource "aws_lb_listener" "https" {\n' +
    '  load_balancer_arn = aws_lb.app.arn\n' +
    '  port              = 443\n' +
    '  protocol          = "HTTPS"\n' +
    '  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n' +
    '  certificate_arn   = aws_acm_certificate.app.arn\n' +
    '  # ...\n' +
    '}\n' +
    '```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '14.1.2'],
  appliesTo: { terraform: LISTENER_TYPES },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_103'], tfsec: ['aws-elb-use-secure-tls-policy'] },
  terraform(resource, context) {
    // Without `protocol` a listener is HTTP (application load balancer) or has no protocol to set:
    // either way it negotiates no TLS, so only an explicit HTTPS or TLS matters here.
    const protocolValue = getPath(resource.body, ['protocol']);
    if (protocolValue === undefined) return;
    const protocol = asString(protocolValue)?.trim().toUpperCase();
    if (protocol === undefined) {
      context.notEvaluable(reasonOf(protocolValue, ['protocol']), ['protocol']);
      return;
    }
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return;
    const listener = describe(`${protocol} listener`, resource);
    const value = getPath(resource.body, ['ssl_policy']);
    // An empty string is the same as leaving the policy out.
    if (value === undefined || asString(value)?.trim() === '') {
      context.report(`${listener} accepts TLS 1.0 and 1.1: ssl_policy is not set, so AWS applies ${DEFAULT_POLICY}`);
      return;
    }
    const policy = asString(value);
    if (policy === undefined) {
      context.notEvaluable(reasonOf(value, ['ssl_policy']), ['ssl_policy']);
      return;
    }
    const minimum = minimumTlsVersion(policy.trim());
    if (minimum === undefined) context.notEvaluable(`ssl_policy "${policy}" is not a predefined ELB security policy this rule knows`, ['ssl_policy']);
    else if (minimum === '1.0' || minimum === '1.1') context.report(`${listener} accepts ${minimum === '1.0' ? 'TLS 1.0 and 1.1' : 'TLS 1.1'}: ssl_policy is "${policy}"`, ['ssl_policy']);
  },
});
