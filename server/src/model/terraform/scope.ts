// What names mean while evaluating a Terraform expression: variables, locals, iterators, count/each.

import type { Value } from '../value';

/** Resolves the roots of traversals; every lookup returns a Value (possibly Unknown), never throws. */
export interface Scope {
  /** `var.<name>`; undefined when the variable is not declared. */
  variable(name: string): Value | undefined;
  /** `local.<name>`; undefined when the local is not declared. */
  local(name: string): Value | undefined;
  /** Iterator symbols bound by for-expressions, dynamic blocks and template for directives. */
  readonly iterators: ReadonlyMap<string, Value>;
  /** Resource types declared in the module (so `aws_s3_bucket.x.id` is recognised as a reference). */
  isResourceType(name: string): boolean;
}

/** A scope with extra iterator bindings on top of `parent`. */
export function withIterators(parent: Scope, bindings: Record<string, Value>): Scope {
  const iterators = new Map(parent.iterators);
  for (const [name, value] of Object.entries(bindings)) iterators.set(name, value);
  return {
    variable: (name) => parent.variable(name),
    local: (name) => parent.local(name),
    isResourceType: (name) => parent.isResourceType(name),
    iterators,
  };
}
