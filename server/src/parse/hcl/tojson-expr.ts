// Expression conversion for the hcl2json-compatible converter: which expressions become JSON values
// (literals, tuples, objects, plain strings) and which are quoted back as "${source}" text.

import type { Expression, ObjectItem, TemplateExpr, TemplatePart } from './ast.js';
import { numberText, numberValue } from './tojson-number.js';
import { escapeLiteral, rangeSource, wrapSource } from './tojson-source.js';

/** A JSON value under construction; objects are Maps until their keys are sorted at the end. */
export type Built = null | boolean | number | string | Built[] | Map<string, Built>;

/** Converts expressions of one file to the values @cdktf/hcl2json produces for them. */
export class ExprConverter {
  constructor(private readonly text: string) {}

  /** The JSON value of an attribute value, tuple element or object member. */
  value(expr: Expression | undefined): Built {
    if (expr === undefined) return null;
    switch (expr.type) {
      case 'Literal':
        return typeof expr.value === 'number' ? numberValue(expr.raw || String(expr.value)) : expr.value;
      case 'Template': {
        const inner = this.passthrough(expr);
        return inner === undefined ? this.parts(expr.parts) : this.value(inner);
      }
      case 'Tuple':
        return expr.items.map((item) => this.value(item));
      case 'Object': {
        const out = new Map<string, Built>();
        for (const item of expr.items) out.set(this.key(item), this.value(item.value));
        return out;
      }
      case 'Unary':
        return this.unary(expr.op, expr.operand, expr);
      default:
        return wrapSource(this.text, expr.range);
    }
  }

  /**
   * Why only literal operands are folded: hcl2json evaluates a unary operator applied directly to a
   * literal (`-5`, `!true`) and quotes every other unary expression (`-(5)`, `- -5`, `-var.x`) as source.
   */
  private unary(op: '-' | '!', operand: Expression, whole: Expression): Built {
    if (operand.type === 'Literal') {
      if (op === '-' && typeof operand.value === 'number') return -numberValue(operand.raw || String(operand.value));
      if (op === '!' && typeof operand.value === 'boolean') return !operand.value;
    }
    return wrapSource(this.text, whole.range);
  }

  /**
   * The text an expression contributes inside a template (also used for object keys). Why conditionals
   * are special: hcl2json cannot tell `${c ? a : b}` from `%{if c}a%{else}b%{endif}` (HCL parses both to
   * the same node), so it renders any conditional in string position as an if directive.
   */
  private stringPart(expr: Expression | undefined): string {
    if (expr === undefined) return '';
    switch (expr.type) {
      case 'Literal':
        if (typeof expr.value === 'number') return numberText(expr.raw || String(expr.value));
        if (typeof expr.value === 'string') return literalText(expr.value);
        return String(expr.value);
      case 'Template': {
        const inner = this.passthrough(expr);
        return inner === undefined ? this.parts(expr.parts) : this.stringPart(inner);
      }
      case 'Conditional':
        return this.ifText(expr.condition, this.stringPart(expr.then), this.stringPart(expr.else));
      default:
        return wrapSource(this.text, expr.range);
    }
  }

  /** Template parts joined: literal text re-escaped, interpolations and directives rendered. */
  private parts(parts: TemplatePart[]): string {
    let out = '';
    for (const part of parts) {
      switch (part.type) {
        case 'TemplateLiteral':
          out += literalText(part.value);
          break;
        case 'TemplateInterpolation':
          out += this.stringPart(part.expr);
          break;
        case 'TemplateIf': {
          // Why: hcl2json fails to evaluate a branch that is only `${null}`; a failing `then` drops the whole
          // directive and a failing `else` drops the else branch.
          if (isNullOnly(part.then)) break;
          const elseParts = part.else !== undefined && !isNullOnly(part.else) ? part.else : [];
          out += this.ifText(part.condition, this.parts(part.then), this.parts(elseParts));
          break;
        }
        case 'TemplateFor': {
          const vars = part.keyVar === undefined ? part.valueVar : `${part.keyVar}, ${part.valueVar}`;
          out += `%{for ${vars} in ${rangeSource(this.text, part.collection.range)}}${this.parts(part.body)}%{endfor}`;
          break;
        }
      }
    }
    return out;
  }

  /** `%{if cond}then%{else}else%{endif}`, the else branch omitted when it renders to nothing (as hcl2json does). */
  private ifText(condition: Expression, thenText: string, elseText: string): string {
    const elsePart = elseText.length > 0 ? `%{else}${elseText}` : '';
    return `%{if ${rangeSource(this.text, condition.range)}}${thenText}${elsePart}%{endif}`;
  }

  /**
   * The interpolated expression when a quoted string is exactly one `${...}` and nothing else, or undefined.
   * Why by source offsets: HCL passes such a string's value through unchanged (`"${1}"` is the number 1),
   * but any literal text, even whitespace later removed by a `~` strip marker, makes it a string; a
   * heredoc always has at least its final newline, so it is never passed through.
   */
  private passthrough(t: TemplateExpr): Expression | undefined {
    if (t.heredoc !== undefined) return undefined;
    let found: Expression | undefined;
    for (const part of t.parts) {
      if (part.type === 'TemplateLiteral' && part.value === '') continue;
      if (part.type !== 'TemplateInterpolation' || found !== undefined) return undefined;
      if (part.range.start.offset !== t.range.start.offset + 1) return undefined;
      if (part.range.end.offset !== t.range.end.offset - 1) return undefined;
      found = part.expr;
    }
    return found;
  }

  /**
   * An object key as hcl2json writes it: a bare name or a static reference (`a.b`, `a[0]`, `a["x"]`) is
   * its source text, anything else is rendered like template content (`(k)` -> "${(k)}", `"a${b}"` -> "a${b}").
   */
  key(item: ObjectItem): string {
    if (item.bareKey || isStaticTraversal(item.key)) return rangeSource(this.text, item.key.range);
    return this.stringPart(item.key);
  }
}

/** Whether directive branch content is exactly one `${null}`. */
function isNullOnly(parts: TemplatePart[]): boolean {
  if (parts.length !== 1 || parts[0].type !== 'TemplateInterpolation') return false;
  const expr = parts[0].expr;
  return expr.type === 'Literal' && expr.value === null;
}

/**
 * Literal template text as hcl2json emits it. Why NFC: HCL stores each literal as a cty string, and cty
 * normalises strings to Unicode NFC (`"e\u0301"` becomes "é"); labels, names and quoted source are left as written.
 */
function literalText(value: string): string {
  return escapeLiteral(value.normalize('NFC'));
}

/** Whether HCL parses `expr` as a plain traversal: a name followed by attributes and literal indexes only. */
function isStaticTraversal(expr: Expression): boolean {
  switch (expr.type) {
    case 'Variable':
      return true;
    case 'GetAttr':
      return isStaticTraversal(expr.object);
    case 'Index':
      return isStaticTraversal(expr.object) && (expr.legacyDot || isLiteralKey(expr.key));
    default:
      return false;
  }
}

/** An index key HCL folds into a traversal step: a literal, or a quoted string without interpolation. */
function isLiteralKey(key: Expression): boolean {
  if (key.type === 'Literal') return true;
  return key.type === 'Template' && key.parts.length <= 1 && key.parts.every((p) => p.type === 'TemplateLiteral');
}
