// What linting produces: findings (something is wrong, here) and evaluations (what each rule concluded
// on each resource, which the coverage report needs: pass, fail or not evaluable).

import type { Range } from '../parse/range';
import type { Severity, Theme } from '../../../rules/api';
import type { Fix } from '../../../rules/fix';

/**
 * How a suppression is written: a `hipaa-iac:ignore` comment, a CloudFormation `Metadata` entry, a Terraform
 * JSON `"//"` entry, or (migration) a Checkov comment or Metadata entry, a tfsec or Trivy comment.
 */
export type SuppressionSyntax = 'comment' | 'metadata' | 'terraform-json' | 'checkov' | 'checkov-metadata' | 'tfsec' | 'trivy';

/** A recorded risk acceptance that silences a finding. */
export interface Suppression {
  reason?: string;
  owner?: string;
  /** YYYY-MM-DD; the exception applies up to and including that (UTC) day. */
  expires?: string;
  /** Where the suppression is written. */
  file: string;
  /** The comment (from its marker to the end of the line) or the Metadata / `//` entry. */
  range: Range;
  syntax?: SuppressionSyntax;
}

/** One problem at one place, with everything a diagnostic, the CLI and the report need. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  theme: Theme;
  /** The rule's message followed by its citations. */
  message: string;
  file: string;
  range: Range;
  /** Terraform address (`aws_db_instance.clinical`) or CloudFormation logical id. */
  resource: string;
  resourceType: string;
  hipaa: readonly string[];
  iso27017: readonly string[];
  /** Set when a documented exception covers this finding. */
  suppression?: Suppression;
  /** Set when the only exceptions for this finding have expired (its message then says so): the latest one. */
  expiredSuppression?: Suppression;
  /** CDK/CDKTF construct path of the resource, when known. */
  constructPath?: string;
  /** The semantic fix the rule offers for this finding. */
  fix?: Fix;
}

/** The outcome of one rule on one resource. */
export interface Evaluation {
  ruleId: string;
  resource: string;
  resourceType: string;
  file: string;
  outcome: 'pass' | 'fail' | 'not-evaluable';
  /** Why it was not evaluable (the Unknown values' reasons). */
  reasons: string[];
  range: Range;
}

/** A rule that threw: reported once, the other rules still ran. */
export interface InternalError {
  ruleId: string;
  message: string;
}

/** Everything one lint run produced. */
export interface LintResult {
  findings: Finding[];
  evaluations: Evaluation[];
  internalErrors: InternalError[];
}

/** Formats the citation suffix every finding message carries. */
export function citationSuffix(hipaa: readonly string[], iso: readonly string[]): string {
  return `(HIPAA ${hipaa.join(', ')}; ISO 27017 ${iso.join(', ')})`;
}
