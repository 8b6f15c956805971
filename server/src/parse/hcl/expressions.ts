// Recursive-descent parsing of HCL expressions: conditionals, binary operators by precedence, unary operators,
// traversals and splats, function calls, tuples, objects, for-expressions and parentheses.

import type { BinaryOp, Expression, ForExpr, LiteralExpr, ObjectItem, SplatItemExpr } from './ast.js';
import * as lexer from './lexer.js';
import type { TokenKind } from './lexer.js';
import * as base from './parser-base.js';
import { ParserBase } from './parser-base.js';
import * as template from './template.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const { MAX_NESTING, MAX_TREE_DEPTH, STOP_ATTR_LINE, STOP_COMMA, STOP_NEWLINE, isCloser } = base;
const { parseHeredoc, parseQuotedTemplate } = template;

// Binary operator precedence by token kind (0: not a binary operator), highest binds tightest.
const PRECEDENCE = new Int8Array(64);
const OPERATOR: BinaryOp[] = [];
function defineOp(kind: TokenKind, op: BinaryOp, prec: number): void {
  PRECEDENCE[kind] = prec;
  OPERATOR[kind] = op;
}
defineOp(T.Or, '||', 1);
defineOp(T.And, '&&', 2);
defineOp(T.Eq, '==', 3);
defineOp(T.NotEq, '!=', 3);
defineOp(T.Lt, '<', 4);
defineOp(T.Le, '<=', 4);
defineOp(T.Gt, '>', 4);
defineOp(T.Ge, '>=', 4);
defineOp(T.Plus, '+', 5);
defineOp(T.Minus, '-', 5);
defineOp(T.Star, '*', 6);
defineOp(T.Slash, '/', 6);
defineOp(T.Percent, '%', 6);

const CLOSER_TEXT: Record<number, string> = { [T.CBrack]: ']', [T.CParen]: ')', [T.CBrace]: '}' };

/** A full splat waiting for the rest of the traversal, which becomes its `each`. */
interface PendingSplat {
  source: Expression;
  start: number;
}

/** Parses expressions on top of the shared token stream. */
export abstract class ExpressionParser extends ParserBase {
  /** Parses one expression (the `?:` level, lowest precedence). */
  parseExpression(): Expression {
    if (this.depth >= MAX_NESTING || this.treeDepth >= MAX_TREE_DEPTH) return this.tooDeep();
    this.depth++;
    this.treeDepth++;
    let result = this.parseBinary(1);
    if (this.peek() === T.Question) {
      this.advance();
      const then = this.parseExpression();
      let otherwise: Expression;
      if (this.peek() === T.Colon) {
        this.advance();
        otherwise = this.parseExpression();
      } else {
        this.errorAtToken(`Expected ":" in the conditional expression, found ${this.describe()}`);
        otherwise = this.invalid(this.lastEnd, this.lastEnd);
      }
      result = {
        type: 'Conditional',
        condition: result,
        then,
        else: otherwise,
        range: this.range(result.range.start.offset, otherwise.range.end.offset),
      };
    }
    this.depth--;
    this.treeDepth--;
    return result;
  }

  /** Parses and discards the string or heredoc at the current token (used while skipping after an error). */
  override skipTemplate(): void {
    if (this.lx.kind === T.OQuote) parseQuotedTemplate(this);
    else parseHeredoc(this);
  }

  /** Reports that nesting is too deep and skips the rest of the construct. */
  private tooDeep(): Expression {
    const start = this.lx.start;
    this.errorAtToken(`Expression is nested too deeply (more than ${MAX_NESTING} levels)`);
    this.skipRecover(STOP_COMMA | (this.nlIgnore ? 0 : STOP_NEWLINE));
    return this.invalid(start, Math.max(start, this.lastEnd));
  }

  // Precedence climbing: left-associative loops per level, so long chains do not recurse.
  private parseBinary(minPrec: number): Expression {
    let left = this.parseUnary();
    let links = 0;
    for (;;) {
      const k = this.peek();
      const prec = PRECEDENCE[k];
      if (prec === 0 || prec < minPrec) break;
      if (this.treeDepth >= MAX_TREE_DEPTH) {
        this.errorAtToken(`Expression is too long (more than ${MAX_TREE_DEPTH} chained operations)`);
        this.skipRecover(STOP_COMMA | (this.nlIgnore ? 0 : STOP_NEWLINE));
        break;
      }
      this.advance();
      links++;
      this.treeDepth++;
      const right = this.parseBinary(prec + 1);
      left = {
        type: 'Binary',
        op: OPERATOR[k],
        left,
        right,
        range: this.range(left.range.start.offset, right.range.end.offset),
      };
    }
    this.treeDepth -= links;
    return left;
  }

  private parseUnary(): Expression {
    const k = this.peek();
    if (k !== T.Minus && k !== T.Bang) return this.parsePostfix();
    if (this.depth >= MAX_NESTING || this.treeDepth >= MAX_TREE_DEPTH) return this.tooDeep();
    const start = this.lx.start;
    this.advance();
    this.depth++;
    this.treeDepth++;
    const operand = this.parseUnary();
    this.depth--;
    this.treeDepth--;
    return {
      type: 'Unary',
      op: k === T.Minus ? '-' : '!',
      operand,
      range: this.range(start, operand.range.end.offset),
    };
  }

  /** A term followed by any traversal steps: `.name`, `.0`, `[key]`, `[*]`, `.*`. */
  private parsePostfix(): Expression {
    let expr = this.parsePrimary();
    if (expr.type === 'Invalid') return expr;
    // Where the chain being extended starts: the term, or the marker of the innermost full splat.
    let chainStart = expr.range.start.offset;
    let pending: PendingSplat[] | null = null;
    let links = 0;
    for (;;) {
      const k = this.peek();
      if (k !== T.Dot && k !== T.OBrack) break;
      if (this.treeDepth >= MAX_TREE_DEPTH) {
        this.errorAtToken(`Expression is too long (more than ${MAX_TREE_DEPTH} chained operations)`);
        this.skipRecover(STOP_COMMA | (this.nlIgnore ? 0 : STOP_NEWLINE));
        break;
      }
      links++;
      this.treeDepth++;
      if (k === T.Dot) {
        const dotEnd = this.lx.end;
        this.advance();
        const k2 = this.peek();
        if (k2 === T.Ident) {
          expr = this.getAttr(expr, chainStart);
        } else if (k2 === T.Number) {
          expr = this.legacyIndex(expr, chainStart);
        } else if (k2 === T.Star) {
          expr = this.attrSplat(expr, chainStart, dotEnd - 1);
        } else {
          this.errorAtToken(`Expected an attribute name after ".", found ${this.describe()}`);
          expr = this.invalid(chainStart, dotEnd);
          break;
        }
      } else {
        const openStart = this.lx.start;
        const openEnd = this.lx.end;
        this.advance();
        const saved = this.nlIgnore;
        this.nlIgnore = true;
        this.open++;
        if (this.peek() === T.Star) {
          this.advance();
          const end = this.expectCloser(T.CBrack, openStart, openEnd, 'splat "[*"');
          (pending ??= []).push({ source: expr, start: chainStart });
          const item: SplatItemExpr = { type: 'SplatItem', range: this.range(openStart, end) };
          expr = item;
          chainStart = openStart;
        } else {
          const key = this.parseExpression();
          const end = this.expectCloser(T.CBrack, openStart, openEnd, 'index');
          expr = { type: 'Index', object: expr, key, legacyDot: false, range: this.range(chainStart, end) };
        }
        this.open--;
        this.nlIgnore = saved;
      }
    }
    if (pending !== null) {
      for (let i = pending.length - 1; i >= 0; i--) {
        const p = pending[i];
        expr = { type: 'Splat', source: p.source, kind: 'full', each: expr, range: this.range(p.start, expr.range.end.offset) };
      }
    }
    this.treeDepth -= links;
    return expr;
  }

  /** `.name` (current token: the name). */
  private getAttr(object: Expression, chainStart: number): Expression {
    const lx = this.lx;
    const name = this.tokenText();
    const nameRange = this.range(lx.start, lx.end);
    const end = lx.end;
    this.advance();
    return { type: 'GetAttr', object, name, nameRange, range: this.range(chainStart, end) };
  }

  /** `.0` (current token: the number). `.0.1` scans as the number "0.1": reported, then split into two steps. */
  private legacyIndex(object: Expression, chainStart: number): Expression {
    const lx = this.lx;
    const start = lx.start;
    const end = lx.end;
    const raw = this.tokenText();
    this.advance();
    const dot = raw.indexOf('.');
    if (dot >= 0) {
      this.error(`Invalid legacy index "${raw}": chained legacy indexes are not allowed; write [${raw.slice(0, dot)}][${raw.slice(dot + 1)}] instead`, start, end);
      if (/^[0-9]+\.[0-9]+$/.test(raw)) {
        const first = this.numberLiteral(start, start + dot);
        const inner: Expression = { type: 'Index', object, key: first, legacyDot: true, range: this.range(chainStart, start + dot) };
        const second = this.numberLiteral(start + dot + 1, end);
        return { type: 'Index', object: inner, key: second, legacyDot: true, range: this.range(chainStart, end) };
      }
    }
    const key = this.numberLiteral(start, end);
    return { type: 'Index', object, key, legacyDot: true, range: this.range(chainStart, end) };
  }

  /** `.*` then only `.name` / `.0` steps, applied to each element (current token: the star). */
  private attrSplat(source: Expression, chainStart: number, markerStart: number): Expression {
    const starEnd = this.lx.end;
    this.advance();
    let each: Expression = { type: 'SplatItem', range: this.range(markerStart, starEnd) };
    let links = 0;
    while (this.peek() === T.Dot && this.treeDepth < MAX_TREE_DEPTH) {
      const dotEnd = this.lx.end;
      this.advance();
      const k = this.peek();
      if (k === T.Ident) each = this.getAttr(each, markerStart);
      else if (k === T.Number) each = this.legacyIndex(each, markerStart);
      else {
        this.errorAtToken(
          k === T.Star
            ? 'A splat (".*") cannot be nested inside an attribute-only splat; use "[*]"'
            : `Expected an attribute name after ".", found ${this.describe()}`,
        );
        each = this.invalid(markerStart, dotEnd);
        break;
      }
      links++;
      this.treeDepth++;
    }
    this.treeDepth -= links;
    return { type: 'Splat', source, kind: 'attr', each, range: this.range(chainStart, each.range.end.offset) };
  }

  private parsePrimary(): Expression {
    const k = this.peek();
    const lx = this.lx;
    switch (k) {
      case T.Number: {
        const start = lx.start;
        const end = lx.end;
        this.advance();
        return this.numberLiteral(start, end);
      }
      case T.Ident:
        if (this.open > 0 && this.headerGuard(0)) return this.expectedExpression();
        return this.parseIdentTerm();
      case T.OQuote:
        return parseQuotedTemplate(this);
      case T.Heredoc:
        return parseHeredoc(this);
      case T.OParen:
        return this.parseParens();
      case T.OBrack:
        return this.parseTupleOrFor();
      case T.OBrace:
        return this.parseObjectOrFor();
      default:
        return this.expectedExpression();
    }
  }

  /** Reports a missing expression at the current token (not consumed) and returns a zero-width Invalid. */
  private expectedExpression(): Expression {
    const lx = this.lx;
    if (lx.kind === T.Invalid) this.errorAtToken(`Invalid character ${JSON.stringify(this.tokenText())}`);
    else this.errorAtToken(`Expected an expression, found ${this.describe()}`);
    return this.invalid(lx.start, lx.start);
  }

  /** A number literal token at [start, end); an unconvertible one is reported and becomes Invalid. */
  numberLiteral(start: number, end: number): Expression {
    const raw = this.text.slice(start, end);
    const value = Number(raw);
    if (Number.isNaN(value)) {
      this.error(`Invalid number literal "${raw}"`, start, end);
      return this.invalid(start, end);
    }
    const lit: LiteralExpr = { type: 'Literal', value, raw, range: this.range(start, end) };
    return lit;
  }

  /** A variable, `true`/`false`/`null`, or a function call (`name(`, `provider::ns::name(`). */
  private parseIdentTerm(): Expression {
    const lx = this.lx;
    const start = lx.start;
    const end = lx.end;
    const name = this.tokenText();
    this.advance();
    const k = this.peek();
    if (k === T.OParen || k === T.DoubleColon) return this.finishCall(name, start, end);
    switch (name) {
      case 'true':
        return { type: 'Literal', value: true, raw: name, range: this.range(start, end) };
      case 'false':
        return { type: 'Literal', value: false, raw: name, range: this.range(start, end) };
      case 'null':
        return { type: 'Literal', value: null, raw: name, range: this.range(start, end) };
      default:
        return { type: 'Variable', name, range: this.range(start, end) };
    }
  }

  private finishCall(first: string, start: number, firstEnd: number): Expression {
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
    this.nlIgnore = saved;
    return {
      type: 'FunctionCall',
      name,
      nameRange: this.range(start, nameEnd),
      args,
      expandFinal: list.expandFinal,
      range: this.range(start, list.end),
    };
  }

  private parseParens(): Expression {
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
    this.nlIgnore = saved;
    return { type: 'Parens', expr: inner, range: this.range(openStart, end) };
  }

  private parseTupleOrFor(): Expression {
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
    this.nlIgnore = saved;
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
        this.rewind();
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

  /** Consumes `closer`, or reports it missing and recovers; returns the end offset of the construct. */
  protected expectCloser(closer: TokenKind, openStart: number, openEnd: number, what: string): number {
    const lx = this.lx;
    const closeText = CLOSER_TEXT[closer];
    let k = this.peek();
    if (k !== closer && !this.shouldAbandon(k)) {
      this.errorAtToken(`Expected "${closeText}" to close the ${what}, found ${this.describe()}`);
      this.skipRecover(STOP_ATTR_LINE);
      k = this.peek();
    }
    if (k === closer) {
      const end = lx.end;
      this.advance();
      return end;
    }
    this.error(`Unclosed ${what}: missing "${closeText}"`, openStart, openEnd);
    this.rewind();
    return this.lastEnd;
  }

  private parseObjectOrFor(): Expression {
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
    this.nlIgnore = saved;
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
        this.rewind();
        return this.lastEnd;
      }
      if (k === T.Comma) {
        this.errorAtToken('Expected an object key, found ","');
        this.advance();
        continue;
      }
      const keyStart = lx.start;
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
      items.push({ key, bareKey, value, range: this.range(keyStart, value.range.end.offset) });
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
