// Source positions shared by every parser and by the model: the only place they are defined.

/** A point in a text: 0-based line, 0-based UTF-16 column (LSP style) and 0-based UTF-16 offset. */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

/** A half-open span of text [start, end). */
export interface Range {
  start: Position;
  end: Position;
}
