// The `locals` of a module, evaluated on first use and cached. Locals may reference each other in any
// order; a cycle is an error in Terraform and an Unknown here.

import type { Expression } from '../../parse/hcl/ast';
import { unknown, type Value } from '../value';
import { evaluate } from './evaluate';
import type { Scope } from './scope';

/** Evaluates and caches the locals of one module. */
export class Locals {
  private readonly values = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private cycle = false;

  constructor(private readonly expressions: ReadonlyMap<string, Expression>) {}

  /** `local.<name>` in `scope`; undefined when the local is not declared. */
  get(name: string, scope: Scope): Value | undefined {
    const cached = this.values.get(name);
    if (cached) return cached;
    const expr = this.expressions.get(name);
    if (expr === undefined) return undefined;
    if (this.evaluating.has(name)) {
      this.cycle = true;
      return unknown(`local.${name} refers to itself`, expr.range);
    }
    this.evaluating.add(name);
    const value = evaluate(expr, scope);
    this.evaluating.delete(name);
    this.values.set(name, value);
    return value;
  }

  /**
   * Evaluates every local now and tells whether their values are independent of evaluation order: true
   * unless some local refers to itself (then which local of the cycle gets the "refers to itself" value
   * depends on which one is read first).
   */
  settle(scope: Scope): boolean {
    for (const name of this.expressions.keys()) this.get(name, scope);
    return !this.cycle;
  }
}
