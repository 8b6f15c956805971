// Benchmarks contributed by other parts (the language server's keystroke-to-diagnostics latency), run
// by run.ts with the same reference measurement.

import { existsSync } from 'node:fs';
import { SERVER_PATH } from '../lsp/harness';
import { benchLspLatency } from './lsp-latency';
import type { BenchRow } from './run';

/** What run.ts has already measured, for ratio targets. */
export interface BenchContext {
  /** @cdktf/hcl2json parse time of `large`, ms. */
  reference: number;
  large: string;
  small: string;
}

/** The keystroke-to-diagnostics p50 of the 10k-line file, as a fraction of the hcl2json parse of the same text. */
export const LARGE_LATENCY_RATIO = 0.15;
/** The keystroke-to-diagnostics p50 of the 400-line file, in ms. */
export const SMALL_LATENCY_MS = 10;

/**
 * Runs the additional benchmarks and returns their rows: the language server (dist/server.js, built by
 * `npm run bench` before this runs) over stdio with the same 10k-line and 400-line texts run.ts measured
 * hcl2json on. benchLspLatency shuts the server down, or kills it when anything fails.
 */
export async function extraBenchmarks(context: BenchContext): Promise<BenchRow[]> {
  const largeName = `LSP keystroke -> diagnostics p50, ${context.large.split('\n').length} lines`;
  const smallName = `LSP keystroke -> diagnostics p50, ${context.small.split('\n').length} lines`;
  const largeTarget = `<= ${LARGE_LATENCY_RATIO} x hcl2json parse`;
  const smallTarget = `<= ${SMALL_LATENCY_MS} ms`;
  if (!existsSync(SERVER_PATH)) {
    const value = `${SERVER_PATH} missing: run npm run build`;
    return [
      { name: largeName, value, target: largeTarget, ok: false },
      { name: smallName, value, target: smallTarget, ok: false },
    ];
  }
  let large: { p50Ms: number; p95Ms: number };
  let small: { p50Ms: number; p95Ms: number };
  try {
    [large, small] = await benchLspLatency({ large: context.large, small: context.small });
  } catch (error) {
    const value = `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    return [
      { name: largeName, value, target: largeTarget, ok: false },
      { name: smallName, value, target: smallTarget, ok: false },
    ];
  }
  const ratio = large.p50Ms / context.reference;
  return [
    {
      name: largeName,
      value: `${large.p50Ms.toFixed(2)} ms = ${ratio.toFixed(3)} x hcl2json (p95 ${large.p95Ms.toFixed(1)} ms)`,
      target: largeTarget,
      ok: ratio <= LARGE_LATENCY_RATIO,
    },
    {
      name: smallName,
      value: `${small.p50Ms.toFixed(2)} ms (p95 ${small.p95Ms.toFixed(1)} ms)`,
      target: smallTarget,
      ok: small.p50Ms <= SMALL_LATENCY_MS,
    },
  ];
}
