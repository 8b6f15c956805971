// Whether an HCL text parses under HashiCorp's parser (@cdktf/hcl2json, Go compiled to WebAssembly): a quick
// fix on a Terraform file is only applied when its result does. The module (and its WebAssembly) is loaded
// once, on first use, and kept. It is not bundled (it reads its .wasm next to itself): when it cannot be
// loaded (a packaged extension without node_modules), our own parser decides instead.

import { parseHcl } from '../parse/hcl/parser';

type HclParse = (filename: string, contents: string) => Promise<unknown>;

let loading: Promise<HclParse | undefined> | undefined;

/** Loads @cdktf/hcl2json once; undefined when it is not available. */
export function loadHashiCorpParser(log?: (message: string) => void): Promise<HclParse | undefined> {
  loading ??= import('@cdktf/hcl2json').then(
    (module) => module.parse as HclParse,
    (error: unknown) => {
      log?.(`@cdktf/hcl2json is not available (${error instanceof Error ? error.message : String(error)}); HCL fixes are checked with the built-in parser`);
      return undefined;
    },
  );
  return loading;
}

/** True when `text` parses under HashiCorp's parser (or, without it, under ours without errors). */
export async function hclParses(text: string, filename = 'main.tf', log?: (message: string) => void): Promise<boolean> {
  const parse = await loadHashiCorpParser(log);
  if (!parse) return parseHcl(text).errors.length === 0;
  try {
    await parse(filename, text);
    return true;
  } catch {
    return false;
  }
}
