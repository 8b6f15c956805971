// Suppressions written as data rather than comments: a CloudFormation resource's
// `Metadata: {"hipaa-iac": {"ignore": [{id, reason, owner, expires}]}}` (JSON and YAML templates, CDK
// output), Checkov's `Metadata: {checkov: {skip: [{id, comment}]}}`, and in Terraform JSON a resource's
// `"//": {"hipaa-iac:ignore": [{id, reason, owner, expires}]}` (read from the JSON tree: the model drops `//`).

import type { Range } from '../parse/range';
import { mapGet, type DataNode } from '../parse/tree';
import type { Resource } from '../model/resource';
import { asString, type ObjectValue, type Value } from '../model/value';
import { positionAtOffset, positionOf } from './suppress-comments';
import type { RawDirective } from './suppress';

/** The key under a CloudFormation resource's Metadata, and under a Terraform JSON resource's `//`. */
export const METADATA_KEY = 'hipaa-iac';
export const TERRAFORM_JSON_KEY = 'hipaa-iac:ignore';

/** Where a data suppression sits, to delete one entry of its list cleanly. */
interface ListContext {
  text: string;
  lineStarts: number[];
  json: boolean;
}

/**
 * What deleting item `index` of a list removes. JSON and YAML flow lists: the item and one separating comma;
 * a YAML block sequence: the item's whole lines, from its `-`.
 */
export function listItemRemoval(items: readonly Range[], index: number, context: ListContext): Range {
  const item = items[index];
  const lineStart = context.lineStarts[item.start.line];
  if (!context.json && /^\s*-\s*$/.test(context.text.slice(lineStart, item.start.offset))) {
    const end =
      item.end.character === 0 || item.end.line + 1 >= context.lineStarts.length
        ? item.end.character === 0
          ? item.end
          : positionAtOffset(context.lineStarts, context.text.length)
        : positionOf(context.lineStarts, item.end.line + 1, 0);
    return { start: positionOf(context.lineStarts, item.start.line, 0), end };
  }
  if (index + 1 < items.length) return { start: item.start, end: items[index + 1].start };
  if (index > 0) return { start: items[index - 1].end, end: item.end };
  return { start: item.start, end: item.end };
}

function field(value: Value | undefined, key: string): Value | undefined {
  return value?.kind === 'object' ? value.fields.get(key)?.value : undefined;
}

/** The suppressions in a CloudFormation resource's Metadata (read from the evaluated body). */
export function cloudFormationDirectives(resource: Resource, context: ListContext): RawDirective[] {
  const metadata = field(resource.body, 'Metadata');
  if (metadata?.kind !== 'object') return [];
  const anchor = { kind: 'resource' as const, offset: resource.headerRange.start.offset };
  const directives: RawDirective[] = [];
  const own = metadata.fields.get(METADATA_KEY);
  if (own) {
    const ignore = field(own.value, 'ignore');
    const range = own.range ?? own.value.range ?? resource.headerRange;
    if (ignore?.kind !== 'list') {
      directives.push({ syntax: 'metadata', ids: [], malformed: true, range, anchor, removal: range });
    } else {
      const ranges = ignore.items.map((item) => item.range ?? range);
      ignore.items.forEach((item, index) => {
        const removal = listItemRemoval(ranges, index, context);
        directives.push(entryDirective('metadata', item, ranges[index], anchor, removal, 'reason'));
      });
    }
  }
  const checkov = field(field(metadata, 'checkov'), 'skip');
  if (checkov?.kind === 'list') {
    for (const item of checkov.items) {
      const range = item.range ?? resource.headerRange;
      directives.push(entryDirective('checkov-metadata', item, range, anchor, range, 'comment'));
    }
  }
  return directives;
}

function entryDirective(
  syntax: 'metadata' | 'checkov-metadata',
  item: Value,
  range: Range,
  anchor: RawDirective['anchor'],
  removal: Range,
  reasonKey: string,
): RawDirective {
  if (item.kind !== 'object') return { syntax, ids: [], malformed: true, range, anchor, removal };
  const object: ObjectValue = item;
  const text = (key: string) => asString(object.fields.get(key)?.value)?.trim() || undefined;
  const id = text('id');
  const idValue = object.fields.get('id')?.value;
  const known = new Set(['id', reasonKey, 'owner', 'expires']);
  const unknownKeys = [...object.fields.keys()].filter((key) => !known.has(key));
  return {
    syntax,
    ids: id ? [{ id, range: idValue?.range ?? range }] : [],
    malformed: id === undefined,
    reason: text(reasonKey),
    owner: text('owner'),
    expires: text('expires'),
    unknownKeys: unknownKeys.length > 0 ? unknownKeys : undefined,
    range,
    anchor,
    removal,
  };
}

function maps(node: DataNode | undefined): DataNode[] {
  if (node?.kind === 'map') return [node];
  if (node?.kind === 'seq') return node.items.filter((item) => item.kind === 'map');
  return [];
}

function scalarText(node: DataNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value).trim() || undefined : undefined;
}

/** The suppressions under `"//": {"hipaa-iac:ignore": [...]}` of every resource of a Terraform JSON file. */
export function terraformJsonDirectives(root: DataNode | undefined, context: ListContext): RawDirective[] {
  const directives: RawDirective[] = [];
  if (root?.kind !== 'map') return directives;
  for (const top of root.entries) {
    if (top.key !== 'resource') continue;
    for (const byType of maps(top.value)) {
      if (byType.kind !== 'map') continue;
      for (const typeEntry of byType.entries) {
        for (const byName of maps(typeEntry.value)) {
          if (byName.kind !== 'map') continue;
          for (const nameEntry of byName.entries) {
            const anchor = { kind: 'resource' as const, offset: nameEntry.keyRange.start.offset };
            for (const body of maps(nameEntry.value)) {
              const list = mapGet(mapGet(body, '//'), TERRAFORM_JSON_KEY);
              if (list === undefined) continue;
              if (list.kind !== 'seq') {
                directives.push({ syntax: 'terraform-json', ids: [], malformed: true, range: list.range, anchor, removal: list.range });
                continue;
              }
              const ranges = list.items.map((item) => item.range);
              list.items.forEach((item, index) => {
                const removal = listItemRemoval(ranges, index, context);
                if (item.kind !== 'map') {
                  directives.push({ syntax: 'terraform-json', ids: [], malformed: true, range: item.range, anchor, removal });
                  return;
                }
                const id = scalarText(mapGet(item, 'id'));
                const known = new Set(['id', 'reason', 'owner', 'expires']);
                const unknownKeys = item.entries.map((entry) => entry.key).filter((key) => !known.has(key));
                directives.push({
                  syntax: 'terraform-json',
                  ids: id ? [{ id, range: mapGet(item, 'id')!.range }] : [],
                  malformed: id === undefined,
                  reason: scalarText(mapGet(item, 'reason')),
                  owner: scalarText(mapGet(item, 'owner')),
                  expires: scalarText(mapGet(item, 'expires')),
                  unknownKeys: unknownKeys.length > 0 ? unknownKeys : undefined,
                  range: item.range,
                  anchor,
                  removal,
                });
              });
            }
          }
        }
      }
    }
  }
  return directives;
}
