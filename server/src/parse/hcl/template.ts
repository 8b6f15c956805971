// Templates: quoted strings and heredocs. The text is first cut into a flat list of raw pieces (literal runs,
// `${...}` and `%{...}` sequences), as HCL does; then `~` stripping, `<<-` indentation removal and merging of
// adjacent literals apply to that flat list; finally if/for directives are nested into TemplateIf/TemplateFor.

import type { Expression, TemplateExpr, TemplateFor, TemplateIf, TemplatePart } from './ast.js';
import * as chars from './chars.js';
import type { ExpressionParser } from './expressions.js';
import type { HeredocClose } from './heredoc-index.js';
import * as lexer from './lexer.js';
import * as base from './parser-base.js';
import * as scan from './template-scan.js';

// Why local copies of imports: run through tsx (tests, benchmarks), esbuild's CommonJS interop makes every use
// of an imported binding a getter call, which dominated the profile; each is read once here instead.
const T = lexer.T;
const MAX_NESTING = base.MAX_NESTING;
const { Stop, scanHeredocRun, scanQuotedRun } = scan;
const { leadingSpaceCount, trimEndSpace, trimStartSpace } = chars;

const R_LIT = 0;
const R_INTERP = 1;
const R_IF = 2;
const R_ELSE = 3;
const R_ENDIF = 4;
const R_FOR = 5;
const R_ENDFOR = 6;

/** One piece of the flat template: a literal run or a sequence. */
interface Raw {
  k: number;
  start: number;
  end: number;
  /** Literal: decoded (then stripped/dedented) text. */
  value: string;
  stripLeft: boolean;
  stripRight: boolean;
  /** Interpolation expression, `if` condition or `for` collection. */
  expr: Expression | null;
  keyVar: string | undefined;
  valueVar: string;
}

function rawPiece(k: number, start: number, end: number, value: string, expr: Expression | null): Raw {
  return { k, start, end, value, stripLeft: false, stripRight: false, expr, keyVar: undefined, valueVar: '' };
}

/** Parses the quoted string at the current `"` token; the lexer resumes after it. */
export function parseQuotedTemplate(p: ExpressionParser): TemplateExpr {
  const text = p.text;
  const open = p.lx.start;
  const limit = p.lx.limit;
  const raw: Raw[] = [];
  let pos = open + 1;
  let end: number;
  for (;;) {
    const run = scanQuotedRun(text, pos, limit, p.reportError);
    if (run.stop === Stop.Quote && raw.length === 0) {
      // Fast path for the commonest case, a string without sequences: one literal, no flat-piece machinery.
      const literal: TemplatePart = { type: 'TemplateLiteral', value: run.value, range: p.range(pos, run.end) };
      p.resumeAt(run.end + 1);
      return { type: 'Template', parts: [literal], range: p.range(open, run.end + 1) };
    }
    if (run.end > pos) raw.push(rawPiece(R_LIT, pos, run.end, run.value, null));
    pos = run.end;
    if (run.stop === Stop.Quote) {
      end = pos + 1;
      break;
    }
    if (run.stop === Stop.Interp || run.stop === Stop.Control) {
      pos = parseSequence(p, raw, pos, run.stop === Stop.Interp, true, limit);
      continue;
    }
    // Why end at the line: a quoted string cannot span lines, so the rest of the file stays code.
    p.error('Unterminated string: missing closing quote', open, pos);
    end = pos;
    break;
  }
  const parts = buildParts(p, raw, open + 1, false);
  p.resumeAt(end);
  return { type: 'Template', parts, range: p.range(open, end) };
}

/** Parses the heredoc at the current `<<MARKER` token; the lexer resumes after the closing marker. */
export function parseHeredoc(p: ExpressionParser): TemplateExpr {
  const lx = p.lx;
  const text = p.text;
  const open = lx.start;
  const marker = text.slice(lx.markerStart, lx.markerEnd);
  const indented = lx.indented;
  const bodyStart = lx.bodyStart;
  const frames = p.heredocFrames;
  const savedLimit = lx.limit;
  // A heredoc nested in another one's interpolation may read up to the outer body's end, not just to the
  // outer interpolation's limit (which stops at the outer marker's next line, possibly this heredoc's own).
  const hardLimit = frames.length > 0 ? frames[frames.length - 1].hardLimit : savedLimit;
  let next = p.heredocs.findClose(marker, bodyStart, hardLimit);
  let contentLimit = hardLimit;
  if (next === null) {
    // Why: without its marker a heredoc would swallow the file; stop before the next top-level block header,
    // and before that line's break so the attribute still ends with a newline.
    const header = p.recovery.nextHeaderLine(bodyStart, hardLimit);
    if (header >= 0) contentLimit = lineBreakStart(text, header);
  }
  frames.push({ marker, hardLimit: contentLimit });
  const raw: Raw[] = [];
  let close: HeredocClose | null = null;
  let pos = bodyStart;
  // Line by line, as HCL scans heredocs: a marker line closes the heredoc only when met at a line start in
  // literal text; one inside an interpolation (a nested heredoc's own marker) does not.
  while (pos < contentLimit) {
    if (next !== null && next.lineStart < pos) next = p.heredocs.findClose(marker, pos, contentLimit);
    if (next !== null && next.lineStart === pos) {
      close = next;
      break;
    }
    const run = scanHeredocRun(text, pos, contentLimit);
    if (run.end > pos) raw.push(rawPiece(R_LIT, pos, run.end, run.value, null));
    pos = run.end;
    if (run.stop === Stop.Interp || run.stop === Stop.Control) {
      // An interpolation cannot run past the next marker line (the likely end of this heredoc).
      lx.limit = next !== null ? next.lineStart : contentLimit;
      pos = parseSequence(p, raw, pos, run.stop === Stop.Interp, false, lx.limit);
    } else if (run.stop === Stop.Limit) break;
  }
  frames.pop();
  let contentEnd: number;
  let end: number;
  if (close !== null) {
    contentEnd = close.lineStart;
    end = close.markerEnd;
    if (!endsWithLineBreak(text, end)) {
      p.error(`The heredoc closing marker "${marker}" must be followed by a newline`, close.markerStart, end);
    }
  } else {
    p.error(`Unterminated heredoc: missing closing marker "${marker}"`, open, lx.markerEnd);
    contentEnd = end = Math.max(pos, Math.min(contentLimit, text.length));
  }
  // Back in an enclosing heredoc's interpolation, whose limit moves to its marker's next line after this one.
  if (frames.length > 0) {
    const outer = frames[frames.length - 1];
    const c = p.heredocs.findClose(outer.marker, end, outer.hardLimit);
    lx.limit = c !== null ? c.lineStart : outer.hardLimit;
  } else lx.limit = savedLimit;
  const parts = buildParts(p, raw, Math.min(bodyStart, contentEnd), indented);
  p.resumeAt(end);
  return { type: 'Template', parts, heredoc: { marker, indented }, range: p.range(open, end) };
}

/** True when only blanks follow `pos` up to a line break (HCL requires one after a closing marker). */
function endsWithLineBreak(text: string, pos: number): boolean {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
    pos++;
  }
  return false;
}

/** Offset of the line break that ends the line before the one starting at `lineStart`. */
function lineBreakStart(text: string, lineStart: number): number {
  let i = lineStart;
  if (i > 0 && text.charCodeAt(i - 1) === 10) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 13) i--;
  return i;
}

/**
 * Parses the `${...}` or `%{...}` at `pos` with the expression parser, appends it to `raw`, and returns where
 * literal scanning resumes (after its `}`, or where recovery stopped).
 */
function parseSequence(p: ExpressionParser, raw: Raw[], pos: number, interp: boolean, quoted: boolean, limit: number): number {
  const text = p.text;
  const lx = p.lx;
  let after = pos + 2;
  const stripLeft = after < limit && text.charCodeAt(after) === 126;
  if (stripLeft) after++;
  const saved = p.nlIgnore;
  p.nlIgnore = true;
  p.resumeAt(after);
  let piece: Raw | null;
  if (interp) piece = rawPiece(R_INTERP, pos, pos, '', p.parseExpression());
  else piece = parseDirective(p, pos);
  let end: number;
  let stripRight = false;
  const k = p.peek();
  if (k === T.CBrace || k === T.TildeCBrace) {
    stripRight = k === T.TildeCBrace;
    end = lx.end;
  } else {
    end = recoverSequence(p, pos, interp, quoted);
  }
  p.restoreNl(saved);
  p.lastEnd = end;
  if (piece !== null) {
    piece.end = end;
    piece.stripLeft = stripLeft;
    piece.stripRight = stripRight;
    raw.push(piece);
  }
  return end;
}

/** The directive after `%{` (current token: its keyword); null when it cannot be recognised. */
function parseDirective(p: ExpressionParser, start: number): Raw | null {
  if (p.peek() !== T.Ident) {
    p.errorAtToken(`Expected a template directive (if, else, endif, for or endfor) after "%{", found ${p.describe()}`);
    return null;
  }
  const keyword = p.tokenText();
  switch (keyword) {
    case 'if':
      p.advance();
      return rawPiece(R_IF, start, start, '', p.parseExpression());
    case 'else':
      p.advance();
      return rawPiece(R_ELSE, start, start, '', null);
    case 'endif':
      p.advance();
      return rawPiece(R_ENDIF, start, start, '', null);
    case 'endfor':
      p.advance();
      return rawPiece(R_ENDFOR, start, start, '', null);
    case 'for': {
      p.advance();
      const piece = rawPiece(R_FOR, start, start, '', null);
      // Why keep a broken `for` piece: its `%{ endfor }` must still find a partner.
      if (p.peek() !== T.Ident) {
        p.errorAtToken(`Expected a variable name after "for", found ${p.describe()}`);
        piece.expr = p.invalid(p.lastEnd, p.lastEnd);
        return piece;
      }
      piece.valueVar = p.tokenText();
      p.advance();
      if (p.peek() === T.Comma) {
        p.advance();
        if (p.peek() !== T.Ident) {
          p.errorAtToken(`Expected a second variable name after ",", found ${p.describe()}`);
          piece.expr = p.invalid(p.lastEnd, p.lastEnd);
          return piece;
        }
        piece.keyVar = piece.valueVar;
        piece.valueVar = p.tokenText();
        p.advance();
      }
      if (!(p.peek() === T.Ident && p.atKeyword('in'))) {
        p.errorAtToken(`Expected "in" after the "for" variables, found ${p.describe()}`);
        piece.expr = p.invalid(p.lastEnd, p.lastEnd);
        return piece;
      }
      p.advance();
      piece.expr = p.parseExpression();
      return piece;
    }
    default:
      p.errorAtToken(`Unknown template directive "${keyword}": expected if, else, endif, for or endfor`);
      return null;
  }
}

/**
 * After a sequence without its `}`: report, then skip to the `}`. In a quoted string the skip stops at the
 * line end or at a `"` (the string's own closing quote), so a broken sequence cannot run past its line.
 */
function recoverSequence(p: ExpressionParser, pos: number, interp: boolean, quoted: boolean): number {
  const lx = p.lx;
  const what = interp ? 'interpolation' : 'template directive';
  if (quoted && hasLineBreak(p.text, p.lastEnd, lx.start)) {
    // The sequence ran into the next line (its newline was skipped as insignificant): stop at the line end.
    p.error(`Expected "}" to close the ${what}, found end of line`, p.lastEnd, p.lastEnd);
    return p.lastEnd;
  }
  if (lx.kind === T.EOF) p.error(`Unclosed ${what}: missing "}"`, pos, pos + 2);
  else p.errorAtToken(`Expected "}" to close the ${what}, found ${p.describe()}`);
  p.suppress++;
  let nest = 0;
  let end: number;
  for (;;) {
    const k = lx.kind;
    if (k === T.EOF || (quoted && k === T.Newline) || (quoted && nest === 0 && k === T.OQuote)) {
      end = lx.start;
      break;
    }
    if (nest === 0 && (k === T.CBrace || k === T.TildeCBrace)) {
      end = lx.end;
      break;
    }
    if (k === T.OQuote || k === T.Heredoc) {
      p.skipTemplate();
      continue;
    }
    if (k === T.OBrace || k === T.OBrack || k === T.OParen) nest++;
    else if (nest > 0 && (k === T.CBrace || k === T.CBrack || k === T.CParen || k === T.TildeCBrace)) nest--;
    p.advance();
  }
  p.suppress--;
  return end;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Applies stripping, heredoc indentation removal and literal merging, then nests the directives. */
function buildParts(p: ExpressionParser, raw: Raw[], contentStart: number, indented: boolean): TemplatePart[] {
  if (raw.length === 0) {
    // As in HCL: an empty template holds one empty literal, at the start of its content.
    return [{ type: 'TemplateLiteral', value: '', range: p.range(contentStart, contentStart) }];
  }
  applyStrip(raw);
  if (indented) dedent(raw);
  return nest(p, mergeLiterals(raw));
}

/** `${~` trims the end of the literal just before; `~}` trims the start of the literal just after. */
function applyStrip(raw: Raw[]): void {
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (t.k === R_LIT) continue;
    if (t.stripLeft && i > 0 && raw[i - 1].k === R_LIT) raw[i - 1].value = trimEndSpace(raw[i - 1].value);
    if (t.stripRight && i + 1 < raw.length && raw[i + 1].k === R_LIT) raw[i + 1].value = trimStartSpace(raw[i + 1].value);
  }
}

/**
 * `<<-`: removes from every line the smallest indentation found among them, as HCL does: literal pieces that
 * begin a line count (whitespace-only lines excepted, and left as they are); a line beginning with a sequence
 * counts as zero.
 */
function dedent(raw: Raw[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const adjust: Raw[] = [];
  for (const t of raw) {
    if (atLineStart) {
      atLineStart = false;
      if (t.k === R_LIT) {
        const lead = leadingSpaceCount(t.value);
        if (!(lead === t.value.length && t.value.endsWith('\n'))) {
          adjust.push(t);
          if (lead < min) min = lead;
        }
      } else min = 0;
    }
    if (t.k === R_LIT && t.value.endsWith('\n')) atLineStart = true;
  }
  if (min === 0 || min === Number.MAX_SAFE_INTEGER) return;
  for (const t of adjust) {
    t.value = t.value.slice(min);
    t.start += min;
  }
}

/** Joins runs of adjacent literal pieces into one (value concatenated, range spanning them). */
function mergeLiterals(raw: Raw[]): Raw[] {
  const out: Raw[] = [];
  for (const t of raw) {
    const prev = out.length > 0 ? out[out.length - 1] : null;
    if (t.k === R_LIT && prev !== null && prev.k === R_LIT) {
      prev.value += t.value;
      prev.end = t.end;
    } else out.push(t);
  }
  return out;
}

/** An if/for directive whose body is being collected. */
interface Frame {
  piece: Raw;
  then: TemplatePart[];
  else: TemplatePart[] | undefined;
  parent: TemplatePart[];
}

/** Turns the flat pieces into parts, nesting if/else/endif and for/endfor; mismatches are reported. */
function nest(p: ExpressionParser, pieces: Raw[]): TemplatePart[] {
  const root: TemplatePart[] = [];
  let out = root;
  const stack: Frame[] = [];
  for (const t of pieces) {
    switch (t.k) {
      case R_LIT:
        out.push({ type: 'TemplateLiteral', value: t.value, range: p.range(t.start, t.end) });
        break;
      case R_INTERP:
        out.push({
          type: 'TemplateInterpolation',
          expr: t.expr!,
          stripLeft: t.stripLeft,
          stripRight: t.stripRight,
          range: p.range(t.start, t.end),
        });
        break;
      case R_IF:
      case R_FOR:
        if (stack.length + p.depth >= MAX_NESTING) {
          p.error(`Template directives are nested too deeply (more than ${MAX_NESTING} levels)`, t.start, t.end);
          break;
        }
        stack.push({ piece: t, then: [], else: undefined, parent: out });
        out = stack[stack.length - 1].then;
        break;
      case R_ELSE: {
        const top = stack.length > 0 ? stack[stack.length - 1] : null;
        if (top === null || top.piece.k !== R_IF || top.else !== undefined) {
          p.error('Unexpected "%{ else }" without a matching "%{ if }"', t.start, t.end);
          break;
        }
        top.else = [];
        out = top.else;
        break;
      }
      case R_ENDIF:
      case R_ENDFOR: {
        const opener = t.k === R_ENDIF ? R_IF : R_FOR;
        const top = stack.length > 0 ? stack[stack.length - 1] : null;
        if (top === null || top.piece.k !== opener) {
          const name = t.k === R_ENDIF ? 'endif' : 'endfor';
          p.error(`Unexpected "%{ ${name} }" without a matching "%{ ${name === 'endif' ? 'if' : 'for'} }"`, t.start, t.end);
          break;
        }
        stack.pop();
        out = top.parent;
        out.push(closeFrame(p, top, t.end));
        break;
      }
    }
  }
  const lastEnd = pieces[pieces.length - 1].end;
  while (stack.length > 0) {
    const top = stack.pop()!;
    const name = top.piece.k === R_IF ? 'if' : 'for';
    p.error(`Unclosed "%{ ${name} }": missing "%{ end${name} }"`, top.piece.start, top.piece.end);
    top.parent.push(closeFrame(p, top, lastEnd));
  }
  return root;
}

function closeFrame(p: ExpressionParser, f: Frame, end: number): TemplatePart {
  const range = p.range(f.piece.start, end);
  if (f.piece.k === R_IF) {
    const node: TemplateIf = { type: 'TemplateIf', condition: f.piece.expr!, then: f.then, range };
    if (f.else !== undefined) node.else = f.else;
    return node;
  }
  const node: TemplateFor = {
    type: 'TemplateFor',
    valueVar: f.piece.valueVar,
    collection: f.piece.expr ?? p.invalid(f.piece.end, f.piece.end),
    body: f.then,
    range,
  };
  if (f.piece.keyVar !== undefined) node.keyVar = f.piece.keyVar;
  return node;
}
