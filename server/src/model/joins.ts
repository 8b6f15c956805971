// Cross-resource joins: which companion resources (an S3 versioning resource, a security group rule,
// a bucket policy...) belong to a given resource, by reference or by a known name.

import type { Configuration, Resource } from './resource';
import { asString, collectRefs, getPath, type Value, type ValuePath } from './value';

/** The companions found for a resource; `uncertain` when some companion's link could not be resolved. */
export interface JoinResult {
  matches: Resource[];
  /** True when a candidate's link is unknown and might point at the target: absence is then not evaluable. */
  uncertain: boolean;
}

// Attributes whose known value names a resource in the configurations we read (bucket names, ids).
const NAME_ATTRIBUTES = ['bucket', 'name', 'id', 'BucketName', 'GroupName', 'TableName'];

function knownNames(target: Resource): Set<string> {
  const names = new Set<string>();
  // CloudFormation keeps names under Properties; Terraform at the top of the body.
  const prefix = target.family === 'cloudformation' ? ['Properties'] : [];
  for (const attribute of NAME_ATTRIBUTES) {
    const text = asString(getPath(target.body, [...prefix, attribute]));
    if (text !== undefined && text !== '') names.add(text);
  }
  return names;
}

function pointsAt(ref: { kind: string; type: string; name: string }, target: Resource): boolean {
  if (target.family === 'cloudformation') return ref.kind === 'cfn-resource' && ref.name === target.name;
  return ref.kind === 'resource' && ref.type === target.type && ref.name === target.name;
}

/**
 * Resources of `type` whose attribute `link` points at `target`. `link` is an attribute name or a
 * path (`["Properties", "Bucket"]` for CloudFormation).
 */
export function related(config: Configuration, target: Resource, type: string, link: string | ValuePath): JoinResult {
  const result: JoinResult = { matches: [], uncertain: false };
  const names = knownNames(target);
  for (const candidate of config.ofType(type)) {
    const value: Value | undefined = getPath(candidate.body, typeof link === 'string' ? [link] : link);
    if (value === undefined) continue;
    const refs = collectRefs(value);
    if (refs.some((ref) => pointsAt(ref, target))) {
      result.matches.push(candidate);
      continue;
    }
    const text = asString(value);
    if (text !== undefined) {
      if (names.has(text)) result.matches.push(candidate);
      continue;
    }
    // An unknown link that references only other managed resources of this configuration cannot be ours;
    // anything else (a variable, a data source, a module output) might be.
    const resolvesElsewhere =
      refs.length > 0 && refs.every((ref) => (ref.kind === 'resource' || ref.kind === 'cfn-resource') && config.resolve(ref) !== undefined);
    if (!resolvesElsewhere) result.uncertain = true;
  }
  return result;
}
