// Shared by the S3 rules: finds the configuration that belongs to a bucket, whether written inline on
// the aws_s3_bucket (deprecated since AWS provider v4, still accepted in v6) or as a separate
// aws_s3_bucket_* resource, and turns what each piece says into one outcome for the bucket.

import type { Resource, RuleContext, Value, ValuePath } from '../../api';
import { asString, collectRefs, getPath, type Reference } from '../../../server/src/model/value';

/** What one piece of configuration (an inline block or a companion resource) says about the bucket. */
export type Verdict =
  | { outcome: 'pass' }
  | { outcome: 'fail'; message: string; at?: ValuePath }
  | { outcome: 'unknown'; reason: string };

/** A verdict with where it came from and whether that piece surely exists. */
export interface Source {
  verdict: Verdict;
  /** False when count/for_each may leave a companion resource out. */
  certain: boolean;
  /** `aws_s3_bucket_versioning.main`, or `inline versioning block` for the deprecated form. */
  label: string;
}

/** The companion resources of one type for a bucket. */
export interface Companions {
  resources: Resource[];
  /** Set when some companion's `bucket` is not known and might name this bucket. */
  uncertainReason?: string;
}

/** The bucket's own name (its `bucket` argument), when it is a known non-empty string. */
function knownBucketName(bucket: Resource): string | undefined {
  const name = asString(getPath(bucket.body, ['bucket']));
  return name !== undefined && name !== '' ? name : undefined;
}

// True when the bucket's own name is not known here, so a companion naming a bucket by a literal
// string could mean it: `bucket = var.name` without a value, or a `bucket_prefix` the literal extends.
function mightBeNamed(bucket: Resource, literal: string): boolean {
  const name = getPath(bucket.body, ['bucket']);
  if (name !== undefined) return name.kind === 'unknown';
  const prefix = getPath(bucket.body, ['bucket_prefix']);
  if (prefix === undefined) return false;
  const text = asString(prefix);
  return text === undefined || literal.startsWith(text);
}

/** Resources of `type` whose `bucket` argument points at this bucket (by reference or by known name). */
export function companionsOf(bucket: Resource, context: RuleContext, type: string): Companions {
  const join = context.related(bucket, type, 'bucket');
  const result: Companions = { resources: join.matches };
  if (join.uncertain) {
    result.uncertainReason = `a ${type} whose bucket is not known here might belong to this bucket`;
    return result;
  }
  // The join matches literal names only against a known bucket name; when this bucket's name is not
  // known, a literal that no other bucket of the configuration claims might still be this bucket.
  const claimed = new Set(
    context.config
      .ofType('aws_s3_bucket')
      .filter((other) => other !== bucket)
      .map(knownBucketName)
      .filter((name): name is string => name !== undefined),
  );
  for (const candidate of context.config.ofType(type)) {
    if (join.matches.includes(candidate)) continue;
    const literal = asString(getPath(candidate.body, ['bucket']));
    if (literal !== undefined && !claimed.has(literal) && mightBeNamed(bucket, literal)) {
      result.uncertainReason = `${candidate.address} names bucket "${literal}", which may be this bucket (its name is not known)`;
      return result;
    }
  }
  return result;
}

/**
 * Evaluates the deprecated inline block `name` of the bucket: one source per block written (none when
 * absent). An unknown block list (a dynamic block over an unknown collection) is one unknown source.
 */
export function inlineSources(
  bucket: Resource,
  name: string,
  judge: (block: Value, path: ValuePath) => Verdict,
): Source[] {
  const label = `inline ${name} block`;
  const value = getPath(bucket.body, [name]);
  if (value === undefined) return [];
  if (value.kind === 'unknown') return [{ verdict: { outcome: 'unknown', reason: `${name}: ${value.reason}` }, certain: true, label }];
  const blocks = value.kind === 'list' ? value.items : [value];
  return blocks.map((block, index) => ({
    verdict:
      block.kind === 'unknown'
        ? { outcome: 'unknown', reason: `${name}: ${block.reason}` }
        : judge(block, [name, index]),
    certain: true,
    label,
  }));
}

/** One source per companion resource, judged by `judge`. */
export function companionSources(companions: Companions, judge: (companion: Resource) => Verdict): Source[] {
  return companions.resources.map((companion) => ({ verdict: judge(companion), certain: companion.certain, label: companion.address }));
}

/**
 * Decides for the bucket from all its sources:
 * a surely existing failing source is a finding; otherwise anything unknown is not evaluable; otherwise a
 * surely existing passing source passes; a passing source that may not exist is not evaluable; with no
 * source at all the bucket fails with `missing`, unless some companion might belong to it unseen.
 */
export function settle(context: RuleContext, sources: Source[], companions: Companions, missing: string): void {
  const failures = sources.filter((source) => source.verdict.outcome === 'fail');
  const sure = failures.filter((source) => source.certain);
  if (sure.length > 0) {
    for (const source of sure) reportFailure(context, source.verdict);
    return;
  }
  const unknowns = sources.filter((source) => source.verdict.outcome === 'unknown');
  if (unknowns.length > 0) {
    for (const source of unknowns) if (source.verdict.outcome === 'unknown') context.notEvaluable(source.verdict.reason);
    return;
  }
  if (sources.some((source) => source.verdict.outcome === 'pass' && source.certain)) return;
  const maybe = sources.find((source) => source.verdict.outcome === 'pass');
  if (maybe) {
    context.notEvaluable(`${maybe.label} exists only if its count/for_each creates it`);
    return;
  }
  if (companions.uncertainReason !== undefined) {
    context.notEvaluable(companions.uncertainReason);
    return;
  }
  // A failing companion that may not exist still means a failing bucket: without it nothing is configured.
  if (failures.length > 0) {
    for (const source of failures) reportFailure(context, source.verdict);
    return;
  }
  context.report(missing);
}

function reportFailure(context: RuleContext, verdict: Verdict): void {
  if (verdict.outcome === 'fail') context.report(verdict.message, verdict.at);
}

/** True when a reference or a known name in `value` designates this bucket. */
export function designates(value: Value | undefined, bucket: Resource): boolean {
  if (value === undefined) return false;
  const refs: Reference[] = collectRefs(value);
  if (refs.some((ref) => ref.kind === 'resource' && ref.type === bucket.type && ref.name === bucket.name)) return true;
  const literal = asString(value);
  const name = knownBucketName(bucket);
  return literal !== undefined && name !== undefined && literal === name;
}

/** The nested blocks at `path` inside a value ('unknown' when the block list itself is not known). */
export function blocksIn(root: Value, path: ValuePath): Value[] | 'unknown' {
  const value = getPath(root, path);
  if (value === undefined) return [];
  if (value.kind === 'unknown') return 'unknown';
  return value.kind === 'list' ? value.items : [value];
}
