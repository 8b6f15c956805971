// Shared logic of the load-balancer listener rules: the protocol a listener really uses, including
// the provider's default when `protocol` is left out, which depends on the load balancer's type.

import type { Configuration, Resource, ValuePath } from '../../api';
import { reasonOf } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';

/** The protocol a listener serves: known (explicit or defaulted), none at all, or not knowable. */
export type ListenerProtocol =
  | { kind: 'known'; protocol: string; explicit: boolean }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string; path?: ValuePath };

type LoadBalancerType = { kind: 'known'; type: string } | { kind: 'unknown'; reason: string };

const LOAD_BALANCER_TYPES = new Set(['aws_lb', 'aws_alb']);

// ARNs name the type: .../loadbalancer/app/..., /net/ or /gwy/.
const ARN_TYPES: Record<string, string> = { app: 'application', net: 'network', gwy: 'gateway' };

/** The type of the load balancer a listener belongs to, through its load_balancer_arn. */
function loadBalancerType(listener: Resource, config: Configuration): LoadBalancerType {
  const value = getPath(listener.body, ['load_balancer_arn']);
  if (value === undefined) return { kind: 'unknown', reason: 'load_balancer_arn: not set' };
  const arn = asString(value);
  if (arn !== undefined) {
    const match = /:loadbalancer\/(app|net|gwy)\//.exec(arn);
    return match ? { kind: 'known', type: ARN_TYPES[match[1]] } : { kind: 'unknown', reason: `load_balancer_arn "${arn}" does not name a load balancer type` };
  }
  if (value.kind !== 'unknown') return { kind: 'unknown', reason: reasonOf(value, ['load_balancer_arn']) };
  // Every reference must be a load balancer of this configuration, and all of one type: a variable or
  // data source could be any load balancer.
  const types = new Set<string>();
  for (const ref of value.refs) {
    const target = ref.kind === 'resource' && LOAD_BALANCER_TYPES.has(ref.type) ? config.resolve(ref) : undefined;
    if (target === undefined) return { kind: 'unknown', reason: reasonOf(value, ['load_balancer_arn']) };
    const typeValue = getPath(target.body, ['load_balancer_type']);
    // The provider's default type is "application".
    const type = typeValue === undefined ? 'application' : asString(typeValue);
    if (type === undefined) return { kind: 'unknown', reason: `${target.address}.${reasonOf(typeValue ?? value, ['load_balancer_type'])}` };
    types.add(type.toLowerCase());
  }
  if (types.size !== 1) return { kind: 'unknown', reason: reasonOf(value, ['load_balancer_arn']) };
  return { kind: 'known', type: [...types][0] };
}

/**
 * The listener's protocol, upper-cased. When `protocol` is absent the provider sends HTTP for
 * application load balancers and nothing otherwise (a gateway listener has no protocol to set, and a
 * network listener without one does not serve HTTP): 'none'.
 */
export function listenerProtocol(listener: Resource, config: Configuration): ListenerProtocol {
  const value = getPath(listener.body, ['protocol']);
  if (value !== undefined) {
    const protocol = asString(value);
    if (protocol === undefined) return { kind: 'unknown', reason: reasonOf(value, ['protocol']), path: ['protocol'] };
    return { kind: 'known', protocol: protocol.trim().toUpperCase(), explicit: true };
  }
  const type = loadBalancerType(listener, config);
  if (type.kind === 'unknown') return { kind: 'unknown', reason: `protocol is not set and its default depends on the load balancer type: ${type.reason}` };
  return type.type === 'application' ? { kind: 'known', protocol: 'HTTP', explicit: false } : { kind: 'none' };
}

/** Listener resource types (aws_alb_listener is the provider's alias of aws_lb_listener). */
export const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'] as const;
