// `npm run bench`: our parser and full lint against @cdktf/hcl2json's parse of the same text, measured
// in the same run (these machines are noisy, so targets are ratios), plus absolute budgets where the
// issue sets them. Exits 1 when a target is missed. Our code is measured as shipped (bundled, see shipped.ts).

import { parse as hcl2jsonParse } from '@cdktf/hcl2json';
import { performance } from 'node:perf_hooks';
import { generateModule } from './generate';
import { extraBenchmarks } from './extra';
import { loadShipped, type Shipped } from './shipped';

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `fn` in ms over `runs` runs after `warmup` runs. */
async function time(fn: () => unknown, runs: number, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** One line of the result table. */
export interface BenchRow {
  name: string;
  value: string;
  target: string;
  ok: boolean;
}

/** Lints `text` as the only file of a fresh project; returns the number of findings. */
function lintOnce({ Project }: Shipped, index: ReturnType<Shipped['indexRules']>, text: string): number {
  const project = new Project(index);
  const unit = project.setFile('bench/main.tf', text)!;
  return project.lintUnit(unit).findings.length;
}

async function main(): Promise<void> {
  const shipped = await loadShipped();
  const { parseHcl, ALL_RULES } = shipped;
  const index = shipped.indexRules(ALL_RULES);
  const lint = (text: string) => lintOnce(shipped, index, text);
  const rows: BenchRow[] = [];
  const large = generateModule(10_000);
  const small = generateModule(400);
  const largeLines = large.split('\n').length;

  const reference = await time(() => hcl2jsonParse('main.tf', large), 7, 2);
  const ours = await time(() => parseHcl(large), 15);
  const full = await time(() => lint(large), 15);
  const smallFull = await time(() => lint(small), 200, 20);
  const findings = lint(large);

  rows.push({ name: `reference: @cdktf/hcl2json parse, ${largeLines} lines`, value: `${reference.toFixed(1)} ms`, target: '-', ok: true });
  rows.push({
    name: `our parse, ${largeLines} lines`,
    value: `${ours.toFixed(2)} ms = ${(reference / ours).toFixed(1)}x faster`,
    target: '>= 20x faster than hcl2json',
    ok: reference / ours >= 20,
  });
  rows.push({
    name: `parse + model + ${ALL_RULES.length} rules, ${largeLines} lines (${findings} findings)`,
    value: `${full.toFixed(2)} ms = ${(full / reference).toFixed(3)} x hcl2json`,
    target: '<= 0.1 x hcl2json parse',
    ok: full / reference <= 0.1,
  });
  rows.push({
    name: `parse + model + rules, ${small.split('\n').length} lines`,
    value: `${smallFull.toFixed(3)} ms`,
    target: '<= 2 ms',
    ok: smallFull <= 2,
  });
  rows.push(...(await extraBenchmarks({ reference, large, small })));

  const width = Math.max(...rows.map((row) => row.name.length));
  for (const row of rows) console.log(`${row.ok ? 'ok  ' : 'MISS'}  ${row.name.padEnd(width)}  ${row.value.padEnd(32)}  ${row.target}`);
  const missed = rows.filter((row) => !row.ok).length;
  console.log(missed === 0 ? 'all benchmark targets met' : `${missed} benchmark target(s) missed`);
  process.exitCode = missed === 0 ? 0 : 1;
}

void main();
