// The positioned syntax tree of HCL native syntax, as produced by parser.ts.
// Every node carries its source range; nothing here depends on how the tree is consumed.

import type { Position, Range } from '../range';

/** Positions are shared with the other parsers and the model. */
export type { Position, Range };

/** A syntax error found while lexing or parsing, at the place it was noticed. */
export interface ParseError {
  message: string;
  range: Range;
}

/** The result of parsing one file: the tree of every block recovered, and every error met. */
export interface ParseResult {
  body: Body;
  errors: ParseError[];
}

/** A sequence of attributes and blocks (a file, or the inside of a block). */
export interface Body {
  type: 'Body';
  items: BodyItem[];
  range: Range;
}

/** What a body holds. */
export type BodyItem = Attribute | Block;

/** `name = expression`. */
export interface Attribute {
  type: 'Attribute';
  name: string;
  nameRange: Range;
  expr: Expression;
  range: Range;
}

/** `type "label" label2 { ... }` (also the one-line form `type { a = 1 }`). */
export interface Block {
  type: 'Block';
  blockType: string;
  typeRange: Range;
  labels: BlockLabel[];
  body: Body;
  /** False when the closing brace was missing (the block was recovered from a half-typed file). */
  complete: boolean;
  range: Range;
}

/** A block label: quoted (`"aws_s3_bucket"`) or a bare identifier. `value` is decoded. */
export interface BlockLabel {
  value: string;
  quoted: boolean;
  range: Range;
}

/** Every expression form of HCL native syntax. */
export type Expression =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | FunctionCallExpr
  | TupleExpr
  | ObjectExpr
  | ForExpr
  | ConditionalExpr
  | UnaryExpr
  | BinaryExpr
  | ParensExpr
  | SplatItemExpr
  | InvalidExpr;

/** A number, `true`, `false` or `null`. `raw` is the source text of a number (`1e3`, `0.50`). */
export interface LiteralExpr {
  type: 'Literal';
  value: string | number | boolean | null;
  raw: string;
  range: Range;
}

/**
 * A quoted string or heredoc: literal text interleaved with interpolations and directives.
 * A string without any `${`/`%{` is a Template with a single TemplateLiteral part.
 */
export interface TemplateExpr {
  type: 'Template';
  parts: TemplatePart[];
  /** Set for heredocs: the marker (`EOT`) and whether it was the indented form `<<-`. */
  heredoc?: { marker: string; indented: boolean };
  range: Range;
}

/** A piece of a template. */
export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

/** Literal template text; `value` has escapes decoded (`\n`, `$${` -> `${`, `%%{` -> `%{`). */
export interface TemplateLiteral {
  type: 'TemplateLiteral';
  value: string;
  range: Range;
}

/** `${ expr }`, with `~` strip markers recorded. */
export interface TemplateInterpolation {
  type: 'TemplateInterpolation';
  expr: Expression;
  stripLeft: boolean;
  stripRight: boolean;
  range: Range;
}

/** `%{ if cond }...%{ else }...%{ endif }`. */
export interface TemplateIf {
  type: 'TemplateIf';
  condition: Expression;
  then: TemplatePart[];
  else?: TemplatePart[];
  range: Range;
}

/** `%{ for k, v in coll }...%{ endfor }`. */
export interface TemplateFor {
  type: 'TemplateFor';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  body: TemplatePart[];
  range: Range;
}

/** A bare identifier at the root of a traversal: `var`, `local`, `aws_s3_bucket`, `each`. */
export interface VariableExpr {
  type: 'Variable';
  name: string;
  range: Range;
}

/** `object.name`. */
export interface GetAttrExpr {
  type: 'GetAttr';
  object: Expression;
  name: string;
  nameRange: Range;
  range: Range;
}

/** `object[key]`, or the legacy index `object.0` (`legacyDot` set). */
export interface IndexExpr {
  type: 'Index';
  object: Expression;
  key: Expression;
  legacyDot: boolean;
  range: Range;
}

/**
 * A splat: `source[*].a.b` (full) or `source.*.a.b` (attribute-only).
 * `each` is the traversal applied to each element, written against a SplatItem placeholder.
 */
export interface SplatExpr {
  type: 'Splat';
  source: Expression;
  kind: 'full' | 'attr';
  each: Expression;
  range: Range;
}

/** `name(args...)`, `expandFinal` when the last argument is followed by `...`. Provider functions keep their `::` name. */
export interface FunctionCallExpr {
  type: 'FunctionCall';
  name: string;
  nameRange: Range;
  args: Expression[];
  expandFinal: boolean;
  range: Range;
}

/** `[a, b, c]`. */
export interface TupleExpr {
  type: 'Tuple';
  items: Expression[];
  range: Range;
}

/** `{ key = value, ... }`. */
export interface ObjectExpr {
  type: 'Object';
  items: ObjectItem[];
  range: Range;
}

/**
 * One `key = value` (or `key: value`) of an object constructor. A bare identifier key is a
 * Variable expression with `bareKey` set (it means the literal string); `(expr)` keys are Parens.
 */
export interface ObjectItem {
  key: Expression;
  bareKey: boolean;
  value: Expression;
  range: Range;
}

/** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
export interface ForExpr {
  type: 'For';
  kind: 'tuple' | 'object';
  keyVar?: string;
  valueVar: string;
  collection: Expression;
  keyExpr?: Expression;
  valueExpr: Expression;
  condition?: Expression;
  grouping: boolean;
  range: Range;
}

/** `cond ? a : b`. */
export interface ConditionalExpr {
  type: 'Conditional';
  condition: Expression;
  then: Expression;
  else: Expression;
  range: Range;
}

/** `-x` or `!x`. */
export interface UnaryExpr {
  type: 'Unary';
  op: '-' | '!';
  operand: Expression;
  range: Range;
}

/** The binary operators of HCL. */
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

/** `a op b`. */
export interface BinaryExpr {
  type: 'Binary';
  op: BinaryOp;
  left: Expression;
  right: Expression;
  range: Range;
}

/** `( expr )`. */
export interface ParensExpr {
  type: 'Parens';
  expr: Expression;
  range: Range;
}

/** Inside SplatExpr.each: stands for the current element of the splatted collection. */
export interface SplatItemExpr {
  type: 'SplatItem';
  range: Range;
}

/** The placeholder left where an expression could not be parsed (an error was reported there). */
export interface InvalidExpr {
  type: 'Invalid';
  range: Range;
}
