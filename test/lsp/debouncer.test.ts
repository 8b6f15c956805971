// The per-key debouncer, with a fake clock.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Debouncer, type Timers } from '../../server/src/lsp/debouncer';

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
      if (due.length === 0) break;
      const [id, timer] = due[0];
      this.timers.delete(id);
      this.now = timer.at;
      timer.callback();
    }
    this.now = target;
  }
  get size(): number {
    return this.timers.size;
  }
}

test('a burst of schedules for one key runs once, after the last one', () => {
  const timers = new FakeTimers();
  const debouncer = new Debouncer<string>(timers);
  const runs: string[] = [];
  for (let i = 0; i < 5; i++) {
    debouncer.schedule('a', 150, () => runs.push(`a${i}`));
    timers.advance(100);
  }
  // The last schedule was at 400, so the run is due at 550.
  assert.deepEqual(runs, []);
  timers.advance(49);
  assert.deepEqual(runs, []);
  timers.advance(1);
  assert.deepEqual(runs, ['a4']);
  assert.equal(timers.size, 0);
  assert.equal(debouncer.isPending('a'), false);
});

test('keys are independent; 0 runs at the next turn', () => {
  const timers = new FakeTimers();
  const debouncer = new Debouncer<string>(timers);
  const runs: string[] = [];
  debouncer.schedule('a', 150, () => runs.push('a'));
  debouncer.schedule('b', 0, () => runs.push('b'));
  assert.deepEqual(debouncer.keys().sort(), ['a', 'b']);
  timers.advance(0);
  assert.deepEqual(runs, ['b']);
  timers.advance(150);
  assert.deepEqual(runs, ['b', 'a']);
});

test('a later schedule with 0 replaces a pending debounce (first open is immediate)', () => {
  const timers = new FakeTimers();
  const debouncer = new Debouncer<string>(timers);
  const runs: string[] = [];
  debouncer.schedule('a', 150, () => runs.push('slow'));
  debouncer.schedule('a', 0, () => runs.push('now'));
  timers.advance(0);
  assert.deepEqual(runs, ['now']);
  timers.advance(1000);
  assert.deepEqual(runs, ['now']);
});

test('cancel, flush and dispose', () => {
  const timers = new FakeTimers();
  const debouncer = new Debouncer<string>(timers);
  const runs: string[] = [];
  debouncer.schedule('a', 10, () => runs.push('a'));
  assert.equal(debouncer.cancel('a'), true);
  assert.equal(debouncer.cancel('a'), false);
  debouncer.schedule('b', 10, () => runs.push('b'));
  debouncer.schedule('c', 10, () => runs.push('c'));
  debouncer.flush();
  assert.deepEqual(runs, ['b', 'c']);
  debouncer.schedule('d', 10, () => runs.push('d'));
  debouncer.dispose();
  timers.advance(100);
  assert.deepEqual(runs, ['b', 'c']);
  assert.equal(timers.size, 0);
});

test('the real timers run tasks', async () => {
  const debouncer = new Debouncer<string>();
  const order: string[] = [];
  await new Promise<void>((resolve) => {
    debouncer.schedule('x', 5, () => {
      order.push('x');
      resolve();
    });
    debouncer.schedule('y', 0, () => order.push('y'));
  });
  assert.deepEqual(order, ['y', 'x']);
});
