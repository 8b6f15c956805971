// Runs one task per key after a quiet period: each schedule() of a key replaces its pending run.
// The timer functions are injectable so the behaviour is testable without waiting.

/** How the debouncer waits. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** setTimeout for a delay, setImmediate for none (no 1 ms minimum when the debounce is 0). */
export const NODE_TIMERS: Timers = {
  set: (callback, ms) => (ms > 0 ? { timeout: setTimeout(callback, ms) } : { immediate: setImmediate(callback) }),
  clear: (handle) => {
    const h = handle as { timeout?: NodeJS.Timeout; immediate?: NodeJS.Immediate };
    if (h.timeout) clearTimeout(h.timeout);
    if (h.immediate) clearImmediate(h.immediate);
  },
};

/** Per-key debouncing of tasks. */
export class Debouncer<K> {
  private readonly pending = new Map<K, { handle: unknown; task: () => void }>();

  constructor(private readonly timers: Timers = NODE_TIMERS) {}

  /**
   * Runs `task` for `key` after `delayMs`, replacing a pending run of the same key: typing keeps pushing
   * the run back, and a run scheduled with 0 happens at the next turn of the event loop.
   */
  schedule(key: K, delayMs: number, task: () => void): void {
    this.cancel(key);
    const entry = { handle: undefined as unknown, task };
    entry.handle = this.timers.set(() => {
      if (this.pending.get(key) !== entry) return;
      this.pending.delete(key);
      task();
    }, Math.max(0, delayMs));
    this.pending.set(key, entry);
  }

  /** Drops the pending run of `key`; true when there was one. */
  cancel(key: K): boolean {
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.timers.clear(entry.handle);
    this.pending.delete(key);
    return true;
  }

  /** Whether `key` has a run pending. */
  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  /** Keys with a run pending. */
  keys(): K[] {
    return [...this.pending.keys()];
  }

  /** Runs every pending task now (in scheduling order). */
  flush(): void {
    const entries = [...this.pending.entries()];
    for (const [key] of entries) this.cancel(key);
    for (const [, entry] of entries) entry.task();
  }

  /** Drops every pending run. */
  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
