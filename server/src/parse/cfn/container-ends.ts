// Where each container the fast JSON reader skipped ends (see ContainerEnds).

/**
 * Where each skipped container ends, by where it starts. Why: reading a skipped container later must not
 * skip (re-scan) its children again, level after level. Containers are recorded as they open, so starts
 * are in increasing order and a lookup is a binary search over two flat arrays (a Map of this size was a
 * large share of what a big template allocates).
 */
export class ContainerEnds {
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private count = 0;

  /** Records a container opening at `start`; returns its slot for `close`, or -1 when out of order. */
  open(start: number): number {
    if (this.count > 0 && this.starts[this.count - 1] >= start) return -1;
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.count] = start;
    return this.count++;
  }

  /** Records where the container in `slot` ends. */
  close(slot: number, end: number): void {
    if (slot >= 0) this.ends[slot] = end;
  }

  /** The end of the container recorded at `start`, or -1. */
  endOf(start: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = starts[mid];
      if (at === start) return this.ends[mid];
      if (at < start) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
