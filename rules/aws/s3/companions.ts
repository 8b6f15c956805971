// Shared by the S3 rules: finds the configuration that belongs to a bucket, whether written inline on
// the aws_s3_bucket (deprecated since AWS provider v4, still accepted in v6) or as a separate
// aws_s3_bucket_* resource (or, in CloudFormation, an AWS::S3::BucketPolicy), and turns what each piece
// says into one outcome for the bucket. Also decides CloudFormation properties written with Fn::If, and
// builds the parts of the S3 quick fixes that every rule needs (companion resources, free names).

import type { Fix, Resource, RuleContext, Value, ValuePath } from '../../api';
import type { FixAction, FixValue } from '../../fix';
import { perConfiguration } from '../../../server/src/model/memo';
import { asString, collectRefs, getPath, type Reference } from '../../../server/src/model/value';
import { choiceReason, expandChoices, MAX_CHOICE_COMBINATIONS } from '../../../server/src/model/choices';

/** What one piece of configuration (an inline block or a companion resource) says about the bucket. */
export type Verdict =
  | { outcome: 'pass' }
  | { outcome: 'fail'; message: string; at?: ValuePath; fix?: Fix }
  | { outcome: 'unknown'; reason: string };

/** A verdict with where it came from and whether that piece surely exists. */
export interface Source {
  verdict: Verdict;
  /** False when count/for_each (or a CloudFormation Condition) may leave a companion resource out. */
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

const isCloudFormation = (resource: Resource): boolean => resource.family === 'cloudformation';

/** Where a bucket's own name is written: `bucket` in Terraform, `Properties.BucketName` in CloudFormation. */
function namePath(bucket: Resource): ValuePath {
  return isCloudFormation(bucket) ? ['Properties', 'BucketName'] : ['bucket'];
}

/** The bucket's own name, when it is a known non-empty string. */
export function knownBucketName(bucket: Resource): string | undefined {
  const name = asString(getPath(bucket.body, namePath(bucket)));
  return name !== undefined && name !== '' ? name : undefined;
}

/**
 * When the bucket's own name is not known here, a test telling whether a companion naming a bucket by a
 * literal string could mean it: `bucket = var.name` without a value, or a `bucket_prefix` the literal
 * extends. Undefined when no literal can: the name is known, or absent (a CloudFormation bucket without
 * BucketName, or a Terraform bucket without bucket_prefix, gets a generated unique name no literal can
 * foresee).
 */
function literalMayName(bucket: Resource): ((literal: string) => boolean) | undefined {
  const name = getPath(bucket.body, namePath(bucket));
  if (name !== undefined) return name.kind === 'unknown' ? () => true : undefined;
  if (isCloudFormation(bucket)) return undefined;
  const prefix = getPath(bucket.body, ['bucket_prefix']);
  if (prefix === undefined) return undefined;
  const text = asString(prefix);
  return (literal) => text === undefined || literal.startsWith(text);
}

/** The known names of the buckets of a type (memoised: every S3 rule asks for every bucket). */
const claimedNames = perConfiguration((config, type): Set<string> => {
  const names = new Set<string>();
  for (const other of config.ofType(type)) {
    const name = knownBucketName(other);
    if (name !== undefined) names.add(name);
  }
  return names;
});

/**
 * Resources of `type` whose `bucket` argument (`Properties.Bucket` in CloudFormation) points at this
 * bucket, by reference or by known name.
 */
export function companionsOf(bucket: Resource, context: RuleContext, type: string): Companions {
  const link: ValuePath = isCloudFormation(bucket) ? ['Properties', 'Bucket'] : ['bucket'];
  const join = context.related(bucket, type, link);
  const result: Companions = { resources: join.matches };
  if (join.uncertain) {
    result.uncertainReason = `an ${type} whose bucket is not known here might belong to this bucket`;
    return result;
  }
  // The join matches literal names only against a known bucket name; when this bucket's name is not
  // known, a literal that no other bucket of the configuration claims might still be this bucket.
  const mayName = literalMayName(bucket);
  if (mayName === undefined) return result;
  // This bucket has no known name, so every known name belongs to another bucket.
  const claimed = claimedNames(context.config, bucket.type);
  for (const candidate of context.config.ofType(type)) {
    if (join.matches.includes(candidate)) continue;
    const literal = asString(getPath(candidate.body, link));
    if (literal !== undefined && !claimed.has(literal) && mayName(literal)) {
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
 * source at all the bucket fails with `missing` (offering the fix `missingFix` builds, if any), unless
 * some companion might belong to it unseen.
 */
export function settle(
  context: RuleContext,
  sources: Source[],
  companions: Companions,
  missing: string,
  missingFix?: () => Fix | undefined,
): void {
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
    context.notEvaluable(`${maybe.label} exists only if its count/for_each (or Condition) creates it`);
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
  context.report(missing, undefined, missingFix?.());
}

function reportFailure(context: RuleContext, verdict: Verdict): void {
  if (verdict.outcome === 'fail') context.report(verdict.message, verdict.at, verdict.fix);
}

/** True when a reference or a known name in `value` designates this bucket. */
export function designates(value: Value | undefined, bucket: Resource): boolean {
  if (value === undefined) return false;
  const refs: Reference[] = collectRefs(value);
  const pointsHere = (ref: Reference): boolean =>
    isCloudFormation(bucket)
      ? ref.kind === 'cfn-resource' && ref.name === bucket.name
      : ref.kind === 'resource' && ref.type === bucket.type && ref.name === bucket.name;
  if (refs.some(pointsHere)) return true;
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

// ---------------------------------------------------------------------------------------------------
// CloudFormation: properties chosen with Fn::If on a condition that is not known.

/**
 * Judges a CloudFormation property that may hold Fn::If choices on unknown conditions: `judge` sees
 * each combination of choices as a plain value. The property fails only when every combination fails,
 * passes when every combination passes, and is not evaluable otherwise. When every combination fails,
 * the fixes `judge` gave point into one combination, not at the text: `whole` (which replaces the
 * property, Fn::If and all) is offered instead.
 */
export function decide(value: Value | undefined, judge: (value: Value | undefined) => Verdict, whole?: Fix): Verdict {
  const options = expandChoices(value);
  if (options === undefined) return { outcome: 'unknown', reason: `too many Fn::If combinations to decide (more than ${MAX_CHOICE_COMBINATIONS})` };
  if (options.length === 1) return judge(options[0]);
  const verdicts = options.map(judge);
  if (verdicts.every((verdict) => verdict.outcome === 'pass')) return { outcome: 'pass' };
  const failures = verdicts.filter((verdict): verdict is Extract<Verdict, { outcome: 'fail' }> => verdict.outcome === 'fail');
  if (failures.length === verdicts.length) {
    // Point at the value where one exists: a path through an Fn::If resolves to the Fn::If itself.
    const located = failures.find((failure) => failure.at !== undefined) ?? failures[0];
    return { outcome: 'fail', message: `${located.message} (every branch of its Fn::If fails)`, at: located.at, fix: whole };
  }
  const unknown = verdicts.find((verdict) => verdict.outcome === 'unknown');
  return { outcome: 'unknown', reason: unknown?.outcome === 'unknown' ? unknown.reason : (choiceReason(value) ?? 'Fn::If on a condition that is not known') };
}

/** Records a verdict on the resource itself (for CloudFormation properties, where there is only one source). */
export function record(context: RuleContext, verdict: Verdict): void {
  if (verdict.outcome === 'fail') context.report(verdict.message, verdict.at, verdict.fix);
  else if (verdict.outcome === 'unknown') context.notEvaluable(verdict.reason);
}

// ---------------------------------------------------------------------------------------------------
// Quick fixes shared by the S3 rules.

/**
 * Whether a Terraform resource can be referenced as one instance (`aws_s3_bucket.records.id`): it is known
 * to be created, and not written with count or for_each (whose instances are `[0]`, `["key"]`).
 */
export function singleInstance(resource: Resource): boolean {
  return resource.certain && !resource.repeated;
}

/**
 * A name for a new resource made for `owner`: `base` when no resource of `type` (a CloudFormation
 * logical id: no resource at all) has it, else `base_2`, `base_3`... (`Base2` in CloudFormation).
 */
// The names already taken, once per configuration: every logical id (CloudFormation) or the resources of
// one type (Terraform). Why memoised: fixes are built for every finding, and a scan per fix is quadratic.
const takenNames = perConfiguration((config, type): Set<string> =>
  new Set((config.family === 'cloudformation' ? config.resources : config.ofType(type)).map((resource) => resource.name)),
);

export function freeName(context: RuleContext, owner: Resource, type: string, base: string): string {
  const cloudFormation = isCloudFormation(owner);
  const taken = takenNames(context.config, cloudFormation ? '' : type);
  let name = base;
  for (let index = 2; taken.has(name); index++) name = cloudFormation ? `${base}${index}` : `${base}_${index}`;
  return name;
}

/** A Terraform reference to an attribute of a resource of the module: `aws_s3_bucket.records.id`. */
export function attributeOf(resource: Resource, attribute: string): FixValue {
  return { $expression: `${resource.type}.${resource.name}.${attribute}` };
}

/**
 * Terraform: adds a companion resource of `type` for the bucket, named like it, with `bucket` pointing at
 * it followed by `body`. Undefined when the bucket is not one instance (see singleInstance).
 */
export function addCompanion(bucket: Resource, context: RuleContext, type: string, body: { [key: string]: FixValue }): FixAction | undefined {
  if (!singleInstance(bucket)) return undefined;
  return { kind: 'add-resource', type, name: freeName(context, bucket, type, bucket.name), body: { bucket: attributeOf(bucket, 'id'), ...body } };
}
