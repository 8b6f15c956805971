// What the client and the server say to each other to write a justified suppression: the command a
// "Suppress with justification…" code action runs in the client, the request the client then sends for the
// edit, and the validation of what the user typed (used on both sides). No runtime imports: the client
// bundle includes this file.

import type { Range, WorkspaceEdit } from 'vscode-languageserver-protocol';

/** Client command run by the "Suppress with justification…" code actions (not in the command palette). */
export const SUPPRESS_COMMAND = 'hipaaIac.suppress';

/** Custom request: the edit that writes a suppression (client -> server). */
export const SUPPRESSION_EDIT_REQUEST = 'hipaaIac/suppressionEdit';

/** Where a comment suppression goes: above the resource header, or above the line the finding starts on. */
export type SuppressionScope = 'resource' | 'line';

/** The finding to suppress, as the code action hands it to the client command. */
export interface SuppressTarget {
  uri: string;
  /** The document version the action was computed for. */
  version: number;
  ruleId: string;
  /** Terraform address or CloudFormation logical id. */
  resource: string;
  /** The finding's diagnostic range. */
  range: Range;
  scope: SuppressionScope;
}

/** Params of `hipaaIac/suppressionEdit`: the target and what the user typed. */
export interface SuppressionEditParams extends SuppressTarget {
  reason: string;
  owner?: string;
  /** YYYY-MM-DD. */
  expires?: string;
}

/** Result of `hipaaIac/suppressionEdit`: the edit, or why there is none. */
export interface SuppressionEditResult {
  edit?: WorkspaceEdit;
  error?: string;
}

/** Why a reason is not acceptable, or undefined when it is. */
export function validateReason(value: string): string | undefined {
  if (value.trim().length === 0) return 'A reason is required: it documents why the risk is accepted.';
  if (/[\r\n]/.test(value)) return 'The reason must fit on one line.';
  return undefined;
}

/** Why an owner is not acceptable (it is optional), or undefined when it is. */
export function validateOwner(value: string): string | undefined {
  return /[\r\n]/.test(value) ? 'The owner must fit on one line.' : undefined;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Why an expiry date is not acceptable, or undefined when it is: empty (no expiry) or a real YYYY-MM-DD
 * date after `today` (YYYY-MM-DD, UTC).
 */
export function validateExpiry(value: string, today: string = utcToday()): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'Use the format YYYY-MM-DD, e.g. 2027-03-31.';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return `${text} is not a date.`;
  if (text <= today) return 'The expiry date must be in the future.';
  return undefined;
}
