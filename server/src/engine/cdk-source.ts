// Maps a CDK construct path (`ClinicalStack/PatientsDb/Resource`) back to the line of the CDK app that
// creates it (`new rds.DatabaseInstance(this, 'PatientsDb', ...)`), when exactly one line does.

import { LineIndex } from '../parse/hcl/positions';
import type { Range } from '../parse/range';

/** A source file of the CDK app (TypeScript, JavaScript or Python). */
export interface AppSource {
  path: string;
  text: string;
}

/** Where a construct is created. */
export interface ConstructLocation {
  path: string;
  range: Range;
}

/** Extensions of the CDK app sources we search. */
export const CDK_SOURCE_EXTENSIONS = ['.ts', '.js', '.mjs', '.py'];

/** The construct id a finding should be traced to: the last path segment that is not a CDK internal child. */
export function constructId(constructPath: string): string | undefined {
  const segments = constructPath.split('/').filter((segment) => segment !== '' && segment !== 'Resource' && segment !== 'Default');
  return segments.length > 1 ? segments[segments.length - 1] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds the single `new X(this, '<id>'` (TypeScript/JavaScript) or `X(self, "<id>"` (Python) that creates
 * the construct. Returns undefined when there is none or more than one (then we cannot tell which).
 */
export function findConstructSource(sources: readonly AppSource[], constructPath: string): ConstructLocation | undefined {
  const id = constructId(constructPath);
  if (id === undefined) return undefined;
  const quoted = `(['"\`])${escapeRegExp(id)}\\1`;
  const patterns = {
    script: new RegExp(`new\\s+[\\w$.]+\\s*(?:<[^>]*>)?\\s*\\(\\s*this\\s*,\\s*${quoted}`, 'g'),
    python: new RegExp(`[\\w.]+\\s*\\(\\s*self\\s*,\\s*${quoted}`, 'g'),
  };
  let found: ConstructLocation | undefined;
  let count = 0;
  for (const source of sources) {
    if (!source.text.includes(id)) continue;
    const pattern = source.path.endsWith('.py') ? patterns.python : patterns.script;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(source.text); match; match = pattern.exec(source.text)) {
      if (++count > 1) return undefined;
      const lines = new LineIndex(source.text);
      found = { path: source.path, range: lines.rangeOf(match.index, match.index + match[0].length) };
    }
  }
  return found;
}
