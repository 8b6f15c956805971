// Benchmarks contributed by other parts (the language server: keystroke-to-diagnostics latency, a large
// template replaced), run by run.ts with the same reference measurements.

import { existsSync } from 'node:fs';
import { SERVER_PATH } from '../lsp/harness';
import { benchLspLatency, benchLspTemplate } from './lsp-latency';
import type { BenchRow } from './run';

/** What run.ts has already measured, for ratio targets. */
export interface BenchContext {
  /** @cdktf/hcl2json parse time of `large`, ms. */
  reference: number;
  large: string;
  small: string;
  /** The CDK template run.ts linted, and JSON.parse's time on it (ms). */
  template: string;
  templateJsonParseMs: number;
}

/** The keystroke-to-diagnostics p50 of the 10k-line file, as a fraction of the hcl2json parse of the same text. */
export const LARGE_LATENCY_RATIO = 0.15;
/** The keystroke-to-diagnostics p50 of the 400-line file, in ms. */
export const SMALL_LATENCY_MS = 10;

/**
 * Runs the additional benchmarks and returns their rows: the language server (dist/server.js, built by
 * `npm run bench` before this runs) over stdio with the same 10k-line and 400-line texts run.ts measured
 * hcl2json on, and with the CDK template run.ts linted. The benchmarks shut their server down, or kill it
 * when anything fails.
 */
export async function extraBenchmarks(context: BenchContext): Promise<BenchRow[]> {
  const largeName = `LSP keystroke -> diagnostics p50, ${context.large.split('\n').length} lines`;
  const smallName = `LSP keystroke -> diagnostics p50, ${context.small.split('\n').length} lines`;
  const templateName = `LSP: CDK template replaced -> diagnostics p50, ${(context.template.length / 1e6).toFixed(1)} MB`;
  const largeTarget = `<= ${LARGE_LATENCY_RATIO} x hcl2json parse`;
  const smallTarget = `<= ${SMALL_LATENCY_MS} ms`;
  if (!existsSync(SERVER_PATH)) {
    const value = `${SERVER_PATH} missing: run npm run build`;
    return [
      { name: largeName, value, target: largeTarget, ok: false },
      { name: smallName, value, target: smallTarget, ok: false },
      { name: templateName, value, target: 'reported', ok: false },
    ];
  }
  const rows: BenchRow[] = [];
  try {
    const [large, small] = await benchLspLatency({ large: context.large, small: context.small });
    const ratio = large.p50Ms / context.reference;
    rows.push(
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
    );
  } catch (error) {
    rows.push({ name: largeName, value: failure(error), target: largeTarget, ok: false }, { name: smallName, value: failure(error), target: smallTarget, ok: false });
  }
  // The wait in the editor after the CDK template changes (the whole text replaced, as a new synth does):
  // the lint run.ts measured plus what the protocol adds (10 MB sent to the server, thousands of
  // diagnostics sent back). Reported, no target.
  try {
    const { p50Ms, diagnostics } = await benchLspTemplate(context.template);
    const ratio = p50Ms / context.templateJsonParseMs;
    rows.push({ name: templateName, value: `${p50Ms.toFixed(0)} ms = ${ratio.toFixed(1)} x JSON.parse (${diagnostics} diagnostics)`, target: 'reported', ok: true });
  } catch (error) {
    rows.push({ name: templateName, value: failure(error), target: 'reported', ok: false });
  }
  return rows;
}

function failure(error: unknown): string {
  return `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}
