// Converts our HCL syntax tree to exactly the JSON @cdktf/hcl2json's parse() returns for the same text,
// so our parser can be tested against HashiCorp's (see docs and test/unit/hcl-differential.test.ts).

import type { Block, Body, ParseResult } from './ast.js';
import { type Built, ExprConverter } from './tojson-expr.js';
import { compareCodePoints } from './tojson-source.js';

/** The hcl2json JSON for a parsed file; best effort (never throws) when the tree holds errors. */
export function hclToJson(result: ParseResult, text: string): unknown {
  return finish(convertBody(result.body, new ExprConverter(text)));
}

/** Why blocks first: hcl2json converts a body's blocks, then its attributes, so an attribute wins a name clash. */
function convertBody(body: Body, exprs: ExprConverter): Map<string, Built> {
  const out = new Map<string, Built>();
  for (const item of body.items) if (item.type === 'Block') addBlock(out, item, exprs);
  for (const item of body.items) if (item.type === 'Attribute') out.set(item.name, exprs.value(item.expr));
  return out;
}

/**
 * Nests a block under its type and labels (`resource "a" "b" {}` -> resource.a.b) and appends its body to the
 * array kept at the last key, so repeated blocks and labels merge. hcl2json rejects a file that mixes
 * labelled and unlabelled blocks of one type; here the later block simply replaces the clashing entry.
 */
function addBlock(out: Map<string, Built>, block: Block, exprs: ExprConverter): void {
  let target = out;
  let key = block.blockType;
  for (const label of block.labels) {
    const existing = target.get(key);
    if (existing instanceof Map) {
      target = existing;
    } else {
      const fresh = new Map<string, Built>();
      target.set(key, fresh);
      target = fresh;
    }
    key = label.value;
  }
  const value = convertBody(block.body, exprs);
  const existing = target.get(key);
  if (Array.isArray(existing)) existing.push(value);
  else target.set(key, [value]);
}

/** Turns Maps into plain objects with keys in Go's sorted order (hcl2json's output is Go-marshalled JSON). */
function finish(value: Built): unknown {
  if (Array.isArray(value)) return value.map(finish);
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(compareCodePoints);
    // Why fromEntries: it defines own properties, so a key such as "__proto__" stays data, as in JSON.parse.
    return Object.fromEntries(keys.map((k) => [k, finish(value.get(k) as Built)]));
  }
  return value;
}
