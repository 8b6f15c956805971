// Fixes as rules describe them: semantic changes to a resource (set a value, add a nested block, add a
// companion resource), never text. The format's edit builder (server/src/fixes) writes them as HCL,
// YAML or JSON in the file's own style.

import type { ValuePath } from '../server/src/model/value';

/** A Terraform expression written as-is (`aws_s3_bucket.records.id`, `var.admin_cidrs`). */
export interface FixExpression {
  $expression: string;
}

/** A Terraform nested block (`rule { ... }`), as opposed to a map-valued argument. */
export interface FixBlock {
  $block: { [key: string]: FixValue };
}

/**
 * A value to write. Plain JSON values write as literals (in CloudFormation, objects such as
 * `{ Ref: 'Key' }` are intrinsics already); expressions and blocks only exist in Terraform.
 */
export type FixValue = string | number | boolean | null | FixValue[] | { [key: string]: FixValue } | FixExpression | FixBlock;

/** One semantic change. Paths are relative to the resource body, as findings use them. */
export type FixAction =
  /** Sets the value at `path`, creating the objects or blocks on the way; replaces what is there. */
  | { kind: 'set'; path: ValuePath; value: FixValue }
  /** Appends an item to the list at `path` (creating the list when absent). */
  | { kind: 'append'; path: ValuePath; value: FixValue }
  /** Removes the attribute, property or list item at `path`. */
  | { kind: 'remove'; path: ValuePath }
  /**
   * Adds a resource after the one being fixed: a Terraform companion resource
   * (`aws_s3_bucket_versioning`) or a CloudFormation resource (logical id `name`, `body` = the entry).
   */
  | { kind: 'add-resource'; type: string; name: string; body: { [key: string]: FixValue } }
  /** Declares a Terraform variable in the module (written after the resource unless it exists). */
  | { kind: 'add-variable'; name: string; type: string; description: string; default?: FixValue };

/** A fix offered for a finding. */
export interface Fix {
  /** What the light bulb says: "Set storage_encrypted = true". */
  title: string;
  /** Safe fixes may be preferred and applied by "fix all"; the others are suggestions to review. */
  safe: boolean;
  /** Shown with the fix when it has consequences (e.g. "forces replacement of the database"). */
  note?: string;
  /**
   * The address of the resource the actions edit, when it is not the finding's own: a companion in the
   * same module, possibly in another file (the `aws_s3_bucket_versioning` of a bucket). Paths are then
   * relative to its body.
   */
  target?: string;
  actions: FixAction[];
}

/** True for a FixExpression. */
export function isFixExpression(value: FixValue): value is FixExpression {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$expression' in value;
}

/** True for a FixBlock. */
export function isFixBlock(value: FixValue): value is FixBlock {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$block' in value;
}
