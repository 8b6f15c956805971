// The JSON writer (CloudFormation templates, CDK synth output, Terraform JSON): edits the text in place
// with the file's indentation step and line ending, commas where JSON needs them and never a trailing one.
// Small intrinsic objects and scalar lists are written inline when the file writes them that way.

import { isDeepStrictEqual } from 'node:util';
import type { Fix, FixAction, FixValue } from '../../../rules/fix';
import type { Resource } from '../model/resource';
import type { ValuePath } from '../model/value';
import { parseJson } from '../parse/cfn/json';
import { mapEntry, type DataNode, type MapEntry, type MapNode, type SeqNode } from '../parse/tree';
import { applySplices, eolOf, FixError, indentAt, indentUnitOf, type FixContext, type Splice } from './text';
import { pathText, toCloudFormation, toTerraformJson, wrapData } from './values';

/** A node as plain JSON (the last of duplicate keys wins, as CloudFormation reads them). */
function plainOf(node: DataNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plainOf);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) out[entry.key] = plainOf(entry.value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

type Target =
  | { kind: 'entry'; entry: MapEntry; map: MapNode; holder?: MapEntry }
  | { kind: 'element'; seq: SeqNode; index: number; holder?: MapEntry }
  /** The key holds null; `rest` is the path below it. */
  | { kind: 'empty'; entry: MapEntry; rest: ValuePath }
  | { kind: 'missing'; container: MapNode | SeqNode; key: string | number; rest: ValuePath };

class JsonEdit {
  private readonly text: string;
  private readonly eol: string;
  private readonly unit: string;
  private readonly root: DataNode;
  /** Whether the file writes small intrinsics and scalar lists on one line (`{ "Ref": "X" }`, `["a", "b"]`). */
  private readonly compact: boolean;
  private readonly terraform: boolean;

  constructor(text: string, terraform: boolean) {
    this.text = text;
    this.terraform = terraform;
    this.eol = eolOf(text);
    this.unit = indentUnitOf(text);
    const parsed = parseJson(text);
    const error = parsed.errors.find((item) => item.severity === 'error');
    if (error || !parsed.root) throw new FixError(`the JSON does not parse: ${error?.message ?? 'empty document'}`);
    this.root = parsed.root;
    this.compact = /\{ "[^"\r\n]*": [^\r\n{}]*\}|\[(?:"[^"\r\n]*"|[-\d.]+)(?:, (?:"[^"\r\n]*"|[-\d.]+))+\]/.test(text);
  }

  private convert(value: FixValue): unknown {
    return this.terraform ? toTerraformJson(value) : toCloudFormation(value);
  }

  // ---- rendering ------------------------------------------------------------------------------------

  private inline(value: unknown): string {
    if (isScalar(value)) return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map((item) => this.inline(item)).join(', ')}]`;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${this.inline(item)}`).join(', ')} }`;
  }

  /** Whether the file's style writes this value on one line. */
  private fitsInline(value: unknown, indent: string): boolean {
    if (!this.compact) return false;
    const flat = (item: unknown) => isScalar(item) || (Array.isArray(item) && item.every(isScalar));
    // Lists of scalars, and intrinsic functions over scalars (`{ "Ref": "X" }`, `{ "Fn::GetAtt": ["A", "B"] }`).
    const intrinsic = (key: string) => key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
    const small = Array.isArray(value)
      ? value.every(isScalar)
      : isObject(value) && Object.keys(value).length === 1 && intrinsic(Object.keys(value)[0]) && Object.values(value).every(flat);
    return small && indent.length + this.inline(value).length <= 100;
  }

  /** A value in the file's style; `indent` is the indentation of the line it starts on. */
  private render(value: unknown, indent: string): string {
    if (isScalar(value)) return JSON.stringify(value);
    const items = Array.isArray(value) ? value : Object.entries(value as Record<string, unknown>);
    if (items.length === 0) return Array.isArray(value) ? '[]' : '{}';
    if (this.fitsInline(value, indent)) return this.inline(value);
    const inner = indent + this.unit;
    if (Array.isArray(value)) return `[${this.eol}${value.map((item) => inner + this.render(item, inner)).join(',' + this.eol)}${this.eol}${indent}]`;
    const lines = (items as [string, unknown][]).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${this.render(item, inner)}`);
    return `{${this.eol}${lines.join(',' + this.eol)}${this.eol}${indent}}`;
  }

  // ---- locating -------------------------------------------------------------------------------------

  private resourceEntry(resource: Resource): MapEntry {
    let entry: MapEntry | undefined;
    if (this.terraform) {
      const byType = (container: DataNode | undefined) => mapEntry(mapEntry(container, resource.type)?.value, resource.name);
      const section = mapEntry(this.root, resource.mode)?.value;
      // Terraform JSON allows `"resource": [{ "type": { "name": {...} } }, ...]` too.
      entry = section?.kind === 'seq' ? section.items.map(byType).find((found) => found !== undefined) : byType(section);
    } else {
      entry = mapEntry(mapEntry(this.root, 'Resources')?.value, resource.name);
    }
    if (!entry) throw new FixError(`${resource.address} is not in this file`);
    if (entry.value.kind !== 'map') throw new FixError(`${resource.address} is not an object`);
    return entry;
  }

  private locate(node: MapNode | SeqNode, path: ValuePath, full: ValuePath, holder?: MapEntry): Target {
    const [step, ...rest] = path;
    if (node.kind === 'map') {
      // Terraform JSON writes a block that appears once as an object: index 0 is the object itself.
      if (step === 0 && this.terraform) {
        if (rest.length === 0) throw new FixError(`${pathText(full)}: set or remove the block by its name, not by index, when it is written once`);
        return this.locate(node, rest, full, holder);
      }
      if (typeof step !== 'string') throw new FixError(`${pathText(full)}: an object has no item ${step}`);
      const entry = mapEntry(node, step);
      if (!entry) return { kind: 'missing', container: node, key: step, rest };
      if (rest.length === 0) return { kind: 'entry', entry, map: node, holder };
      const value = entry.value;
      if (value.kind === 'map' || value.kind === 'seq') return this.locate(value, rest, full, entry);
      if (value.value === null) return { kind: 'empty', entry, rest };
      throw new FixError(`${pathText(full)}: the value on the way is a ${typeof value.value}`);
    }
    // A list of blocks in Terraform JSON: a name without an index means the first block.
    if (typeof step === 'string' && this.terraform && node.items[0]?.kind === 'map') return this.locate(node.items[0], path, full);
    if (typeof step !== 'number') throw new FixError(`${pathText(full)}: a list has no key ${step}`);
    if (step < node.items.length) {
      if (rest.length === 0) return { kind: 'element', seq: node, index: step, holder };
      const item = node.items[step];
      if (item.kind === 'map' || item.kind === 'seq') return this.locate(item, rest, full);
      throw new FixError(`${pathText(full)}: item ${step} is not an object or list`);
    }
    if (step === node.items.length) return { kind: 'missing', container: node, key: step, rest };
    throw new FixError(`${pathText(full)}: the list has only ${node.items.length} items`);
  }

  // ---- actions --------------------------------------------------------------------------------------

  splices(resource: Resource, action: FixAction, context: FixContext): Splice[] {
    if (action.kind === 'add-resource') return this.addResource(resource, action.type, action.name, action.body, context);
    if (action.kind === 'add-variable') return this.addVariable(action.name, action.type, action.description, action.default, context);
    if (action.path.length === 0) throw new FixError(`${action.kind} needs a path into the resource`);
    const entry = this.resourceEntry(resource);
    const target = this.locate(entry.value as MapNode, action.path, action.path, entry);
    const value = action.kind === 'remove' ? undefined : this.convert(action.value);
    if (action.kind === 'set') return this.set(target, value, action.path);
    if (action.kind === 'append') return this.append(target, value, action.path);
    return this.remove(target);
  }

  private set(target: Target, value: unknown, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'entry':
        return this.replace(target.entry.value, value, indentAt(this.text, target.entry.range.start.offset));
      case 'element':
        return this.replace(target.seq.items[target.index], value, indentAt(this.text, target.seq.items[target.index].range.start.offset));
      case 'empty':
        return this.replace(target.entry.value, wrapData(target.rest, value as FixValue, full), indentAt(this.text, target.entry.range.start.offset));
      case 'missing':
        return [this.insertMissing(target, wrapData(target.rest, value as FixValue, full))];
    }
  }

  private insertMissing(target: Target & { kind: 'missing' }, value: unknown): Splice {
    if (target.container.kind === 'seq') return this.appendItem(target.container, value);
    if (typeof target.key === 'number') throw new FixError(`cannot add item ${target.key} to a block written as an object`);
    return this.insertEntry(target.container, target.key, value);
  }

  private replace(node: DataNode, value: unknown, indent: string): Splice[] {
    if (isDeepStrictEqual(plainOf(node), value)) return [];
    const inline = node.range.start.line === node.range.end.line && !isScalar(value) && this.fitsInline(value, indent);
    return [{ start: node.range.start.offset, end: node.range.end.offset, text: inline ? this.inline(value) : this.render(value, indent) }];
  }

  /** Inserts `"key": value` into an object, after `after` (default: the last entry). */
  private insertEntry(map: MapNode, key: string, value: unknown, after?: MapEntry): Splice {
    const open = map.range.start.offset;
    const close = map.range.end.offset - 1;
    const anchor = after ?? map.entries[map.entries.length - 1];
    if (!anchor) {
      const indent = indentAt(this.text, open);
      const inner = indent + this.unit;
      return { start: open, end: close + 1, text: `{${this.eol}${inner}${JSON.stringify(key)}: ${this.render(value, inner)}${this.eol}${indent}}` };
    }
    const at = anchor.range.end.offset;
    if (map.range.start.line === map.range.end.line) return { start: at, end: at, text: `, ${JSON.stringify(key)}: ${this.inline(value)}` };
    const indent = indentAt(this.text, anchor.range.start.offset);
    return { start: at, end: at, text: `,${this.eol}${indent}${JSON.stringify(key)}: ${this.render(value, indent)}` };
  }

  private appendItem(seq: SeqNode, value: unknown): Splice {
    const open = seq.range.start.offset;
    const close = seq.range.end.offset - 1;
    const last = seq.items[seq.items.length - 1];
    if (!last) {
      const indent = indentAt(this.text, open);
      if (this.fitsInline([value], indent)) return { start: open, end: close + 1, text: this.inline([value]) };
      const inner = indent + this.unit;
      return { start: open, end: close + 1, text: `[${this.eol}${inner}${this.render(value, inner)}${this.eol}${indent}]` };
    }
    const at = last.range.end.offset;
    if (seq.range.start.line === seq.range.end.line) return { start: at, end: at, text: `, ${this.inline(value)}` };
    const indent = indentAt(this.text, last.range.start.offset);
    return { start: at, end: at, text: `,${this.eol}${indent}${this.render(value, indent)}` };
  }

  private append(target: Target, value: unknown, full: ValuePath): Splice[] {
    switch (target.kind) {
      case 'entry': {
        const list = target.entry.value;
        if (list.kind === 'seq') return list.items.some((item) => isDeepStrictEqual(plainOf(item), value)) ? [] : [this.appendItem(list, value)];
        if (list.kind === 'scalar' && list.value === null) return this.replace(list, [value], indentAt(this.text, target.entry.range.start.offset));
        throw new FixError(`${pathText(full)} is not a list`);
      }
      case 'element':
        throw new FixError(`${pathText(full)} is a list item, not a list`);
      case 'empty':
        return this.replace(target.entry.value, wrapData(target.rest, [value as FixValue], full), indentAt(this.text, target.entry.range.start.offset));
      case 'missing':
        return [this.insertMissing(target, wrapData(target.rest, [value as FixValue], full))];
    }
  }

  /** Removes an entry or item with the comma that separates it from a neighbour. */
  private removeFrom(ranges: { start: number; end: number }[], index: number, container: DataNode): Splice {
    if (index > 0) return { start: ranges[index - 1].end, end: ranges[index].end, text: '' };
    if (index + 1 < ranges.length) return { start: ranges[index].start, end: ranges[index + 1].start, text: '' };
    return { start: container.range.start.offset + 1, end: container.range.end.offset - 1, text: '' };
  }

  private remove(target: Target): Splice[] {
    const span = (range: { start: { offset: number }; end: { offset: number } }) => ({ start: range.start.offset, end: range.end.offset });
    if (target.kind === 'entry') return [this.removeFrom(target.map.entries.map((entry) => span(entry.range)), target.map.entries.indexOf(target.entry), target.map)];
    if (target.kind === 'element') return [this.removeFrom(target.seq.items.map((item) => span(item.range)), target.index, target.seq)];
    return [];
  }

  // ---- resources and variables ----------------------------------------------------------------------

  private addResource(resource: Resource, type: string, name: string, body: { [key: string]: FixValue }, context: FixContext): Splice[] {
    const fixed = this.resourceEntry(resource);
    if (!this.terraform) {
      const resources = mapEntry(this.root, 'Resources')!.value as MapNode;
      if (mapEntry(resources, name)) return [];
      const plain = toCloudFormation(body) as Record<string, unknown>;
      return [this.insertEntry(resources, name, 'Type' in plain ? plain : { Type: type, ...plain }, fixed)];
    }
    if (context.moduleResources?.has(`${type}.${name}`)) return [];
    const section = mapEntry(this.root, 'resource')?.value;
    if (section?.kind !== 'map') throw new FixError('add-resource needs the object form of "resource" in Terraform JSON');
    const written = toTerraformJson(body);
    const byType = mapEntry(section, type);
    if (byType) {
      if (byType.value.kind !== 'map') throw new FixError(`"resource"."${type}" is not an object`);
      if (mapEntry(byType.value, name)) return [];
      return [this.insertEntry(byType.value, name, written, type === resource.type ? fixed : undefined)];
    }
    return [this.insertEntry(section, type, { [name]: written }, mapEntry(section, resource.type))];
  }

  private addVariable(name: string, type: string, description: string, fallback: FixValue | undefined, context: FixContext): Splice[] {
    if (!this.terraform) throw new FixError('add-variable declares a Terraform variable; CloudFormation has Parameters');
    if (context.moduleVariables?.has(name)) return [];
    const declaration: Record<string, unknown> = { type, description };
    if (fallback !== undefined) declaration.default = toTerraformJson(fallback);
    const variables = mapEntry(this.root, 'variable')?.value;
    if (variables?.kind === 'map') return mapEntry(variables, name) ? [] : [this.insertEntry(variables, name, declaration)];
    if (this.root.kind !== 'map') throw new FixError('the Terraform JSON file is not an object');
    return [this.insertEntry(this.root, 'variable', { [name]: declaration })];
  }
}

/** Applies a fix's actions, in order, to a JSON text (CloudFormation or Terraform JSON); returns the new text. */
export function writeJson(text: string, resource: Resource, fix: Fix, context: FixContext): string {
  let current = text;
  for (const action of fix.actions) {
    const splices = new JsonEdit(current, resource.family === 'terraform').splices(resource, action, context);
    if (splices.length > 0) current = applySplices(current, splices);
  }
  return current;
}
