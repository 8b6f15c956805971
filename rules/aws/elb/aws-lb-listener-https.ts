// Load-balancer listeners must serve HTTPS/TLS, or only redirect plain HTTP to HTTPS.

import { defineRule, type ValuePath } from '../../api';
import { blocksAt, describe, reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';
import { LISTENER_TYPES, listenerProtocol } from './listener';

// Actions that only run before the routing action (authentication) do not answer the request.
const PRE_ROUTING_ACTIONS = new Set(['authenticate-cognito', 'authenticate-oidc']);

/** HTTPS/TLS listeners, or HTTP listeners whose default action redirects to HTTPS. */
export default defineRule({
  id: 'aws-lb-listener-https',
  title: 'Load-balancer listeners use HTTPS or TLS, or redirect HTTP to HTTPS',
  description:
    'Requests and responses through a load balancer carry patient data, session cookies and credentials. ' +
    'A listener that answers plain HTTP sends them readable to anyone on the path between the client and ' +
    'AWS. This rule passes `HTTPS` and `TLS` listeners, and `HTTP` listeners whose default action only ' +
    'redirects to `HTTPS`; a listener without `protocol` is HTTP on an application load balancer (the ' +
    'provider default) and not evaluable when the load balancer type cannot be resolved. `TCP`, `UDP`, ' +
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
    '```',
  severity: 'error',
  theme: 'encryption-in-transit',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '13.1.2', '14.1.2'],
  appliesTo: { terraform: LISTENER_TYPES },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV2_AWS_20', 'CKV_AWS_2'] },
  terraform(resource, context) {
    const protocol = listenerProtocol(resource, context.config);
    if (protocol.kind === 'unknown') {
      context.notEvaluable(protocol.reason, protocol.path);
      return;
    }
    if (protocol.kind === 'none' || protocol.protocol !== 'HTTP') return;
    const listener = describe('Load balancer listener', resource);
    const servesHttp = protocol.explicit ? 'serves plain HTTP' : 'serves plain HTTP (protocol is not set: HTTP on an application load balancer)';
    const at: ValuePath | undefined = protocol.explicit ? ['protocol'] : undefined;
    blocksAt(resource, context, ['default_action'])?.forEach((action, index) => {
      const path = ['default_action', index];
      if (action.kind === 'unknown') {
        context.notEvaluable(reasonOf(action, path), path);
        return;
      }
      const typeValue = getPath(action, ['type']);
      const type = asString(typeValue)?.toLowerCase();
      if (type === undefined) {
        if (typeValue !== undefined) context.notEvaluable(reasonOf(typeValue, [...path, 'type']), [...path, 'type']);
        return;
      }
      if (PRE_ROUTING_ACTIONS.has(type)) return;
      if (type !== 'redirect') {
        context.report(`${listener} ${servesHttp}: its default action is "${type}" instead of a redirect to HTTPS`, at);
        return;
      }
      const redirectPath = [...path, 'redirect', 0];
      const targetPath = [...redirectPath, 'protocol'];
      const targetValue = getPath(resource.body, targetPath);
      // The redirect protocol defaults to #{protocol}: the request's own, HTTP here.
      const target = targetValue === undefined ? '#{protocol}' : asString(targetValue);
      if (target === undefined) context.notEvaluable(reasonOf(targetValue ?? action, targetPath), targetPath);
      else if (target.toUpperCase() !== 'HTTPS') {
        context.report(
          `${listener} ${servesHttp}: its redirect keeps ${target === '#{protocol}' ? 'the request protocol (redirect.protocol is not set)' : `protocol "${target}"`}`,
          targetValue === undefined ? redirectPath : targetPath,
        );
      }
    });
  },
});
