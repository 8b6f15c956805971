// Benchmarks contributed by other parts (the language server's keystroke-to-diagnostics latency), run
// by run.ts with the same reference measurement.

import type { BenchRow } from './run';

/** What run.ts has already measured, for ratio targets. */
export interface BenchContext {
  /** @cdktf/hcl2json parse time of `large`, ms. */
  reference: number;
  large: string;
  small: string;
}

/** Runs the additional benchmarks and returns their rows. */
export async function extraBenchmarks(_context: BenchContext): Promise<BenchRow[]> {
  return [];
}
