// Bundles each entry point into one file under dist/: the CLI, the language server and the VS Code
// client. Node 20 is the target everywhere (CI, the CLI and VS Code's extension host).
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // jsonc-parser's default (UMD) entry loads its modules dynamically, which a bundle cannot follow:
  // prefer the ES module builds that packages publish.
  mainFields: ['module', 'main'],
};

/** Resolves `@cdktf/hcl2json` in the server bundle to the separate bundle written to dist/hcl2json/. */
const hcl2jsonBeside = {
  name: 'hcl2json-beside',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@cdktf\/hcl2json$/ }, () => ({ path: './hcl2json/lib/index.js', external: true }));
  },
};

mkdirSync('dist/hcl2json', { recursive: true });
cpSync('node_modules/@cdktf/hcl2json/main.wasm.gz', 'dist/hcl2json/main.wasm.gz');

await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // @cdktf/hcl2json reads its WebAssembly next to itself, so it gets a bundle of its own in dist/hcl2json/
  // (with main.wasm.gz beside it) that the server loads at run time: the packaged extension carries it.
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [hcl2jsonBeside] }),
  // Its Go runtime shim only requires `performance` when the global is missing (never on Node 20).
  build({ ...common, entryPoints: ['node_modules/@cdktf/hcl2json/lib/index.js'], outfile: 'dist/hcl2json/lib/index.js', external: ['performance'] }),
  // `vscode` is provided by the extension host at run time.
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
]);
