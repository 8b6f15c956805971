// What a rule is and what it sees. Rules are pure functions of the model: they never read text,
// offsets or anything of the editor; they report at a path into the resource.

import type { HipaaControlId, IsoControlId } from './controls/catalog';
import type { Configuration, Resource } from '../server/src/model/resource';
import type { UnknownValue, Value, ValuePath } from '../server/src/model/value';
import type { PolicyDocument } from '../server/src/model/policy';
import type { JoinResult } from '../server/src/model/joins';
import type { Fix } from './fix';

export type { HipaaControlId, IsoControlId, Configuration, Resource, Value, ValuePath, PolicyDocument, JoinResult, Fix };

/** How loudly a finding is shown (maps to LSP severities and SARIF levels). */
export type Severity = 'error' | 'warning' | 'note';

/** The seven families of safeguards every rule belongs to exactly one of. */
export const THEMES = [
  'encryption-at-rest',
  'encryption-in-transit',
  'key-management',
  'network',
  'iam',
  'logging',
  'backup-integrity',
] as const;

/** One of THEMES. */
export type Theme = (typeof THEMES)[number];

/** Whether a rule offers an automatic fix, and whether it is safe to apply without review. */
export type FixKind = 'safe' | 'suggestion' | 'none';

/** The typed metadata every table, doc page and report is generated from. */
export interface RuleMeta {
  /** Kebab-case, provider first, stating the compliant condition; equal to the file name; stable forever. */
  id: string;
  /** Short statement of the compliant condition. */
  title: string;
  /** Why it matters for ePHI (a paragraph, Markdown). */
  description: string;
  /** How to fix it (Markdown, may hold code samples). */
  remediation: string;
  severity: Severity;
  theme: Theme;
  /** HIPAA Security Rule citations (must exist in the catalogue). */
  hipaa: readonly HipaaControlId[];
  /** ISO/IEC 27017 / 27002 controls (must exist in the catalogue). */
  iso27017: readonly IsoControlId[];
  /** The resource types each handler runs on. */
  appliesTo: { terraform?: readonly string[]; cloudformation?: readonly string[] };
  /** The fix this rule offers. */
  fix: FixKind;
  /** Ids of other scanners' equivalent checks (Checkov `CKV_AWS_16`, tfsec/trivy ids), for migration. */
  equivalents?: { checkov?: readonly string[]; tfsec?: readonly string[] };
}

/** What a rule's handler may do while looking at one resource. */
export interface RuleContext {
  /** Everything linted together with this resource (the module or the template). */
  readonly config: Configuration;
  /**
   * Reports the resource as failing; `at` is the path to the wrong value, or omitted for "missing";
   * `fix` describes the change that remediates it, when a deterministic one exists.
   */
  report(message: string, at?: ValuePath, fix?: Fix): void;
  /** Records that the rule could not decide (an Unknown value); never a finding. */
  notEvaluable(reason: string, at?: ValuePath): void;
  /**
   * Resources of `type` whose attribute `link` points at `target` (by reference or by a known name);
   * `link` is an attribute name or a path (`["Properties", "Bucket"]` in CloudFormation).
   */
  related(target: Resource, type: string, link: string | ValuePath): JoinResult;
  /** Decodes an IAM policy from a JSON string, a jsonencode() object or a policy-document data source. */
  policy(value: Value | undefined): PolicyDocument | UnknownValue | undefined;
}

/** The handler run for each resource of a matching type. */
export type RuleHandler = (resource: Resource, context: RuleContext) => void;

/** A rule: metadata plus one handler per source family it supports. */
export interface Rule extends RuleMeta {
  terraform?: RuleHandler;
  cloudformation?: RuleHandler;
}

const ID_PATTERN = /^(aws|azure|gcp)(-[a-z0-9]+)+$/;

/** Declares a rule; checks the parts a type cannot (id shape, handlers matching appliesTo). */
export function defineRule(rule: Rule): Rule {
  if (!ID_PATTERN.test(rule.id)) throw new Error(`rule id "${rule.id}" is not kebab-case with a provider prefix`);
  if (rule.appliesTo.terraform && !rule.terraform) throw new Error(`rule ${rule.id} applies to Terraform but has no handler`);
  if (rule.appliesTo.cloudformation && !rule.cloudformation) {
    throw new Error(`rule ${rule.id} applies to CloudFormation but has no handler`);
  }
  if (rule.hipaa.length === 0 || rule.iso27017.length === 0) throw new Error(`rule ${rule.id} must cite HIPAA and ISO controls`);
  return rule;
}
