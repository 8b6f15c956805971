// Cross-resource joins: which companion resources (an S3 versioning resource, a security group rule,
// a bucket policy...) belong to a given resource, by reference or by a known name.

import type { Configuration, Resource } from './resource';
import { asString, collectRefs, getPath, type Reference, type Value, type ValuePath } from './value';

/** The companions found for a resource; `uncertain` when some companion's link could not be resolved. */
export interface JoinResult {
  matches: Resource[];
  /** True when a candidate's link is unknown and might point at the target: absence is then not evaluable. */
  uncertain: boolean;
}

// Attributes whose known value names a resource in the configurations we read (bucket names, ids).
const NAME_ATTRIBUTES = ['bucket', 'name', 'id', 'Name', 'BucketName', 'GroupName', 'TableName'];

// Why memoised: every join of a target (one per rule reading its companions) asks for the same names.
const NAMES = new WeakMap<Resource, Set<string>>();

function knownNames(target: Resource): Set<string> {
  let names = NAMES.get(target);
  if (names !== undefined) return names;
  names = new Set<string>();
  // CloudFormation keeps names under Properties; Terraform at the top of the body.
  const properties = target.family === 'cloudformation' ? getPath(target.body, ['Properties']) : target.body;
  for (const attribute of NAME_ATTRIBUTES) {
    const text = properties === undefined ? undefined : asString(getPath(properties, [attribute]));
    if (text !== undefined && text !== '') names.add(text);
  }
  NAMES.set(target, names);
  return names;
}

/** The candidates of one (type, link) pair, indexed once per configuration. */
interface JoinIndex {
  /** Candidates by the Terraform resource their link references: by its type, then its name. */
  byResource: Map<string, Map<string, Resource[]>>;
  /** Candidates by the CloudFormation logical id their link references. */
  byLogicalId: Map<string, Resource[]>;
  /** Candidates by the known string their link holds. */
  byName: Map<string, Resource[]>;
  /** Candidates whose link is unknown and not a reference to another managed resource. */
  unresolved: Resource[];
  /** Each candidate's position in the configuration, to return matches in a stable order. */
  order: Map<Resource, number>;
}

/** The candidates whose link references `target` (empty when none). */
function byTarget(index: JoinIndex, target: Resource): readonly Resource[] {
  const found = target.family === 'cloudformation' ? index.byLogicalId.get(target.name) : index.byResource.get(target.type)?.get(target.name);
  return found ?? [];
}

function push(map: Map<string, Resource[]>, key: string, resource: Resource): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [resource]);
  else if (list[list.length - 1] !== resource) list.push(resource);
}

/** Indexes a candidate under the resource `ref` designates; false when `ref` designates no resource. */
function pushTarget(index: JoinIndex, ref: Reference, candidate: Resource): boolean {
  if (ref.kind === 'cfn-resource') push(index.byLogicalId, ref.name, candidate);
  else if (ref.kind === 'resource') {
    let byName = index.byResource.get(ref.type);
    if (byName === undefined) index.byResource.set(ref.type, (byName = new Map()));
    push(byName, ref.name, candidate);
  } else return false;
  return true;
}

// Why an index: rules join every bucket (or VPC, or secret) with every companion; scanning all
// companions per target is quadratic on large modules. Built lazily, once per configuration, type and
// link (kept by type, then by the link's steps joined).
const INDEXES = new WeakMap<Configuration, Map<string, Map<string, JoinIndex>>>();

function joinIndex(config: Configuration, type: string, link: ValuePath): JoinIndex {
  let perConfig = INDEXES.get(config);
  if (perConfig === undefined) INDEXES.set(config, (perConfig = new Map()));
  let perType = perConfig.get(type);
  if (perType === undefined) perConfig.set(type, (perType = new Map()));
  const linkKey = link.length === 1 ? String(link[0]) : link.join('\u0000');
  const cached = perType.get(linkKey);
  if (cached) return cached;
  const index: JoinIndex = { byResource: new Map(), byLogicalId: new Map(), byName: new Map(), unresolved: [], order: new Map() };
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
      const designates = pushTarget(index, ref, candidate);
      // A reference to a managed resource of this configuration names that resource; anything else (a
      // variable, a data source, a module output) might be any resource.
      if (!designates || config.resolve(ref) === undefined) resolvesElsewhere = false;
    }
    if (!resolvesElsewhere) index.unresolved.push(candidate);
  }
  perType.set(linkKey, index);
  return index;
}

/**
 * Resources of `type` whose attribute `link` points at `target`. `link` is an attribute name or a
 * path (`["Properties", "Bucket"]` for CloudFormation).
 */
export function related(config: Configuration, target: Resource, type: string, link: string | ValuePath): JoinResult {
  const index = joinIndex(config, type, typeof link === 'string' ? [link] : link);
  const direct = byTarget(index, target);
  const matches = new Set<Resource>(direct);
  for (const name of knownNames(target)) for (const candidate of index.byName.get(name) ?? []) matches.add(candidate);
  // Keep the configuration's order, so findings and messages are stable (`direct` already is in it).
  const ordered = matches.size === direct.length ? [...direct] : [...matches].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  return { matches: ordered, uncertain: index.unresolved.some((candidate) => !matches.has(candidate)) };
}
