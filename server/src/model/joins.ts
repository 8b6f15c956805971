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
const NAME_ATTRIBUTES = ['bucket', 'name', 'id', 'Name', 'BucketName', 'GroupName', 'TableName'];

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

/** The candidates of one (type, link) pair, indexed once per configuration. */
interface JoinIndex {
  /** Candidates by the resource their link references (`resource:aws_s3_bucket.x`, `cfn:Bucket`). */
  byTarget: Map<string, Resource[]>;
  /** Candidates by the known string their link holds. */
  byName: Map<string, Resource[]>;
  /** Candidates whose link is unknown and not a reference to another managed resource. */
  unresolved: Resource[];
  /** Each candidate's position in the configuration, to return matches in a stable order. */
  order: Map<Resource, number>;
}

function targetKey(ref: { kind: string; type: string; name: string }): string | undefined {
  if (ref.kind === 'resource') return `resource:${ref.type}.${ref.name}`;
  if (ref.kind === 'cfn-resource') return `cfn:${ref.name}`;
  return undefined;
}

function keyOf(target: Resource): string {
  return target.family === 'cloudformation' ? `cfn:${target.name}` : `resource:${target.type}.${target.name}`;
}

function push(map: Map<string, Resource[]>, key: string, resource: Resource): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [resource]);
  else if (list[list.length - 1] !== resource) list.push(resource);
}

// Why an index: rules join every bucket (or VPC, or secret) with every companion; scanning all
// companions per target is quadratic on large modules. Built lazily, once per configuration.
const INDEXES = new WeakMap<Configuration, Map<string, JoinIndex>>();

function joinIndex(config: Configuration, type: string, link: ValuePath): JoinIndex {
  let perConfig = INDEXES.get(config);
  if (perConfig === undefined) INDEXES.set(config, (perConfig = new Map()));
  const cacheKey = `${type}\u0000${link.join('\u0000')}`;
  const cached = perConfig.get(cacheKey);
  if (cached) return cached;
  const index: JoinIndex = { byTarget: new Map(), byName: new Map(), unresolved: [], order: new Map() };
  for (const candidate of config.ofType(type)) {
    index.order.set(candidate, index.order.size);
    const value: Value | undefined = getPath(candidate.body, link);
    if (value === undefined) continue;
    const text = asString(value);
    if (text !== undefined) {
      push(index.byName, text, candidate);
      continue;
    }
    const refs = collectRefs(value);
    let resolvesElsewhere = refs.length > 0;
    for (const ref of refs) {
      const key = targetKey(ref);
      if (key !== undefined) push(index.byTarget, key, candidate);
      // A reference to a managed resource of this configuration names that resource; anything else (a
      // variable, a data source, a module output) might be any resource.
      if (key === undefined || config.resolve(ref) === undefined) resolvesElsewhere = false;
    }
    if (!resolvesElsewhere) index.unresolved.push(candidate);
  }
  perConfig.set(cacheKey, index);
  return index;
}

/**
 * Resources of `type` whose attribute `link` points at `target`. `link` is an attribute name or a
 * path (`["Properties", "Bucket"]` for CloudFormation).
 */
export function related(config: Configuration, target: Resource, type: string, link: string | ValuePath): JoinResult {
  const index = joinIndex(config, type, typeof link === 'string' ? [link] : link);
  const matches = new Set<Resource>(index.byTarget.get(keyOf(target)) ?? []);
  for (const name of knownNames(target)) for (const candidate of index.byName.get(name) ?? []) matches.add(candidate);
  // Keep the configuration's order, so findings and messages are stable.
  const ordered = [...matches].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  return { matches: ordered, uncertain: index.unresolved.some((candidate) => !matches.has(candidate)) };
}
