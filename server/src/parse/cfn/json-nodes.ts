// The positioned nodes the fast JSON reader (json-fast.ts) builds. Nodes keep offsets and compute their
// ranges when first asked; containers skipped by the reader's first pass are read from the text on first
// use (by the reader, through LazyReader).

import { LineIndex } from '../hcl/positions';
import type { Range } from '../range';
import type { DataNode, MapEntry, MapNode, ScalarNode, SeqNode } from '../tree';

/** What a lazily read container asks of the reader that skipped it. */
export interface LazyReader {
  /** The entries of the object at `start` (depth `depth`). */
  materialiseEntries(start: number, depth: number): MapEntry[];
  /** The items of the array at `start` (depth `depth`). */
  materialiseItems(start: number, depth: number): DataNode[];
  /** The key of the object at `start` when it has exactly one entry, else undefined, building nothing. */
  soleKeyAt(start: number): string | undefined;
}

/** Turns offsets into ranges; the line table is built on the first request (or handed over by the reader). */
export class Lines {
  private index: LineIndex | undefined;
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  /** The range of [start, end). */
  range(start: number, end: number): Range {
    return (this.index ??= new LineIndex(this.text, this.starts)).rangeOf(start, end);
  }
  /** Takes the line starts of the whole text, found while reading it, for the table built later. */
  adopt(starts: number[]): void {
    this.starts = starts;
  }
}

// A large template is read into hundreds of thousands of these nodes, most of which live as long as the
// parse: every field is paid for in copying collections. Hence `kind` lives on the prototypes (set below
// the classes) and entries take their end and line table from their value.

/** A node that keeps its offsets and computes its range on first use. */
abstract class Positioned {
  private cached: Range | undefined;
  constructor(
    readonly lines: Lines,
    readonly start: number,
    readonly end: number,
  ) {}
  get range(): Range {
    return (this.cached ??= this.lines.range(this.start, this.end));
  }
}

/** A string, number, boolean or null. */
export class JsonScalar extends Positioned implements ScalarNode {
  declare readonly kind: 'scalar';
  constructor(
    readonly value: string | number | boolean | null,
    start: number,
    end: number,
    lines: Lines,
  ) {
    super(lines, start, end);
  }
}

/**
 * An array or object, read now (`children` given) or, when skipped, from the text on first use (by
 * `reader`). Why the reader and depth rather than a closure: a closure (and its context) per skipped
 * container was a large share of what a big template allocates.
 */
abstract class JsonContainer<T> extends Positioned {
  protected cachedChildren: T[] | undefined;
  constructor(
    children: T[] | undefined,
    start: number,
    end: number,
    lines: Lines,
    protected readonly reader?: LazyReader,
    protected readonly depth = 0,
  ) {
    super(lines, start, end);
    this.cachedChildren = children;
  }
  protected children(): T[] {
    return (this.cachedChildren ??= this.read());
  }
  /** Reads the children of a skipped container. */
  protected abstract read(): T[];
}

/** An array. */
export class JsonSeq extends JsonContainer<DataNode> implements SeqNode {
  declare readonly kind: 'seq';
  get items(): DataNode[] {
    return this.children();
  }
  protected read(): DataNode[] {
    return this.reader!.materialiseItems(this.start, this.depth);
  }
}

/** An object. */
export class JsonMap extends JsonContainer<MapEntry> implements MapNode {
  declare readonly kind: 'map';
  get entries(): MapEntry[] {
    return this.children();
  }
  protected read(): MapEntry[] {
    return this.reader!.materialiseEntries(this.start, this.depth);
  }
  soleKey(): string | undefined {
    const entries = this.cachedChildren;
    if (entries) return entries.length === 1 ? entries[0].key : undefined;
    return this.reader!.soleKeyAt(this.start);
  }
}

/** Any node the reader builds. */
export type JsonNode = JsonScalar | JsonSeq | JsonMap;

Object.defineProperty(JsonScalar.prototype, 'kind', { value: 'scalar' });
Object.defineProperty(JsonSeq.prototype, 'kind', { value: 'seq' });
Object.defineProperty(JsonMap.prototype, 'kind', { value: 'map' });

/** One `"key": value`; its key and entry ranges are computed when asked for (rarely: for findings and fixes). */
export class JsonEntry implements MapEntry {
  constructor(
    readonly key: string,
    readonly value: JsonNode,
    private readonly keyStart: number,
    private readonly keyEnd: number,
  ) {}
  get keyRange(): Range {
    return this.value.lines.range(this.keyStart, this.keyEnd);
  }
  get range(): Range {
    return this.value.lines.range(this.keyStart, this.value.end);
  }
}
