// Which documents VS Code sends to the language server. The server decides what to lint: YAML and JSON
// only when they are CloudFormation templates (CDK synth output included) or Terraform JSON; CDK app
// sources (TypeScript, JavaScript, Python) are never linted, only searched for the line that creates a
// construct so that a finding of the synthesised template can also show there.

/** A document filter both vscode and vscode-languageclient accept (by language, or by scheme and pattern). */
export type Filter = { language: string; scheme?: string; pattern?: string } | { scheme: string; pattern: string; language?: string };

/** The files the server lints: Terraform (tfvars under either language id extensions use), YAML, JSON. */
export const LINTED_SELECTOR: Filter[] = [
  { language: 'terraform' },
  { language: 'terraform-vars' },
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  // `.template` files keep whatever language they have (often none): matched by name, on disk only.
  { scheme: 'file', pattern: '**/*.template' },
];

/** CDK app sources: synced only to receive the findings mirrored onto them. */
export const CDK_SOURCE_SELECTOR: Filter[] = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'python' },
];

/** Everything the client syncs with the server. */
export const DOCUMENT_SELECTOR: Filter[] = [...LINTED_SELECTOR, ...CDK_SOURCE_SELECTOR];
