// Bundles each entry point into one file under dist/: the CLI, the language server and the VS Code
// client. Node 20 is the target everywhere (CI, the CLI and VS Code's extension host).
import { build } from 'esbuild';

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

await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // `vscode` is provided by the extension host at run time.
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
]);
