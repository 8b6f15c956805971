// Which KMS key of the configuration a trail without one should use, for aws-cloudtrail-kms-encrypted's fix.
// Only a key the configuration itself holds is offered: the one its other trails already use, else the one
// whose key policy names the CloudTrail service, else its only key (or the only one named for trails or
// audit logs). Never a guessed ARN.

import type { Resource, RuleContext } from '../../api';
import { collectRefs, getPath, type Value } from '../../../server/src/model/value';
import { moduleKey, usableKey } from '../fixes';
import { isAllow, readPolicyValue } from '../iam/statements';

/** Where the two source families keep what the choice reads. */
interface Shape {
  keyType: string;
  trailKeyPath: string[];
  policyPath: string[];
}

const TERRAFORM: Shape = {
  keyType: 'aws_kms_key',
  trailKeyPath: ['kms_key_id'],
  policyPath: ['policy'],
};

const TEMPLATE: Shape = {
  keyType: 'AWS::KMS::Key',
  trailKeyPath: ['Properties', 'KMSKeyId'],
  policyPath: ['Properties', 'KeyPolicy'],
};

/** The key the trail should reference, and whether its policy already names the CloudTrail service. */
export interface TrailKey {
  key: Resource;
  namesCloudTrail: boolean;
}

/** The key policies of a key: its own, and in Terraform those of aws_kms_key_policy resources for it. */
function keyPolicies(key: Resource, shape: Shape, context: RuleContext): (Value | undefined)[] {
  const policies = [getPath(key.body, shape.policyPath)];
  if (key.family === 'terraform') {
    for (const companion of context.related(key, 'aws_kms_key_policy', 'key_id').matches) policies.push(getPath(companion.body, ['policy']));
  }
  return policies;
}

/** Whether an Allow statement of the key's policy names `cloudtrail.amazonaws.com` as a service principal. */
function namesCloudTrail(key: Resource, shape: Shape, context: RuleContext): boolean {
  return keyPolicies(key, shape, context).some((value) => {
    const policy = readPolicyValue(context, value);
    if (policy.kind !== 'document') return false;
    return policy.statements.some(({ statement }) =>
      isAllow(statement) === 'yes' &&
      (statement.principal?.entries ?? []).some((entry) => entry.type === 'Service' && entry.values.values.includes('cloudtrail.amazonaws.com')),
    );
  });
}

/** The keys the other trails of the configuration reference. */
function keysOfOtherTrails(trail: Resource, shape: Shape, context: RuleContext): Resource[] {
  const keys: Resource[] = [];
  for (const other of context.config.ofType(trail.type)) {
    if (other === trail) continue;
    for (const ref of collectRefs(getPath(other.body, shape.trailKeyPath))) {
      const key = context.config.resolve(ref);
      if (key?.type === shape.keyType && !keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}

/**
 * The key of the configuration the trail should use: the one other trails use, else the one whose policy
 * names CloudTrail, else the module's own key as the other encryption fixes choose it. Undefined when
 * there is none or the choice is not clear (two keys at the first level that has any).
 */
export function trailKey(trail: Resource, context: RuleContext): TrailKey | undefined {
  const shape = trail.family === 'terraform' ? TERRAFORM : TEMPLATE;
  const keys = context.config.ofType(shape.keyType).filter(usableKey);
  const forCloudTrail = keys.filter((key) => namesCloudTrail(key, shape, context));
  const used = keysOfOtherTrails(trail, shape, context).filter((key) => keys.includes(key));
  for (const candidates of [used, forCloudTrail]) {
    if (candidates.length === 1) return { key: candidates[0], namesCloudTrail: forCloudTrail.includes(candidates[0]) };
    if (candidates.length > 1) return undefined;
  }
  const key = moduleKey(context.config, ['trail', 'audit']);
  return key && { key, namesCloudTrail: false };
}
