// Entry point of the HCL parser: bodies, attributes and blocks, with recovery so that every complete block of
// a half-typed file still reaches the tree. Expressions are parsed by expressions.ts, templates by template.ts.

import type { Attribute, Block, BlockLabel, Body, BodyItem, ParseResult } from './ast.js';
import { CollectionParser } from './collections.js';
import * as lexer from './lexer.js';
import * as base from './parser-base.js';
import * as template from './template.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const { MAX_NESTING, SKIP_STRAY_CLOSERS, STOP_NEWLINE } = base;
/** How a body skips a broken line: to its end, over stray `]` and `)`. */
const SKIP_LINE = STOP_NEWLINE | SKIP_STRAY_CLOSERS;
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
      body: { type: 'Body', items: parser.topItems, range: parser.range(0, text.length) },
      errors: [...parser.errors, { message, range: parser.range(0, 0) }],
    };
  }
}

// Nested block types that take one quoted label; `type "label"` + newline inside a block is otherwise read
// as an attribute missing its "=".
const LABELLED_NESTED_BLOCKS: ReadonlySet<string> = new Set(['provisioner', 'dynamic', 'backend']);

/** Parses bodies: the file, and the inside of each block. */
class BodyParser extends CollectionParser {
  /** The file's items parsed so far (what survives should parsing ever fail internally). */
  readonly topItems: BodyItem[] = [];

  /** Parses the whole text. */
  parseFile(): ParseResult {
    const items = this.parseBodyItems(false, false, this.topItems);
    return {
      body: { type: 'Body', items, range: this.range(0, this.text.length) },
      errors: this.errors,
    };
  }

  /**
   * Items up to EOF (file) or up to the `}` / the start of the next top-level block (block body).
   * `singleLine`: the body of `type { name = value }`, which HCL restricts to one attribute on the header line.
   */
  private parseBodyItems(inBlock: boolean, singleLine: boolean, items: BodyItem[] = []): BodyItem[] {
    const lx = this.lx;
    for (;;) {
      switch (lx.kind) {
        case T.Newline:
          this.advance();
          break;
        case T.EOF:
          return this.checkDuplicates(items);
        case T.CBrace:
          if (inBlock) return this.checkDuplicates(items);
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
          if (inBlock && this.headerGuard(0)) return this.checkDuplicates(items);
          const start = lx.start;
          const item = this.parseItem(inBlock, singleLine);
          if (item !== null) {
            if (singleLine && (items.length > 0 || item.type === 'Block')) {
              this.error('A single-line block can contain only one attribute; put each item on its own line', start, item.range.end.offset);
            }
            items.push(item);
          }
          break;
        }
        case T.OQuote:
          this.errorAtToken('Expected an attribute or block name, found a string: names must not be quoted');
          this.skipRecover(SKIP_LINE);
          break;
        case T.Invalid:
          this.errorAtToken(`Invalid character ${JSON.stringify(this.tokenText())}`);
          this.skipRecover(SKIP_LINE);
          break;
        default:
          this.errorAtToken(`Expected an attribute or block, found ${this.describe()}`);
          this.skipRecover(SKIP_LINE);
      }
    }
  }

  /** Reports attributes set twice in one body (HCL rejects them); both stay in the tree. Returns `items`. */
  private checkDuplicates(items: BodyItem[]): BodyItem[] {
    const n = items.length;
    if (n < 2) return items;
    // Why two strategies: most bodies are small, where a pairwise scan beats allocating a Map per body.
    if (n <= 16) {
      for (let i = 1; i < n; i++) {
        const item = items[i];
        if (item.type !== 'Attribute') continue;
        for (let j = 0; j < i; j++) {
          const other = items[j];
          if (other.type === 'Attribute' && other.name === item.name) {
            this.reportDuplicate(other, item);
            break;
          }
        }
      }
      return items;
    }
    const seen = new Map<string, Attribute>();
    for (const item of items) {
      if (item.type !== 'Attribute') continue;
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, item);
      else this.reportDuplicate(first, item);
    }
    return items;
  }

  private reportDuplicate(first: Attribute, again: Attribute): void {
    const line = first.nameRange.start.line + 1;
    const message = `Attribute "${again.name}" is already set on line ${line}; each attribute may be set only once`;
    this.error(message, again.nameRange.start.offset, again.nameRange.end.offset);
  }

  /** An attribute or block (current token: its name); null when it could not be recovered. */
  private parseItem(inBlock: boolean, singleLine: boolean): BodyItem | null {
    const lx = this.lx;
    const nameStart = lx.start;
    const nameEnd = lx.end;
    const name = this.tokenText();
    this.advance();
    const k = lx.kind;
    if (k === T.Assign) return this.parseAttribute(name, nameStart, nameEnd, inBlock, singleLine);
    if (k === T.Ident || k === T.OQuote || k === T.OBrace) return this.parseBlock(name, nameStart, nameEnd, inBlock, singleLine);
    this.error(`Expected "=" after attribute name "${name}"`, nameStart, nameEnd);
    this.skipRecover(SKIP_LINE);
    return null;
  }

  private parseAttribute(name: string, nameStart: number, nameEnd: number, inBlock: boolean, singleLine: boolean): Attribute {
    const lx = this.lx;
    const eqEnd = lx.end;
    this.advance();
    const k = lx.kind;
    const expr =
      k === T.Newline || k === T.EOF || (inBlock && k === T.CBrace)
        ? this.missingValue(name, nameStart, eqEnd)
        : this.parseExpression();
    this.endOfItem(`the value of "${name}"`, inBlock, singleLine);
    const nameRange = this.range(nameStart, nameEnd);
    const range = expr.range.end.offset >= eqEnd ? this.span(nameRange.start, expr.range.end) : this.rangeFrom(nameRange.start, eqEnd);
    return { type: 'Attribute', name, nameRange, expr, range };
  }

  private missingValue(name: string, nameStart: number, eqEnd: number) {
    this.error(`Expected a value after "=" for attribute "${name}"`, nameStart, eqEnd);
    return this.invalid(eqEnd, eqEnd);
  }

  /** After an attribute: a newline, the end of the file, or the `}` of a single-line block. */
  private endOfItem(what: string, inBlock: boolean, singleLine: boolean): void {
    const k = this.lx.kind;
    if (k === T.EOF) return;
    if (k === T.Newline) {
      if (singleLine) this.errorAtToken(`Expected "}" after ${what}: a single-line block must be closed on the same line`);
      this.advance();
      return;
    }
    if (inBlock && k === T.CBrace) {
      // Reported but not skipped: the "}" still closes the block.
      if (!singleLine) this.errorAtToken(`Unexpected "}" after ${what}; expected a newline`);
      return;
    }
    this.errorAtToken(`Unexpected ${this.describe()} after ${what}; expected a newline`);
    this.skipRecover(SKIP_LINE);
  }

  /**
   * `type label* { body }` (current token: the first label or the `{`). `inSingleLine`: the block sits in a
   * single-line body (already an error), where the parent's "}" may follow directly.
   */
  private parseBlock(blockType: string, typeStart: number, typeEnd: number, inBlock: boolean, inSingleLine: boolean): Block | null {
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
        this.skipRecover(SKIP_LINE);
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
    const k = this.cur();
    const singleLine = k !== T.Newline && k !== T.EOF && k !== T.CBrace;
    this.open++;
    this.depth++;
    this.treeDepth++;
    const items = this.parseBodyItems(true, singleLine);
    this.open--;
    this.depth--;
    this.treeDepth--;
    let complete = true;
    let end: number;
    if (this.cur() === T.CBrace) {
      end = lx.end;
      this.advance();
      const k = this.cur();
      if (k !== T.Newline && k !== T.EOF && !(inSingleLine && k === T.CBrace)) {
        this.errorAtToken(`Expected a newline after the "}" of block "${blockType}", found ${this.describe()}`);
      }
    } else {
      complete = false;
      end = Math.max(openEnd, this.lastEnd);
      this.error(`Unclosed block "${blockType}": missing "}"`, typeStart, openEnd);
    }
    const typeRange = this.range(typeStart, typeEnd);
    const range = this.rangeFrom(typeRange.start, end);
    const body: Body = { type: 'Body', items, range: this.span(this.pos(openStart), range.end) };
    return { type: 'Block', blockType, typeRange, labels, body, complete, range };
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
