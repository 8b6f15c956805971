// Keystroke-to-diagnostics latency through the real protocol: spawns `node dist/server.js --stdio` with
// the debounce off, opens a generated 10k-line and a 400-line Terraform file, and times each small
// incremental edit until the publishDiagnostics of that document version arrives. Also the wait after a
// large synthesised template changes (benchLspTemplate).

import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, LspHarness } from '../lsp/harness';
import { generateModule } from './generate';

/** One measured scenario. */
export interface LatencyResult {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

/** What to measure (defaults: generated 10k-line and 400-line modules). */
export interface LatencyOptions {
  large?: string;
  small?: string;
  /** Edits per file after warm-up. */
  largeEdits?: number;
  smallEdits?: number;
  warmup?: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

// A place in the middle of the file inside a string literal, where typing keeps the file valid.
function editPoint(text: string): number {
  const middle = Math.floor(text.length / 2);
  const quote = text.indexOf('"', middle);
  if (quote < 0) throw new Error('no string literal to type into');
  return quote + 1;
}

async function measure(server: LspHarness, name: string, uri: string, text: string, edits: number, warmup: number): Promise<LatencyResult> {
  await server.open(uri, text, 1);
  await server.waitForDiagnostics(uri, (params) => params.version === 1, { timeoutMs: 60_000 });
  const offset = editPoint(text);
  const at = positionAt(text, offset);
  const samples: number[] = [];
  let version = 1;
  for (let i = 0; i < warmup + edits; i++) {
    version++;
    // Type a character, then delete it: every edit is one keystroke and the text stays valid.
    const typing = version % 2 === 0;
    const change = typing
      ? { range: { start: at, end: at }, text: 'x' }
      : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
    server.publishes.length = 0;
    const target = version;
    const started = performance.now();
    const published = server.waitForDiagnostics(uri, (params) => params.version === target, { timeoutMs: 60_000 });
    await server.change(uri, version, [change]);
    await published;
    if (i >= warmup) samples.push(performance.now() - started);
  }
  await server.close(uri);
  return { name, p50Ms: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95) };
}

/** Runs the latency benchmark (dist/server.js must be built). */
export async function benchLspLatency(options: LatencyOptions = {}): Promise<LatencyResult[]> {
  const large = options.large ?? generateModule(10_000);
  const small = options.small ?? generateModule(400);
  const root = mkdtempSync(join(tmpdir(), 'hipaa-lsp-bench-'));
  const server = await LspHarness.start({ folders: [root], initializationOptions: { debounceMs: 0 } });
  try {
    const warmup = options.warmup ?? 5;
    const results = [
      await measure(
        server,
        `LSP keystroke -> diagnostics, ${large.split('\n').length} lines`,
        fileUri(join(root, 'large', 'main.tf')),
        large,
        options.largeEdits ?? 30,
        warmup,
      ),
      await measure(
        server,
        `LSP keystroke -> diagnostics, ${small.split('\n').length} lines`,
        fileUri(join(root, 'small', 'main.tf')),
        small,
        options.smallEdits ?? 100,
        warmup,
      ),
    ];
    await server.shutdown();
    return results;
  } finally {
    // Whatever happened, no server process and no temporary folder is left behind.
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * What an editor user waits for when a synthesised template changes: opens `text` as
 * `cdk.out/<name>.template.json` of a fresh server, then replaces its whole text `changes` times (as a
 * re-synthesis does) and times each change until its diagnostics arrive. Returns the p50 of the changes.
 */
export async function benchLspTemplate(text: string, changes = 5): Promise<{ p50Ms: number; diagnostics: number }> {
  const root = mkdtempSync(join(tmpdir(), 'hipaa-lsp-bench-'));
  const server = await LspHarness.start({ folders: [root], initializationOptions: { debounceMs: 0 } });
  try {
    const uri = fileUri(join(root, 'cdk.out', 'ClinicalStack.template.json'));
    await server.open(uri, text, 1);
    let last = await server.waitForDiagnostics(uri, (params) => params.version === 1, { timeoutMs: 120_000 });
    const samples: number[] = [];
    for (let version = 2; version < 2 + changes; version++) {
      server.publishes.length = 0;
      // A different text each time (as a new synth would be), the same findings.
      const changed = text + ' '.repeat(version);
      const started = performance.now();
      const published = server.waitForDiagnostics(uri, (params) => params.version === version, { timeoutMs: 120_000 });
      await server.change(uri, version, [{ text: changed }]);
      last = await published;
      samples.push(performance.now() - started);
    }
    await server.shutdown();
    return { p50Ms: percentile(samples, 0.5), diagnostics: last.diagnostics.length };
  } finally {
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/lsp-latency.ts` prints the results on its own.
if (require.main === module) {
  benchLspLatency().then(
    (results) => {
      for (const result of results) console.log(`${result.name}: p50 ${result.p50Ms.toFixed(2)} ms, p95 ${result.p95Ms.toFixed(2)} ms`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
