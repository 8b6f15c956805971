// What names mean while evaluating a Terraform expression: variables, locals, iterators, count/each.

import type { Value } from '../value';

/** Resolves the roots of traversals; every lookup returns a Value (possibly Unknown), never throws. */
export interface Scope {
  /** `var.<name>`; undefined when the variable is not declared. */
  variable(name: string): Value | undefined;
  /** `local.<name>`; undefined when the local is not declared. */
  local(name: string): Value | undefined;
  /** An iterator symbol bound by a for-expression, dynamic block or template for directive (or count/each). */
  iterator(name: string): Value | undefined;
}

// Why a chain of one- or two-name links rather than a copied map of every binding: a scope is made per
// resource and per iteration of every for expression and dynamic block, and looked up for every name.
class IteratorScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly name: string,
    private readonly value: Value,
    private readonly secondName: string | undefined,
    private readonly secondValue: Value | undefined,
  ) {}

  variable(name: string): Value | undefined {
    return this.parent.variable(name);
  }

  local(name: string): Value | undefined {
    return this.parent.local(name);
  }

  iterator(name: string): Value | undefined {
    if (this.secondName && name === this.secondName) return this.secondValue;
    return name === this.name ? this.value : this.parent.iterator(name);
  }
}

/**
 * A scope binding iterator `name` (and `secondName`, when given and not empty) on top of `parent`.
 * When both names are the same, `secondValue` wins (as the later binding of `for k, v`).
 */
export function withIterators(parent: Scope, name: string, value: Value, secondName?: string, secondValue?: Value): Scope {
  return new IteratorScope(parent, name, value, secondName, secondValue);
}
