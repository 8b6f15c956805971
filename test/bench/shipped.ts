// Loads the parser, engine and rules as shipped: one esbuild bundle with the options esbuild.mjs uses for
// dist/cli.js and dist/server.js. Why not the sources through tsx: tsx compiles with `keepNames`, which
// wraps every function and closure created at run time in a `__name` call that the shipped bundles do
// not have, and distorts the hot loops the bench measures.

import { build } from 'esbuild';
import { join } from 'node:path';

/** What the bench bundle exports. */
export type Shipped = typeof import('./shipped-entry');

/** Bundles test/bench/shipped-entry.ts into out/bench/ and loads it. */
export async function loadShipped(): Promise<Shipped> {
  const outfile = join(__dirname, '..', '..', 'out', 'bench', 'shipped.js');
  // Keep in step with `common` in esbuild.mjs (not minified, as `npm run build` leaves dist/).
  await build({
    entryPoints: [join(__dirname, 'shipped-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    minify: false,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    // As for dist/server.js: @cdktf/hcl2json loads its WebAssembly from its own directory.
    external: ['@cdktf/hcl2json'],
  });
  return require(outfile) as Shipped;
}
