// HTTPS and TLS listeners must use a security policy that refuses TLS 1.0 and 1.1.

import { defineRule, type Fix, type Resource, type RuleContext, type Value } from '../../api';
import { describe, judge, reasonOf, type Verdict } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { CFN_LISTENER_TYPES, LISTENER_TYPES, listenerNames } from './listener';

// What AWS applies when the policy is left out of an HTTPS or TLS listener created through the API,
// the CLI, Terraform, CloudFormation or the CDK (the console picks a newer one); it accepts TLS 1.0,
// 1.1 and 1.2.
const DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

// The policy the fix sets: TLS 1.3 with TLS 1.2 fallback, accepted by application and network load
// balancers alike, and the one AWS has recommended for general use.
const RECOMMENDED_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Sets the listener's policy to the recommended one. Not safe: TLS 1.0/1.1-only clients can no longer connect. */
function policyFix(resource: Resource): Fix {
  const names = listenerNames(resource);
  const written = resource.family === 'terraform' ? `${names.sslPolicyName} = "${RECOMMENDED_POLICY}"` : `${names.sslPolicyName}: ${RECOMMENDED_POLICY}`;
  return {
    title: `Set ${written}`,
    safe: false,
    note: 'clients that only speak TLS 1.0 or 1.1 can no longer connect: check the access logs for them first',
    actions: [{ kind: 'set', path: names.sslPolicy, value: RECOMMENDED_POLICY }],
  };
}

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

/** Whether a written policy (absent or empty = the default) refuses TLS 1.0 and 1.1. */
function policyVerdict(value: Value | undefined): Verdict {
  if (value === undefined) return 'fail';
  const policy = asString(value)?.trim();
  if (policy === undefined) return 'unknown';
  if (policy === '') return 'fail';
  const minimum = minimumTlsVersion(policy);
  return minimum === undefined ? 'unknown' : minimum === '1.0' || minimum === '1.1' ? 'fail' : 'pass';
}

/** Whether one written protocol (absent = no TLS: HTTP or a protocol-less listener) needs a TLS policy. */
function negotiatesTls(value: Value | undefined): boolean | undefined {
  if (value === undefined) return false;
  const protocol = asString(value)?.trim().toUpperCase();
  return protocol === undefined ? undefined : protocol === 'HTTPS' || protocol === 'TLS';
}

function checkListener(resource: Resource, context: RuleContext): void {
  const names = listenerNames(resource);
  // Without a protocol a listener is HTTP (application load balancer) or has no protocol to set:
  // either way it negotiates no TLS, so only an explicit HTTPS or TLS matters here.
  const protocolValue = getPath(resource.body, names.protocol);
  const policyValue = getPath(resource.body, names.sslPolicy);
  const policy = judge(policyValue, policyVerdict);
  // Each branch of an Fn::If protocol: a TLS branch fails when the policy does.
  const outcome = judge(protocolValue, (item) => {
    const tls = negotiatesTls(item);
    return tls === undefined ? 'unknown' : tls ? policy : 'pass';
  });
  if (outcome === 'pass') return;
  if (outcome === 'unknown') {
    const protocolReadable = judge(protocolValue, (item) => (negotiatesTls(item) === undefined ? 'unknown' : 'pass')) === 'pass';
    const policyText = asString(policyValue);
    if (!protocolReadable) context.notEvaluable(reasonOf(protocolValue as Value, names.protocol), names.protocol);
    else if (policy === 'unknown' && policyText !== undefined) {
      context.notEvaluable(`${names.sslPolicyName} "${policyText}" is not a predefined ELB security policy this rule knows`, names.sslPolicy);
    } else if (policy === 'unknown') context.notEvaluable(reasonOf(policyValue as Value, names.sslPolicy), names.sslPolicy);
    // The policy accepts old versions but the protocol is an Fn::If whose branches disagree on TLS.
    else context.notEvaluable(`${reasonOf(protocolValue as Value, names.protocol)} (only one branch negotiates TLS)`, names.protocol);
    return;
  }
  const protocol = asString(protocolValue)?.trim().toUpperCase() ?? 'HTTPS/TLS';
  const listener = describe(`${protocol} listener`, resource);
  const text = asString(policyValue);
  // An empty string is the same as leaving the policy out.
  if (policyValue === undefined || text?.trim() === '') {
    context.report(`${listener} accepts TLS 1.0 and 1.1: ${names.sslPolicyName} is not set, so AWS applies ${DEFAULT_POLICY}`, undefined, policyFix(resource));
  } else if (text === undefined) {
    context.report(`${listener} accepts TLS 1.0 or 1.1: ${names.sslPolicyName} allows them in every branch of its Fn::If`, names.sslPolicy, policyFix(resource));
  } else {
    const minimum = minimumTlsVersion(text.trim());
    const message = `${listener} accepts ${minimum === '1.0' ? 'TLS 1.0 and 1.1' : 'TLS 1.1'}: ${names.sslPolicyName} is "${text}"`;
    context.report(message, names.sslPolicy, policyFix(resource));
  }
}

/** HTTPS/TLS listeners enforce TLS 1.2 or later. */
export default defineRule({
  id: 'aws-lb-listener-tls-1-2',
  title: 'HTTPS and TLS listeners use a TLS 1.2+ security policy',
  description:
    'TLS 1.0 and 1.1 are deprecated and allow downgrade attacks and weak ciphers against connections that ' +
    'carry ePHI. The security policy of an `HTTPS` or `TLS` listener decides which versions clients may ' +
    `negotiate, and when \`ssl_policy\` (CloudFormation \`SslPolicy\`) is left out AWS applies \`${DEFAULT_POLICY}\`, which still accepts ` +
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
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'HttpsListener:\n' +
    '  Type: AWS::ElasticLoadBalancingV2::Listener\n' +
    '  Properties:\n' +
    '    LoadBalancerArn: !Ref AppLoadBalancer\n' +
    '    Port: 443\n' +
    '    Protocol: HTTPS\n' +
    '    SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n' +
    '    # ...\n' +
    '```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '14.1.2'],
  appliesTo: { terraform: LISTENER_TYPES, cloudformation: CFN_LISTENER_TYPES },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_103'], tfsec: ['aws-elb-use-secure-tls-policy'] },
  terraform: checkListener,
  cloudformation: checkListener,
});
