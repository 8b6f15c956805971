// Entry point of the HCL parser: bodies, attributes and blocks, with recovery so that every complete block of
// a half-typed file still reaches the tree. Expressions are parsed by expressions.ts, templates by template.ts.

import type { Attribute, Block, BlockLabel, BodyItem, ParseResult } from './ast.js';
import { ExpressionParser } from './expressions.js';
import * as lexer from './lexer.js';
import * as base from './parser-base.js';
import * as template from './template.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const { MAX_NESTING, STOP_NEWLINE } = base;
const parseQuotedTemplate = template.parseQuotedTemplate;

/** Parses HCL native syntax. Never throws: syntax errors are returned in `errors` next to the recovered tree. */
export function parseHcl(text: string): ParseResult {
  const parser = new BodyParser(text);
  try {
    return parser.parseFile();
  } catch (e) {
    // Why: this runs on every keystroke inside the language server; a parser bug must degrade to an error
    // report, never take the server down. The fuzz test asserts this branch is never reached.
    const message = `Internal parser error: ${e instanceof Error ? e.message : String(e)}`;
    return {
      body: { type: 'Body', items: [], range: parser.range(0, text.length) },
      errors: [{ message, range: parser.range(0, 0) }],
    };
  }
}

// Nested block types that take one quoted label; `type "label"` + newline inside a block is otherwise read
// as an attribute missing its "=".
const LABELLED_NESTED_BLOCKS: ReadonlySet<string> = new Set(['provisioner', 'dynamic', 'backend']);

/** Parses bodies: the file, and the inside of each block. */
class BodyParser extends ExpressionParser {
  /** Parses the whole text. */
  parseFile(): ParseResult {
    const items = this.parseBodyItems(false);
    return {
      body: { type: 'Body', items, range: this.range(0, this.text.length) },
      errors: this.errors,
    };
  }

  /** Items up to EOF (file) or up to the `}` / the start of the next top-level block (block body). */
  private parseBodyItems(inBlock: boolean): BodyItem[] {
    const items: BodyItem[] = [];
    const lx = this.lx;
    for (;;) {
      switch (lx.kind) {
        case T.Newline:
          this.advance();
          break;
        case T.EOF:
          return items;
        case T.CBrace:
          if (inBlock) return items;
          this.errorAtToken('Unexpected "}": there is no open block to close');
          this.advance();
          break;
        case T.CBrack:
        case T.CParen:
        case T.TildeCBrace:
          this.errorAtToken(`Unexpected ${this.describe()}`);
          this.advance();
          break;
        case T.Ident: {
          if (inBlock && this.headerGuard(0)) return items;
          const item = this.parseItem(inBlock);
          if (item !== null) items.push(item);
          break;
        }
        case T.OQuote:
          this.errorAtToken('Expected an attribute or block name, found a string: names must not be quoted');
          this.skipRecover(STOP_NEWLINE);
          break;
        case T.Invalid:
          this.errorAtToken(`Invalid character ${JSON.stringify(this.tokenText())}`);
          this.skipRecover(STOP_NEWLINE);
          break;
        default:
          this.errorAtToken(`Expected an attribute or block, found ${this.describe()}`);
          this.skipRecover(STOP_NEWLINE);
      }
    }
  }

  /** An attribute or block (current token: its name); null when it could not be recovered. */
  private parseItem(inBlock: boolean): BodyItem | null {
    const lx = this.lx;
    const nameStart = lx.start;
    const nameEnd = lx.end;
    const name = this.tokenText();
    this.advance();
    const k = lx.kind;
    if (k === T.Assign) return this.parseAttribute(name, nameStart, nameEnd, inBlock);
    if (k === T.Ident || k === T.OQuote || k === T.OBrace) return this.parseBlock(name, nameStart, nameEnd, inBlock);
    this.error(`Expected "=" after attribute name "${name}"`, nameStart, nameEnd);
    this.skipRecover(STOP_NEWLINE);
    return null;
  }

  private parseAttribute(name: string, nameStart: number, nameEnd: number, inBlock: boolean): Attribute {
    const lx = this.lx;
    const eqEnd = lx.end;
    this.advance();
    const k = lx.kind;
    const expr =
      k === T.Newline || k === T.EOF || (inBlock && k === T.CBrace)
        ? this.missingValue(name, nameStart, eqEnd)
        : this.parseExpression();
    this.endOfItem(`the value of "${name}"`, inBlock);
    return {
      type: 'Attribute',
      name,
      nameRange: this.range(nameStart, nameEnd),
      expr,
      range: this.range(nameStart, Math.max(eqEnd, expr.range.end.offset)),
    };
  }

  private missingValue(name: string, nameStart: number, eqEnd: number) {
    this.error(`Expected a value after "=" for attribute "${name}"`, nameStart, eqEnd);
    return this.invalid(eqEnd, eqEnd);
  }

  /** After an attribute: a newline, the end of the file, or the `}` of a one-line block. */
  private endOfItem(what: string, inBlock: boolean): void {
    const k = this.lx.kind;
    if (k === T.Newline) {
      this.advance();
      return;
    }
    if (k === T.EOF || (inBlock && k === T.CBrace)) return;
    this.errorAtToken(`Unexpected ${this.describe()} after ${what}; expected a newline`);
    this.skipRecover(STOP_NEWLINE);
  }

  /** `type label* { body }` (current token: the first label or the `{`). */
  private parseBlock(blockType: string, typeStart: number, typeEnd: number, inBlock: boolean): Block | null {
    const lx = this.lx;
    const labels: BlockLabel[] = [];
    while (lx.kind !== T.OBrace) {
      const k = lx.kind;
      if (k === T.Ident) {
        labels.push({ value: this.tokenText(), quoted: false, range: this.range(lx.start, lx.end) });
        this.advance();
      } else if (k === T.OQuote) {
        labels.push(this.parseLabel());
      } else {
        this.reportBadHeader(blockType, typeStart, typeEnd, labels, inBlock);
        this.skipRecover(STOP_NEWLINE);
        return null;
      }
    }
    const openStart = lx.start;
    const openEnd = lx.end;
    this.advance();
    if (this.depth >= MAX_NESTING) {
      this.error(`Blocks are nested too deeply (more than ${MAX_NESTING} levels)`, typeStart, openEnd);
      this.skipRecover(0);
      if (this.cur() === T.CBrace) this.advance();
      return null;
    }
    this.open++;
    this.depth++;
    this.treeDepth++;
    const items = this.parseBodyItems(true);
    this.open--;
    this.depth--;
    this.treeDepth--;
    let complete = true;
    let end: number;
    if (this.cur() === T.CBrace) {
      end = lx.end;
      this.advance();
      const k = this.cur();
      if (k !== T.Newline && k !== T.EOF && !(inBlock && k === T.CBrace)) {
        this.errorAtToken(`Expected a newline after the "}" of block "${blockType}", found ${this.describe()}`);
      }
    } else {
      complete = false;
      end = Math.max(openEnd, this.lastEnd);
      this.error(`Unclosed block "${blockType}": missing "}"`, typeStart, openEnd);
    }
    return {
      type: 'Block',
      blockType,
      typeRange: this.range(typeStart, typeEnd),
      labels,
      body: { type: 'Body', items, range: this.range(openStart, end) },
      complete,
      range: this.range(typeStart, end),
    };
  }

  private reportBadHeader(blockType: string, typeStart: number, typeEnd: number, labels: BlockLabel[], inBlock: boolean): void {
    const k = this.lx.kind;
    const lineEnds = k === T.Newline || k === T.EOF;
    // `bucket "x"` inside a block is far more often a forgotten "=" than a block missing its "{".
    if (lineEnds && inBlock && labels.length === 1 && labels[0].quoted && !LABELLED_NESTED_BLOCKS.has(blockType)) {
      this.error(`Expected "=" after attribute name "${blockType}"`, typeStart, typeEnd);
      return;
    }
    this.errorAtToken(`Expected "{" to open block "${blockType}", found ${this.describe()}`);
  }

  /** A quoted block label; template sequences are reported (labels are plain strings). */
  private parseLabel(): BlockLabel {
    const tpl = parseQuotedTemplate(this);
    let value = '';
    let plain = true;
    for (const part of tpl.parts) {
      if (part.type === 'TemplateLiteral') value += part.value;
      else plain = false;
    }
    if (!plain) {
      this.error('Block labels cannot contain template sequences ("${" or "%{")', tpl.range.start.offset, tpl.range.end.offset);
    }
    return { value, quoted: true, range: tpl.range };
  }
}
