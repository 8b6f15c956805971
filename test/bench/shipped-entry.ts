// Entry point of the bench bundle: what run.ts measures, bundled the way esbuild.mjs bundles the CLI and
// the language server (see shipped.ts).

export { parseHcl } from '../../server/src/parse/hcl/parser';
export { Project } from '../../server/src/engine/project';
export { indexRules } from '../../server/src/engine/runner';
export { ALL_RULES } from '../../rules/index';
