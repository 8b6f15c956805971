// Shared logic of the load-balancer listener rules: the protocol a listener really uses, including
// the default when the protocol is left out, which depends on the load balancer's type; and the
// attribute names of each source family.

import type { Configuration, Resource, Value, ValuePath } from '../../api';
import { reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';

/** Where a listener keeps what these rules read, in one source family. */
export interface ListenerNames {
  protocol: ValuePath;
  sslPolicy: ValuePath;
  loadBalancerArn: ValuePath;
  defaultActions: ValuePath;
  /** Inside one action. */
  actionType: ValuePath;
  /** Inside one action: the redirect settings, and the protocol and port inside them. */
  redirect: ValuePath;
  redirectProtocol: ValuePath;
  redirectPort: ValuePath;
  /** Display names for messages. */
  protocolName: string;
  sslPolicyName: string;
  redirectProtocolName: string;
}

export const TERRAFORM_LISTENER: ListenerNames = {
  protocol: ['protocol'],
  sslPolicy: ['ssl_policy'],
  loadBalancerArn: ['load_balancer_arn'],
  defaultActions: ['default_action'],
  actionType: ['type'],
  redirect: ['redirect', 0],
  redirectProtocol: ['protocol'],
  redirectPort: ['port'],
  protocolName: 'protocol',
  sslPolicyName: 'ssl_policy',
  redirectProtocolName: 'redirect.protocol',
};

export const CLOUDFORMATION_LISTENER: ListenerNames = {
  protocol: ['Properties', 'Protocol'],
  sslPolicy: ['Properties', 'SslPolicy'],
  loadBalancerArn: ['Properties', 'LoadBalancerArn'],
  defaultActions: ['Properties', 'DefaultActions'],
  actionType: ['Type'],
  redirect: ['RedirectConfig'],
  redirectProtocol: ['Protocol'],
  redirectPort: ['Port'],
  protocolName: 'Protocol',
  sslPolicyName: 'SslPolicy',
  redirectProtocolName: 'RedirectConfig.Protocol',
};

/** The names of the listener's family. */
export function listenerNames(listener: Resource): ListenerNames {
  return listener.family === 'cloudformation' ? CLOUDFORMATION_LISTENER : TERRAFORM_LISTENER;
}

/** The protocol a listener serves: known (explicit or defaulted), none at all, or not knowable. */
export type ListenerProtocol =
  | { kind: 'known'; protocol: string; explicit: boolean }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string; path?: ValuePath };

type LoadBalancerType = { kind: 'known'; type: string } | { kind: 'unknown'; reason: string };

const TERRAFORM_LOAD_BALANCERS = new Set(['aws_lb', 'aws_alb']);
const CLOUDFORMATION_LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

// ARNs name the type: .../loadbalancer/app/..., /net/ or /gwy/.
const ARN_TYPES: Record<string, string> = { app: 'application', net: 'network', gwy: 'gateway' };

/** The load balancer a reference points at, when it is one of this configuration. */
function loadBalancerOf(ref: { kind: string; type: string; name: string; attribute: string[] }, config: Configuration): Resource | undefined {
  if (ref.kind === 'resource' && TERRAFORM_LOAD_BALANCERS.has(ref.type)) return config.resolve(ref);
  if (ref.kind === 'cfn-resource') {
    const target = config.resolve(ref);
    return target?.type === CLOUDFORMATION_LOAD_BALANCER ? target : undefined;
  }
  return undefined;
}

/** The type of the load balancer a listener belongs to, through its load balancer ARN. */
function loadBalancerType(listener: Resource, config: Configuration): LoadBalancerType {
  const names = listenerNames(listener);
  const arnName = names.loadBalancerArn.join('.');
  const value = getPath(listener.body, names.loadBalancerArn);
  if (value === undefined) return { kind: 'unknown', reason: `${arnName}: not set` };
  const arn = asString(value);
  if (arn !== undefined) {
    const match = /:loadbalancer\/(app|net|gwy)\//.exec(arn);
    return match ? { kind: 'known', type: ARN_TYPES[match[1]] } : { kind: 'unknown', reason: `${arnName} "${arn}" does not name a load balancer type` };
  }
  if (value.kind !== 'unknown') return { kind: 'unknown', reason: reasonOf(value, names.loadBalancerArn) };
  // Every reference must be a load balancer of this configuration, and all of one type: a variable,
  // parameter or data source could be any load balancer.
  const types = new Set<string>();
  for (const ref of value.refs) {
    const target = loadBalancerOf(ref, config);
    if (target === undefined) return { kind: 'unknown', reason: reasonOf(value, names.loadBalancerArn) };
    const typePath = target.family === 'cloudformation' ? ['Properties', 'Type'] : ['load_balancer_type'];
    const typeValue = getPath(target.body, typePath);
    // The default type is "application" (Terraform provider and the ELB API alike).
    const type = typeValue === undefined ? 'application' : asString(typeValue);
    if (type === undefined) return { kind: 'unknown', reason: `${target.address}.${reasonOf(typeValue ?? value, typePath)}` };
    types.add(type.toLowerCase());
  }
  if (types.size !== 1) return { kind: 'unknown', reason: reasonOf(value, names.loadBalancerArn) };
  return { kind: 'known', type: [...types][0] };
}

/** What one written protocol value (one branch of an Fn::If, or the value itself) means. */
function protocolOf(listener: Resource, config: Configuration, value: Value | undefined, path: ValuePath): ListenerProtocol {
  if (value !== undefined) {
    const protocol = asString(value);
    if (protocol === undefined) return { kind: 'unknown', reason: reasonOf(value, path), path };
    return { kind: 'known', protocol: protocol.trim().toUpperCase(), explicit: true };
  }
  const name = listenerNames(listener).protocolName;
  const type = loadBalancerType(listener, config);
  if (type.kind === 'unknown') return { kind: 'unknown', reason: `${name} is not set and its default depends on the load balancer type: ${type.reason}` };
  // A gateway listener has no protocol to set, and a network listener without one does not serve HTTP.
  if (type.type !== 'application') return { kind: 'none' };
  // The Terraform provider sends HTTP for application load balancers; the CloudFormation reference
  // documents no default, so the listener is not evaluable there.
  if (listener.family === 'cloudformation') {
    return { kind: 'unknown', reason: `${name} is not set on an application load balancer listener, and CloudFormation documents no default` };
  }
  return { kind: 'known', protocol: 'HTTP', explicit: false };
}

/**
 * The protocols the listener may serve, upper-cased: one entry, or one per branch when the protocol
 * is an Fn::If on an unknown condition (a branch without the property takes the default).
 */
export function listenerProtocols(listener: Resource, config: Configuration): ListenerProtocol[] {
  const path = listenerNames(listener).protocol;
  const value = getPath(listener.body, path);
  if (value?.kind === 'unknown' && value.alternatives) {
    return value.alternatives.map((branch) => protocolOf(listener, config, branch.kind === 'null' ? undefined : branch, path));
  }
  return [protocolOf(listener, config, value, path)];
}

/** Listener resource types (aws_alb_listener is the provider's alias of aws_lb_listener). */
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'] as const;

/** The CloudFormation listener type. */
export const CFN_LISTENER_TYPES = ['AWS::ElasticLoadBalancingV2::Listener'] as const;
