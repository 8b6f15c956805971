// Load-balancer listeners must serve HTTPS/TLS, or only redirect plain HTTP to HTTPS.

import { defineRule, type Fix, type Resource, type RuleContext, type Value, type ValuePath } from '../../api';
import type { FixAction, FixValue } from '../../fix';
import { blocksAt, describe, judge, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { CFN_LISTENER_TYPES, LISTENER_TYPES, listenerNames, listenerProtocols, type ListenerNames } from './listener';

// Actions that only run before the routing action (authentication) do not answer the request.
const PRE_ROUTING_ACTIONS = new Set(['authenticate-cognito', 'authenticate-oidc']);

/** What one default action does to a plain-HTTP request; `at: undefined` = report at the protocol. */
type ActionResult =
  | { verdict: 'pass' }
  | { verdict: 'unknown'; reason: string; path: ValuePath }
  | { verdict: 'fail'; detail: string; at?: ValuePath };

/** Judges one known action written at `path`. */
function judgeAction(action: Value, path: ValuePath, names: ListenerNames): ActionResult {
  const typePath = [...path, ...names.actionType];
  const typeValue = getPath(action, names.actionType);
  const type = asString(typeValue)?.toLowerCase();
  if (type === undefined) return typeValue === undefined ? { verdict: 'pass' } : { verdict: 'unknown', reason: reasonOf(typeValue, typePath), path: typePath };
  if (PRE_ROUTING_ACTIONS.has(type)) return { verdict: 'pass' };
  if (type !== 'redirect') return { verdict: 'fail', detail: `its default action is "${type}" instead of a redirect to HTTPS` };
  const redirectPath = [...path, ...names.redirect];
  const targetPath = [...redirectPath, ...names.redirectProtocol];
  const targetValue = getPath(action, [...names.redirect, ...names.redirectProtocol]);
  // The redirect protocol defaults to #{protocol}: the request's own, HTTP here.
  const outcome = judge(targetValue, (item) => {
    const target = item === undefined ? '#{protocol}' : asString(item);
    return target === undefined ? 'unknown' : target.trim().toUpperCase() === 'HTTPS' ? 'pass' : 'fail';
  });
  if (outcome === 'pass') return { verdict: 'pass' };
  if (outcome === 'unknown') return { verdict: 'unknown', reason: reasonOf(targetValue ?? action, targetPath), path: targetPath };
  if (targetValue === undefined) {
    return { verdict: 'fail', detail: `its redirect keeps the request protocol (${names.redirectProtocolName} is not set)`, at: redirectPath };
  }
  const target = asString(targetValue);
  const kept = target === undefined ? `does not switch to HTTPS in any branch of its Fn::If` : `keeps ${target === '#{protocol}' ? 'the request protocol' : `protocol "${target}"`}`;
  return { verdict: 'fail', detail: `its redirect ${kept}`, at: targetPath };
}

/** Judges one default action; an Fn::If action fails only when every branch fails. */
function actionResult(action: Value, path: ValuePath, names: ListenerNames): ActionResult {
  if (action.kind !== 'unknown') return judgeAction(action, path, names);
  if (!action.alternatives) return { verdict: 'unknown', reason: reasonOf(action, path), path };
  // An absent branch adds no action: the other actions decide.
  const results = action.alternatives.map((branch) => (branch.kind === 'null' ? ({ verdict: 'pass' } as const) : judgeAction(branch, path, names)));
  if (results.every((result) => result.verdict === 'pass')) return { verdict: 'pass' };
  const failed = results.find((result) => result.verdict === 'fail');
  if (failed && results.every((result) => result.verdict === 'fail')) {
    return { ...failed, detail: `${failed.detail}, and no other branch of its Fn::If redirects to HTTPS`, at: failed.at && path };
  }
  return { verdict: 'unknown', reason: reasonOf(action, path), path };
}

/** The default action the fix writes: a permanent redirect of every request to HTTPS on port 443. */
function redirectAction(resource: Resource): FixValue {
  if (resource.family === 'cloudformation') return { Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } };
  return { $block: { type: 'redirect', redirect: { $block: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } } } };
}

/**
 * Replaces every default action with the redirect to HTTPS. Terraform keeps the first `default_action`
 * block in place (so applying the fix again changes nothing) and removes the others.
 */
function replaceWithRedirect(resource: Resource, count: number): Fix {
  const names = listenerNames(resource);
  const actions: FixAction[] = [];
  if (resource.family === 'terraform') {
    for (let index = 1; index < count; index++) actions.push({ kind: 'remove', path: [...names.defaultActions, 1] });
    actions.push({ kind: 'set', path: [...names.defaultActions, 0], value: redirectAction(resource) });
  } else {
    actions.push({ kind: 'set', path: names.defaultActions, value: [redirectAction(resource)] });
  }
  return {
    title: 'Replace the default action with a redirect to HTTPS',
    safe: false,
    note:
      'changes behaviour: the listener stops serving its current default action and answers every request with a ' +
      'permanent redirect to HTTPS on port 443, so an HTTPS listener must serve the application there',
    actions,
  };
}

/** Makes an existing redirect switch to HTTPS (port 443 unless it names one). */
function redirectToHttps(resource: Resource, redirectPath: ValuePath, redirect: Value | undefined): Fix {
  const names = listenerNames(resource);
  const actions: FixAction[] = [];
  // Without a port the redirect keeps the listener's own (#{port}), where plain HTTP is served.
  const portValue = redirect && getPath(redirect, names.redirectPort);
  if (portValue === undefined) actions.push({ kind: 'set', path: [...redirectPath, ...names.redirectPort], value: '443' });
  actions.push({ kind: 'set', path: [...redirectPath, ...names.redirectProtocol], value: 'HTTPS' });
  const port = portValue === undefined ? '443' : asString(portValue);
  const where = port === undefined ? 'the port it names' : port === '#{port}' ? 'the same port' : `port ${port}`;
  return {
    title: `Set ${names.redirectProtocolName} to HTTPS`,
    safe: false,
    note: `changes behaviour: clients are redirected to HTTPS on ${where}, where an HTTPS listener must serve them`,
    actions,
  };
}

/**
 * The fix of the failing default action at `path`: a redirect written out gets its protocol switched to
 * HTTPS; any other action (or an Fn::If choosing actions) is replaced by a redirect.
 */
function fixOf(resource: Resource, action: Value, path: ValuePath, count: number): Fix {
  const names = listenerNames(resource);
  if (action.kind === 'object' && asString(getPath(action, names.actionType))?.toLowerCase() === 'redirect') {
    return redirectToHttps(resource, [...path, ...names.redirect], getPath(action, names.redirect));
  }
  return replaceWithRedirect(resource, count);
}

function checkListener(resource: Resource, context: RuleContext): void {
  const names = listenerNames(resource);
  const protocols = listenerProtocols(resource, context.config);
  const unknown = protocols.find((protocol) => protocol.kind === 'unknown');
  if (unknown?.kind === 'unknown') {
    context.notEvaluable(unknown.reason, unknown.path);
    return;
  }
  const http = protocols.filter((protocol) => protocol.kind === 'known' && protocol.protocol === 'HTTP');
  if (http.length === 0) return;
  const explicit = http.every((protocol) => protocol.kind === 'known' && protocol.explicit);
  const listener = describe('Load balancer listener', resource);
  const servesHttp = explicit ? 'serves plain HTTP' : `serves plain HTTP (${names.protocolName} is not set: HTTP on an application load balancer)`;
  const at: ValuePath | undefined = explicit ? names.protocol : undefined;
  const failures: { message: string; at?: ValuePath; fix?: Fix }[] = [];
  const unknowns: { reason: string; path: ValuePath }[] = [];
  const actions = blocksAt(resource, context, names.defaultActions);
  // Dynamic blocks cannot be edited: no fix then.
  const editable = actions?.every((action) => action.kind === 'object' || (action.kind === 'unknown' && action.alternatives));
  actions?.forEach((action, index) => {
    const path = [...names.defaultActions, index];
    const result = actionResult(action, path, names);
    if (result.verdict === 'fail') {
      const fix = editable ? fixOf(resource, action, path, actions.length) : undefined;
      failures.push({ message: `${listener} ${servesHttp}: ${result.detail}`, at: result.at ?? at, fix });
    } else if (result.verdict === 'unknown') unknowns.push(result);
  });
  // The protocol is an Fn::If and only some branches serve HTTP: what the actions do then decides nothing.
  if (http.length < protocols.length && (failures.length > 0 || unknowns.length > 0)) {
    const value = getPath(resource.body, names.protocol);
    context.notEvaluable(`${reasonOf(value as Value, names.protocol)} (one branch serves plain HTTP without a redirect to HTTPS)`, names.protocol);
    return;
  }
  for (const failure of failures) context.report(failure.message, failure.at, failure.fix);
  for (const item of unknowns) context.notEvaluable(item.reason, item.path);
}

/** HTTPS/TLS listeners, or HTTP listeners whose default action redirects to HTTPS. */
export default defineRule({
  id: 'aws-lb-listener-https',
  title: 'Load-balancer listeners use HTTPS or TLS, or redirect HTTP to HTTPS',
  description:
    'Requests and responses through a load balancer carry patient data, session cookies and credentials. ' +
    'A listener that answers plain HTTP sends them readable to anyone on the path between the client and ' +
    'AWS. This rule passes `HTTPS` and `TLS` listeners, and `HTTP` listeners whose default action only ' +
    'redirects to `HTTPS`; a listener without `protocol` is HTTP on an application load balancer (the ' +
    'provider default) and not evaluable when the load balancer type cannot be resolved (in CloudFormation, ' +
    'which documents no default, a listener of an application load balancer without `Protocol` is not ' +
    'evaluable). `TCP`, `UDP`, ' +
    '`TCP_UDP` and `GENEVE` listeners pass traffic through without terminating it and are out of scope: ' +
    'encrypt that traffic end to end or terminate it on a `TLS` listener.',
  remediation:
    'Serve the application on an `HTTPS` listener with an ACM certificate and a TLS 1.2+ policy, and turn ' +
    'every `HTTP` listener into a redirect:\n\n' +
    '```hcl\n' +
    'resource "aws_lb_listener" "http" {\n' +
    '  load_balancer_arn = aws_lb.app.arn\n' +
    '  port              = 80\n' +
    '  protocol          = "HTTP"\n\n' +
    '  default_action {\n' +
    '    type = "redirect"\n' +
    '    redirect {\n' +
    '      port        = "443"\n' +
    '      protocol    = "HTTPS"\n' +
    '      status_code = "HTTP_301"\n' +
    '    }\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation:\n\n' +
    '```yaml\n' +
    'HttpListener:\n' +
    '  Type: AWS::ElasticLoadBalancingV2::Listener\n' +
    '  Properties:\n' +
    '    LoadBalancerArn: !Ref AppLoadBalancer\n' +
    '    Port: 80\n' +
    '    Protocol: HTTP\n' +
    '    DefaultActions:\n' +
    '      - Type: redirect\n' +
    '        RedirectConfig:\n' +
    '          Port: "443"\n' +
    '          Protocol: HTTPS\n' +
    '          StatusCode: HTTP_301\n' +
    '```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.1.2', '14.1.2'],
  appliesTo: { terraform: LISTENER_TYPES, cloudformation: CFN_LISTENER_TYPES },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV2_AWS_20', 'CKV_AWS_2'] },
  terraform: checkListener,
  cloudformation: checkListener,
});
