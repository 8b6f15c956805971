// Parsing of the bracketed expression forms: function calls, parentheses, tuples, objects and
// for-expressions, each recovering at its own separators and abandoning itself when left unclosed.

import type { Expression, ForExpr, ObjectItem } from './ast.js';
import { ExpressionParser } from './expressions.js';
import * as expressions from './expressions.js';
import * as lexer from './lexer.js';
import type { TokenKind } from './lexer.js';
import * as base from './parser-base.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const { STOP_ATTR_LINE, STOP_COMMA, STOP_NEWLINE, isCloser } = base;
const CLOSER_TEXT = expressions.CLOSER_TEXT;

/** Adds the bracketed expression forms to the expression parser. */
export abstract class CollectionParser extends ExpressionParser {
  protected override finishCall(first: string, start: number, firstEnd: number): Expression {
    const lx = this.lx;
    let name = first;
    let nameEnd = firstEnd;
    while (this.peek() === T.DoubleColon) {
      this.advance();
      if (this.peek() !== T.Ident) {
        this.errorAtToken(`Expected a function name after "::", found ${this.describe()}`);
        return this.invalid(start, this.lastEnd);
      }
      name += '::' + this.tokenText();
      nameEnd = lx.end;
      this.advance();
    }
    if (this.peek() !== T.OParen) {
      this.errorAtToken(`Expected "(" after the function name "${name}", found ${this.describe()}`);
      return this.invalid(start, this.lastEnd);
    }
    const openStart = lx.start;
    const openEnd = lx.end;
    this.advance();
    const saved = this.nlIgnore;
    this.nlIgnore = true;
    this.open++;
    const args: Expression[] = [];
    const list = this.parseList(T.CParen, args, true, openStart, openEnd, `call to "${name}"`);
    this.open--;
    this.restoreNl(saved);
    const nameRange = this.range(start, nameEnd);
    return {
      type: 'FunctionCall',
      name,
      nameRange,
      args,
      expandFinal: list.expandFinal,
      range: this.rangeFrom(nameRange.start, list.end),
    };
  }

  protected override parseParens(): Expression {
    const lx = this.lx;
    const openStart = lx.start;
    const openEnd = lx.end;
    this.advance();
    const saved = this.nlIgnore;
    this.nlIgnore = true;
    this.open++;
    const inner = this.parseExpression();
    const end = this.expectCloser(T.CParen, openStart, openEnd, '"("');
    this.open--;
    this.restoreNl(saved);
    return { type: 'Parens', expr: inner, range: this.range(openStart, end) };
  }

  protected override parseTupleOrFor(): Expression {
    const lx = this.lx;
    const openStart = lx.start;
    const openEnd = lx.end;
    this.advance();
    const saved = this.nlIgnore;
    this.nlIgnore = true;
    this.open++;
    let result: Expression;
    if (this.peek() === T.Ident && this.atKeyword('for')) {
      result = this.parseFor('tuple', openStart, openEnd);
    } else {
      const items: Expression[] = [];
      const list = this.parseList(T.CBrack, items, false, openStart, openEnd, 'tuple');
      result = { type: 'Tuple', items, range: this.range(openStart, list.end) };
    }
    this.open--;
    this.restoreNl(saved);
    return result;
  }

  /**
   * Comma-separated items up to `closer` (newlines are insignificant here). Returns the end offset (after the
   * closer, or after the last item when the list was left unclosed) and whether the last item had `...`.
   */
  private parseList(
    closer: TokenKind,
    items: Expression[],
    allowExpand: boolean,
    openStart: number,
    openEnd: number,
    what: string,
  ): { end: number; expandFinal: boolean } {
    const lx = this.lx;
    const closeText = CLOSER_TEXT[closer];
    let expandFinal = false;
    for (;;) {
      let k = this.peek();
      if (k === closer) {
        const end = lx.end;
        this.advance();
        return { end, expandFinal };
      }
      if (this.shouldAbandon(k)) {
        this.error(`Unclosed ${what}: missing "${closeText}"`, openStart, openEnd);
        this.abandon();
        return { end: this.lastEnd, expandFinal };
      }
      if (k === T.Comma) {
        this.errorAtToken(`Expected an expression, found ","`);
        this.advance();
        continue;
      }
      items.push(this.parseExpression());
      k = this.peek();
      if (allowExpand && k === T.Ellipsis) {
        expandFinal = true;
        this.advance();
        k = this.peek();
        if (k !== closer && !this.shouldAbandon(k)) {
          this.errorAtToken(`Expected "${closeText}" after "...": only the last argument can be expanded`);
          this.skipRecover(STOP_ATTR_LINE);
        }
        continue;
      }
      if (k === T.Comma) {
        this.advance();
        continue;
      }
      if (k === closer || this.shouldAbandon(k)) continue;
      this.errorAtToken(`Expected "," or "${closeText}" in the ${what}, found ${this.describe()}`);
      this.skipRecover(STOP_COMMA | STOP_ATTR_LINE);
      if (this.peek() === T.Comma) this.advance();
    }
  }

  protected override parseObjectOrFor(): Expression {
    const lx = this.lx;
    const openStart = lx.start;
    const openEnd = lx.end;
    this.advance();
    const saved = this.nlIgnore;
    this.open++;
    // Why: "for" is recognised across newlines (for-expressions are not newline-sensitive), items are not.
    this.nlIgnore = true;
    let result: Expression;
    if (this.peek() === T.Ident && this.atKeyword('for')) {
      result = this.parseFor('object', openStart, openEnd);
    } else {
      this.nlIgnore = false;
      const items: ObjectItem[] = [];
      const end = this.parseObjectItems(items, openStart, openEnd);
      result = { type: 'Object', items, range: this.range(openStart, end) };
    }
    this.open--;
    this.restoreNl(saved);
    return result;
  }

  /** Object items separated by newlines or commas, up to `}`; returns the end offset. */
  private parseObjectItems(items: ObjectItem[], openStart: number, openEnd: number): number {
    const lx = this.lx;
    for (;;) {
      let k = lx.kind;
      if (k === T.Newline) {
        this.advance();
        continue;
      }
      if (k === T.CBrace) {
        const end = lx.end;
        this.advance();
        return end;
      }
      if (k === T.EOF || isCloser(k) || this.headerGuard(0)) {
        this.error('Unclosed object: missing "}"', openStart, openEnd);
        this.abandon();
        return this.lastEnd;
      }
      if (k === T.Comma) {
        this.errorAtToken('Expected an object key, found ","');
        this.advance();
        continue;
      }
      let key = this.parseExpression();
      let bareKey = key.type === 'Variable';
      // A bare keyword used as a key (`null = 1`) still names the key, like any bare identifier.
      if (key.type === 'Literal' && typeof key.value !== 'number') {
        key = { type: 'Variable', name: key.raw, range: key.range };
        bareKey = true;
      }
      k = lx.kind;
      if (k !== T.Assign && k !== T.Colon) {
        const name = key.type === 'Variable' ? ` "${key.name}"` : '';
        this.errorAtToken(`Expected "=" after the object key${name}, found ${this.describe()}`);
        this.skipRecover(STOP_NEWLINE);
        continue;
      }
      this.advance();
      const value = this.parseExpression();
      items.push({ key, bareKey, value, range: this.span(key.range.start, value.range.end) });
      k = lx.kind;
      if (k === T.Comma || k === T.Newline) {
        this.advance();
        continue;
      }
      if (k === T.CBrace || k === T.EOF || isCloser(k)) continue;
      this.errorAtToken(`Expected a newline or "," after the object item, found ${this.describe()}`);
      this.skipRecover(STOP_NEWLINE);
    }
  }

  /** `for k, v in coll : [key =>] value [...] [if cond]` up to the closer (current token: `for`). */
  private parseFor(kind: 'tuple' | 'object', openStart: number, openEnd: number): Expression {
    const closer = kind === 'tuple' ? T.CBrack : T.CBrace;
    this.advance();
    if (this.peek() !== T.Ident) return this.forFailure('Expected a variable name after "for"', closer, openStart, openEnd);
    let valueVar = this.tokenText();
    let keyVar: string | undefined;
    this.advance();
    if (this.peek() === T.Comma) {
      this.advance();
      if (this.peek() !== T.Ident) return this.forFailure('Expected a second variable name after ","', closer, openStart, openEnd);
      keyVar = valueVar;
      valueVar = this.tokenText();
      this.advance();
    }
    if (!(this.peek() === T.Ident && this.atKeyword('in'))) {
      return this.forFailure('Expected "in" after the "for" variables', closer, openStart, openEnd);
    }
    this.advance();
    const collection = this.parseExpression();
    if (this.peek() !== T.Colon) return this.forFailure('Expected ":" after the "for" collection', closer, openStart, openEnd);
    this.advance();
    let valueExpr = this.parseExpression();
    let keyExpr: Expression | undefined;
    if (this.peek() === T.FatArrow) {
      this.advance();
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
    }
    let grouping = false;
    if (this.peek() === T.Ellipsis) {
      if (kind === 'tuple') this.errorAtToken('Grouping ("...") is only allowed in an object "for" expression');
      grouping = true;
      this.advance();
    }
    let condition: Expression | undefined;
    if (this.peek() === T.Ident && this.atKeyword('if')) {
      this.advance();
      condition = this.parseExpression();
    }
    const end = this.expectCloser(closer, openStart, openEnd, `"for" expression`);
    if (kind === 'tuple' && keyExpr !== undefined) {
      this.error('A key expression ("=>") is only allowed in an object "for" expression', keyExpr.range.start.offset, keyExpr.range.end.offset);
    }
    if (kind === 'object' && keyExpr === undefined) {
      this.error('Expected "key => value" in an object "for" expression', valueExpr.range.start.offset, valueExpr.range.end.offset);
    }
    const node: ForExpr = { type: 'For', kind, valueVar, collection, valueExpr, grouping, range: this.range(openStart, end) };
    if (keyVar !== undefined) node.keyVar = keyVar;
    if (keyExpr !== undefined) node.keyExpr = keyExpr;
    if (condition !== undefined) node.condition = condition;
    return node;
  }

  private forFailure(message: string, closer: TokenKind, openStart: number, openEnd: number): Expression {
    this.errorAtToken(`${message}, found ${this.describe()}`);
    if (!this.shouldAbandon(this.peek())) this.skipRecover(STOP_ATTR_LINE);
    const end = this.expectCloser(closer, openStart, openEnd, '"for" expression');
    return this.invalid(openStart, end);
  }
}
