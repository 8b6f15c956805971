// Writes every generated file: the controls catalogue, the rule index, one doc page per rule and the
// README rules table. `npm run generate` runs it; test/unit/generated.test.ts fails when any is stale.

import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { expectedGeneratedFiles, listRuleFiles, renderRuleIndex } from './generated-files';

const root = process.cwd();
// The rule index must exist before the rules can be imported to render the docs.
writeFileSync(`${root}/rules/index.ts`, renderRuleIndex(listRuleFiles(root)));
const files = expectedGeneratedFiles(root);
mkdirSync(`${root}/docs/rules`, { recursive: true });
let changed = 0;
for (const [path, text] of files) {
  const full = `${root}/${path}`;
  if (existsSync(full) && readFileSync(full, 'utf8') === text) continue;
  writeFileSync(full, text);
  changed++;
  console.log(`wrote ${path}`);
}
console.log(`${files.size} generated files, ${changed} changed`);
