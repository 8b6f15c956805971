// Recursive-descent parsing of HCL expressions: conditionals, binary operators by precedence, unary operators,
// terms, traversals and splats. The bracketed forms (calls, tuples, objects, for) live in collections.ts.

import type { BinaryOp, Expression, LiteralExpr, Position, SplatItemExpr } from './ast.js';
import * as lexer from './lexer.js';
import type { TokenKind } from './lexer.js';
import * as base from './parser-base.js';
import { ParserBase } from './parser-base.js';
import * as template from './template.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const { MAX_NESTING, MAX_TREE_DEPTH, STOP_ATTR_LINE, STOP_COMMA, STOP_NEWLINE } = base;
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

/** The text of each closing bracket kind, for messages. */
export const CLOSER_TEXT: Record<number, string> = { [T.CBrack]: ']', [T.CParen]: ')', [T.CBrace]: '}' };

/** A full splat waiting for the rest of the traversal, which becomes its `each`. */
interface PendingSplat {
  source: Expression;
  start: Position;
}

/** Parses expressions on top of the shared token stream. */
export abstract class ExpressionParser extends ParserBase {
  /** The call after its first name (current token: `(` or `::`). */
  protected abstract finishCall(first: string, start: number, firstEnd: number): Expression;
  /** `( expr )` (current token: `(`). */
  protected abstract parseParens(): Expression;
  /** A tuple or a list for-expression (current token: `[`). */
  protected abstract parseTupleOrFor(): Expression;
  /** An object or a map for-expression (current token: `{`). */
  protected abstract parseObjectOrFor(): Expression;

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
        range: this.span(result.range.start, otherwise.range.end),
      };
    }
    this.depth--;
    this.treeDepth--;
    return result;
  }

  /** Parses and discards the string or heredoc at the current token (used while skipping after an error). */
  override skipTemplate(): void {
    // Why: at the nesting limit, parsing the template would skip its interpolations by parsing their templates
    // again, recursing without bound; skip the text without looking inside instead.
    if (this.depth >= MAX_NESTING) this.skipTemplateText();
    else if (this.lx.kind === T.OQuote) parseQuotedTemplate(this);
    else parseHeredoc(this);
  }

  /** Reports that nesting is too deep and skips the rest of the construct. */
  private tooDeep(): Expression {
    const start = this.lx.start;
    const before = this.lastEnd;
    this.errorAtToken(`Expression is nested too deeply (more than ${MAX_NESTING} levels)`);
    this.skipRecover(STOP_COMMA | (this.nlIgnore ? 0 : STOP_NEWLINE));
    return this.lastEnd > before ? this.invalid(start, this.lastEnd) : this.invalid(before, before);
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
        range: this.span(left.range.start, right.range.end),
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
      range: this.span(this.pos(start), operand.range.end),
    };
  }

  /** A term followed by any traversal steps: `.name`, `.0`, `[key]`, `[*]`, `.*`. */
  private parsePostfix(): Expression {
    let expr = this.parsePrimary();
    if (expr.type === 'Invalid') return expr;
    // Where the chain being extended starts: the term, or the marker of the innermost full splat.
    let chainStart = expr.range.start;
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
          expr = { type: 'Invalid', range: this.rangeFrom(chainStart, dotEnd) };
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
          chainStart = item.range.start;
        } else {
          const key = this.parseExpression();
          const end = this.expectCloser(T.CBrack, openStart, openEnd, 'index');
          expr = { type: 'Index', object: expr, key, legacyDot: false, range: this.rangeFrom(chainStart, end) };
        }
        this.open--;
        this.restoreNl(saved);
      }
    }
    if (pending !== null) {
      for (let i = pending.length - 1; i >= 0; i--) {
        const p = pending[i];
        expr = { type: 'Splat', source: p.source, kind: 'full', each: expr, range: this.span(p.start, expr.range.end) };
      }
    }
    this.treeDepth -= links;
    return expr;
  }

  /** `.name` (current token: the name). */
  private getAttr(object: Expression, chainStart: Position): Expression {
    const lx = this.lx;
    const name = this.tokenText();
    const nameRange = this.range(lx.start, lx.end);
    this.advance();
    return { type: 'GetAttr', object, name, nameRange, range: this.span(chainStart, nameRange.end) };
  }

  /** `.0` (current token: the number). `.0.1` scans as the number "0.1": reported, then split into two steps. */
  private legacyIndex(object: Expression, chainStart: Position): Expression {
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
        const inner: Expression = { type: 'Index', object, key: first, legacyDot: true, range: this.rangeFrom(chainStart, start + dot) };
        const second = this.numberLiteral(start + dot + 1, end);
        return { type: 'Index', object: inner, key: second, legacyDot: true, range: this.rangeFrom(chainStart, end) };
      }
    }
    const key = this.numberLiteral(start, end);
    return { type: 'Index', object, key, legacyDot: true, range: this.rangeFrom(chainStart, end) };
  }

  /** `.*` then only `.name` / `.0` steps, applied to each element (current token: the star). */
  private attrSplat(source: Expression, chainStart: Position, markerStart: number): Expression {
    const starEnd = this.lx.end;
    this.advance();
    let each: Expression = { type: 'SplatItem', range: this.range(markerStart, starEnd) };
    const marker = each.range.start;
    let links = 0;
    while (this.peek() === T.Dot && this.treeDepth < MAX_TREE_DEPTH) {
      const dotEnd = this.lx.end;
      this.advance();
      const k = this.peek();
      if (k === T.Ident) each = this.getAttr(each, marker);
      else if (k === T.Number) each = this.legacyIndex(each, marker);
      else {
        this.errorAtToken(
          k === T.Star
            ? 'A splat (".*") cannot be nested inside an attribute-only splat; use "[*]"'
            : `Expected an attribute name after ".", found ${this.describe()}`,
        );
        each = { type: 'Invalid', range: this.rangeFrom(marker, dotEnd) };
        break;
      }
      links++;
      this.treeDepth++;
    }
    this.treeDepth -= links;
    return { type: 'Splat', source, kind: 'attr', each, range: this.span(chainStart, each.range.end) };
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

  /**
   * Reports a missing expression at the current token (not consumed) and returns a zero-width Invalid just after
   * the last consumed token (the current token may lie beyond the enclosing construct, e.g. after its newline).
   */
  private expectedExpression(): Expression {
    const lx = this.lx;
    if (lx.kind === T.Invalid) this.errorAtToken(`Invalid character ${JSON.stringify(this.tokenText())}`);
    else this.errorAtToken(`Expected an expression, found ${this.describe()}`);
    return this.invalid(this.lastEnd, this.lastEnd);
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
    this.abandon();
    return this.lastEnd;
  }

}
