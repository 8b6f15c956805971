// FixValue helpers shared by the writers: recognising the kinds of values, and building the value to
// write when the parents on a path do not exist yet.

import { isFixBlock, isFixExpression, type FixBlock, type FixValue } from '../../../rules/fix';
import type { ValuePath } from '../model/value';
import { FixError } from './text';

export { isFixBlock, isFixExpression };

/** A plain object value (a map, a CloudFormation property object or intrinsic), not an expression or block. */
export function isPlainObject(value: FixValue | undefined): value is { [key: string]: FixValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isFixExpression(value) && !isFixBlock(value);
}

/** A nested block, or several blocks of one type (a non-empty list of FixBlocks). */
export function isBlockValue(value: FixValue): value is FixBlock | FixBlock[] {
  return isFixBlock(value) || (Array.isArray(value) && value.length > 0 && value.every((item) => isFixBlock(item)));
}

/** Reads `value` as a block: a FixBlock as is, a plain object as the block's body. */
export function asBlock(value: FixValue, where: string): FixBlock {
  if (isFixBlock(value)) return value;
  if (isPlainObject(value)) return { $block: value };
  throw new FixError(`${where} is a nested block: only a block (or an object of its arguments) can be written there`);
}

/** Describes a path for messages: `rule[0].apply_server_side_encryption_by_default`. */
export function pathText(path: ValuePath): string {
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('') || '(resource)';
}

/**
 * The value to write at a missing key when more of the path follows, for data formats (YAML, JSON,
 * HCL object constructors): string steps become objects, index 0 a one-item list.
 */
export function wrapData(rest: ValuePath, value: FixValue, full: ValuePath): FixValue {
  if (rest.length === 0) return value;
  const [step, ...more] = rest;
  if (typeof step === 'number') {
    if (step !== 0) throw new FixError(`cannot create item ${step} of the missing list at ${pathText(full)}`);
    return [wrapData(more, value, full)];
  }
  return { [step]: wrapData(more, value, full) };
}

/** Converts a value to plain JSON for CloudFormation: expressions do not exist there; blocks are objects. */
export function toCloudFormation(value: FixValue): unknown {
  if (isFixExpression(value)) throw new FixError(`a Terraform expression (${value.$expression}) cannot be written in a CloudFormation template`);
  if (isFixBlock(value)) return toCloudFormation(value.$block);
  if (Array.isArray(value)) return value.map(toCloudFormation);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCloudFormation(item)]));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new FixError(`${value} cannot be written as a number`);
  return value;
}

/** Converts a value to Terraform JSON syntax: expressions become `"${...}"` strings, blocks objects. */
export function toTerraformJson(value: FixValue): unknown {
  if (isFixExpression(value)) return '${' + value.$expression + '}';
  if (isFixBlock(value)) return toTerraformJson(value.$block);
  if (Array.isArray(value)) return value.map(toTerraformJson);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toTerraformJson(item)]));
  if (typeof value === 'string') return value.replace(/([$%])\{/g, '$1$1{');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new FixError(`${value} cannot be written as a number`);
  return value;
}
