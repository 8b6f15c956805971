// The text of a justified suppression and where it goes: a `hipaa-iac:ignore` comment line above the
// resource header or above the line a finding starts on (HCL, YAML), or an entry in the resource's
// `Metadata` (CloudFormation JSON) / `"//"` key (Terraform JSON), written by the JSON fix writer.

import type { Fix } from '../../../rules/fix';
import type { Resource } from '../model/resource';
import { buildEdits, type TextEdit } from '../fixes/index';

/** What the user typed for the exception. */
export interface SuppressionDetails {
  reason: string;
  owner?: string;
  /** YYYY-MM-DD. */
  expires?: string;
}

/** A comment value, always quoted: `\` and `"` escaped, line breaks folded to spaces. */
export function quoteValue(value: string): string {
  const flat = value.replace(/\r\n|[\r\n]/g, ' ').trim();
  return `"${flat.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `hipaa-iac:ignore <rule> reason="..." owner="..." expires=YYYY-MM-DD` (owner and expires when given). */
export function suppressionCommentText(ruleId: string, details: SuppressionDetails): string {
  let text = `hipaa-iac:ignore ${ruleId} reason=${quoteValue(details.reason)}`;
  const owner = details.owner?.trim();
  if (owner) text += ` owner=${quoteValue(owner)}`;
  const expires = details.expires?.trim();
  if (expires) text += ` expires=${expires}`;
  return text;
}

/**
 * The edit that inserts `# <comment>` as a new line above 0-based `line`, indented like that line, with the
 * text's line ending. Offsets are filled in (the edit can be applied with applyEdits).
 */
export function commentLineEdit(text: string, line: number, comment: string): TextEdit {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) throw new RangeError(`line ${line} is past the end of the text`);
    offset = next + 1;
  }
  const indent = /^[ \t]*/.exec(text.slice(offset))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const position = { line, character: 0, offset };
  return { range: { start: position, end: position }, newText: `${indent}# ${comment}${eol}` };
}

/** The suppression entry written into JSON: id, reason, then owner and expires when given. */
export function suppressionEntry(ruleId: string, details: SuppressionDetails): Record<string, string> {
  const entry: Record<string, string> = { id: ruleId, reason: details.reason.replace(/\r\n|[\r\n]/g, ' ').trim() };
  const owner = details.owner?.trim();
  if (owner) entry.owner = owner;
  const expires = details.expires?.trim();
  if (expires) entry.expires = expires;
  return entry;
}

/**
 * A Fix that appends the suppression entry to the resource: `Metadata."hipaa-iac".ignore` in a
 * CloudFormation template, `"//"."hipaa-iac:ignore"` in Terraform JSON.
 */
export function metadataSuppressionFix(ruleId: string, details: SuppressionDetails, terraform: boolean): Fix {
  return {
    title: `Suppress ${ruleId}`,
    safe: true,
    actions: [{ kind: 'append', path: terraform ? ['//', 'hipaa-iac:ignore'] : ['Metadata', 'hipaa-iac', 'ignore'], value: suppressionEntry(ruleId, details) }],
  };
}

/** The edits that add the suppression entry to a JSON resource (throws FixError when it cannot be written). */
export function metadataSuppressionEdits(text: string, resource: Resource, ruleId: string, details: SuppressionDetails): TextEdit[] {
  return buildEdits(text, 'json', resource, metadataSuppressionFix(ruleId, details, resource.family === 'terraform'));
}
