// Runs rules over a configuration: each rule's handler for its family on each resource of a type it
// applies to. A rule that throws is contained and reported; it never stops the others.

import type { Rule, RuleContext } from '../../../rules/api';
import type { Fix } from '../../../rules/fix';
import { related } from '../model/joins';
import { decodePolicy } from '../model/policy';
import type { Configuration, Resource, SourceFamily } from '../model/resource';
import { rangeOfPath, type ValuePath } from '../model/value';
import { citationSuffix, type Evaluation, type Finding, type LintResult } from './finding';

/** Rules indexed by family and resource type, built once per rule set. */
export interface RuleIndex {
  rules: readonly Rule[];
  /** The rules of each family by the resource types they apply to. */
  byType: Record<SourceFamily, Map<string, Rule[]>>;
}

/** Indexes rules by the resource types they apply to. */
export function indexRules(rules: readonly Rule[]): RuleIndex {
  const byType: RuleIndex['byType'] = { terraform: new Map(), cloudformation: new Map() };
  const add = (family: SourceFamily, type: string, rule: Rule) => {
    const list = byType[family].get(type);
    if (list) list.push(rule);
    else byType[family].set(type, [rule]);
  };
  for (const rule of rules) {
    for (const type of rule.appliesTo.terraform ?? []) add('terraform', type, rule);
    for (const type of rule.appliesTo.cloudformation ?? []) add('cloudformation', type, rule);
  }
  return { rules, byType };
}

/** The construct a synthesised resource came from, as users name it (CDK's L1 `/Resource` child dropped). */
export function constructName(constructPath: string | undefined): string | undefined {
  return constructPath?.replace(/\/(Resource|Default)$/, '');
}

// The citation suffix of each rule's messages, built once per rule rather than per finding.
const CITATIONS = new WeakMap<Rule, string>();

function citationsOf(rule: Rule): string {
  let suffix = CITATIONS.get(rule);
  if (suffix === undefined) CITATIONS.set(rule, (suffix = citationSuffix(rule.hipaa, rule.iso27017)));
  return suffix;
}

function findingFor(rule: Rule, resource: Resource, construct: string | undefined, message: string, at: ValuePath | undefined, fix: Fix | undefined): Finding {
  const range = at === undefined || at.length === 0 ? resource.headerRange : rangeOfPath(resource.body, at) ?? resource.headerRange;
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    theme: rule.theme,
    message: `${message}${construct ? ` (construct ${construct})` : ''} ${citationsOf(rule)}`,
    file: resource.file,
    range,
    resource: resource.address,
    resourceType: resource.type,
    hipaa: rule.hipaa,
    iso27017: rule.iso27017,
    constructPath: resource.constructPath,
    ...(fix ? { fix } : {}),
  };
}

// Shared by every evaluation without reasons; frozen, so that no caller can change it for all the others.
const NO_REASONS = Object.freeze([]) as unknown as string[];

/** Lints one configuration with an indexed rule set. */
export function runRules(config: Configuration, index: RuleIndex): LintResult {
  const result: LintResult = { findings: [], evaluations: [], internalErrors: [] };
  const failedRules = new Set<string>();
  // Why one context for the whole run (not one per rule and resource): handlers run one at a time and
  // synchronously, so the context only has to know which rule and resource are running now.
  let rule: Rule;
  let resource: Resource;
  // The construct name of `resource`, worked out at its first finding (null: not yet).
  let construct: string | undefined | null = null;
  // The reasons `rule` could not decide on `resource`; most evaluations have none, so the list is made on demand.
  let reasons: string[] | undefined;
  const context: RuleContext = {
    config,
    report: (message, at, fix) => {
      if (construct === null) construct = constructName(resource.constructPath);
      result.findings.push(findingFor(rule, resource, construct, message, at, fix));
    },
    notEvaluable: (reason) => {
      (reasons ??= []).push(reason);
    },
    related: (target, type, link) => related(config, target, type, link),
    policy: (value) => decodePolicy(config, value),
  };
  const byType = index.byType;
  for (resource of config.resources) {
    if (resource.mode !== 'resource') continue;
    const rules = byType[resource.family].get(resource.type);
    if (!rules) continue;
    construct = null;
    for (rule of rules) {
      const handler = resource.family === 'terraform' ? rule.terraform : rule.cloudformation;
      if (!handler || failedRules.has(rule.id)) continue;
      const firstFinding = result.findings.length;
      reasons = undefined;
      try {
        handler(resource, context);
      } catch (error) {
        // One broken rule must not take the others (or the server) down with it; nor keep its findings.
        result.findings.length = firstFinding;
        failedRules.add(rule.id);
        result.internalErrors.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const evaluation: Evaluation = {
        ruleId: rule.id,
        resource: resource.address,
        resourceType: resource.type,
        file: resource.file,
        outcome: result.findings.length > firstFinding ? 'fail' : reasons !== undefined ? 'not-evaluable' : 'pass',
        reasons: reasons ?? NO_REASONS,
        range: resource.headerRange,
      };
      result.evaluations.push(evaluation);
    }
  }
  return result;
}
