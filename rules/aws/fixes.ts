// Shared by the AWS rules' quick fixes: attaching a fix to the reports of a helper check, setting a
// CloudFormation property that sits under an intrinsic, and the configuration's own KMS key that a fix may
// point an encryption setting at. Fixes never invent key ARNs: they reference a key the user wrote.

import type { Configuration, Fix, Resource, RuleContext, Value } from '../api';
import type { FixAction, FixValue } from '../fix';
import { presence } from '../helpers';
import { perConfiguration } from '../../server/src/model/memo';
import { asBool, asString, getPath, type ValuePath } from '../../server/src/model/value';

/**
 * A context whose reports carry `fix`, for the checks that report through a helper (expectBoolean...).
 * A function is called only when there is something to report: passing resources cost nothing.
 */
export function reportingFix(context: RuleContext, fix: Fix | undefined | (() => Fix | undefined)): RuleContext {
  return { ...context, report: (message, path) => context.report(message, path, typeof fix === 'function' ? fix() : fix) };
}

/** True when `value` holds nothing but the chain of keys `rest`: replacing it loses no other setting. */
function holdsOnly(value: Value, rest: ValuePath): boolean {
  if (value.kind === 'null' || rest.length === 0) return true;
  if (value.kind !== 'object') return false;
  for (const [key, field] of value.fields) if (key !== rest[0] || !holdsOnly(field.value, rest.slice(1))) return false;
  return true;
}

/**
 * Sets the value at `path`. In CloudFormation, a property on the way may be an intrinsic (an Fn::If whose
 * every branch fails the check): the builders cannot write inside it, so the intrinsic is replaced by the
 * object that holds the value, when its branches hold nothing else that the replacement would drop
 * (undefined otherwise: offer no fix). Terraform paths are set as they are.
 */
export function setAction(resource: Resource, path: ValuePath, value: FixValue): FixAction | undefined {
  if (resource.family === 'cloudformation') {
    for (let depth = 1; depth < path.length; depth++) {
      const container = getPath(resource.body, path.slice(0, depth));
      if (container?.kind !== 'unknown') continue;
      const rest = path.slice(depth);
      if (!container.alternatives?.every((alternative) => holdsOnly(alternative, rest))) return undefined;
      let nested = value;
      for (let index = path.length - 1; index >= depth; index--) nested = { [String(path[index])]: nested };
      return { kind: 'set', path: path.slice(0, depth), value: nested };
    }
  }
  return { kind: 'set', path, value };
}

/** The fix with these actions, or undefined when one of them cannot be written (see setAction). */
export function fixWith(fix: Omit<Fix, 'actions'>, actions: (FixAction | undefined)[]): Fix | undefined {
  return actions.every((action): action is FixAction => action !== undefined) ? { ...fix, actions } : undefined;
}

/** Where each source family keeps what makes a key usable for encrypting service data. */
const SETTINGS = {
  terraform: { type: 'aws_kms_key', usage: ['key_usage'], spec: ['customer_master_key_spec'], enabled: ['is_enabled'] },
  cloudformation: { type: 'AWS::KMS::Key', usage: ['Properties', 'KeyUsage'], spec: ['Properties', 'KeySpec'], enabled: ['Properties', 'Enabled'] },
} as const;

/** True when an optional setting is absent or known to equal `expected`. */
function absentOr(key: Resource, path: ValuePath, expected: string | boolean): boolean {
  const value = getPath(key.body, path);
  if (value === undefined) return true;
  return (typeof expected === 'boolean' ? asBool(value) : asString(value)) === expected;
}

/**
 * Whether a key can encrypt service data: services take only enabled symmetric encryption keys. A key
 * that may not exist (count, for_each or a Condition), or exists as several instances (count, for_each),
 * cannot be referenced by a plain address.
 */
export function usableKey(key: Resource): boolean {
  const settings = SETTINGS[key.family];
  return (
    key.certain &&
    !key.repeated &&
    absentOr(key, settings.usage, 'ENCRYPT_DECRYPT') &&
    absentOr(key, settings.spec, 'SYMMETRIC_DEFAULT') &&
    absentOr(key, settings.enabled, true)
  );
}

/** The usable keys of a configuration (memoised: every finding of every rule with a key fix asks). */
const usableKeys = perConfiguration((config) => config.ofType(SETTINGS[config.family].type).filter(usableKey));

/**
 * The configuration's KMS key a fix should use: its only usable key, or else the only one whose name
 * contains one of `hints` (`["logs", "log"]`). Undefined when there is none or the choice is not clear.
 */
export function moduleKey(config: Configuration, hints: readonly string[]): Resource | undefined {
  const keys = usableKeys(config);
  if (keys.length === 1) return keys[0];
  const named = keys.filter((key) => hints.some((hint) => key.name.toLowerCase().includes(hint)));
  return named.length === 1 ? named[0] : undefined;
}

/** The key's ARN as a fix writes it: `aws_kms_key.<name>.arn`, or `!GetAtt <id>.Arn`. */
export function keyArn(key: Resource): FixValue {
  return key.family === 'terraform' ? { $expression: `${key.address}.arn` } : { 'Fn::GetAtt': [key.name, 'Arn'] };
}

/**
 * The action that points the setting at `path` to the configuration's KMS key (see moduleKey), with
 * that key; undefined when the resource names a key already (it is kept) or there is no clear key.
 */
export function useModuleKey(
  resource: Resource,
  config: Configuration,
  path: ValuePath,
  hints: readonly string[],
): { key: Resource; action: FixAction } | undefined {
  if (presence(getPath(resource.body, path)) !== 'no') return undefined;
  const key = moduleKey(config, hints);
  return key && { key, action: { kind: 'set', path, value: keyArn(key) } };
}
