// Runs the extension-host suite in a real VS Code (`npm run test:vscode`). @vscode/test-electron
// downloads VS Code unless VSCODE_EXECUTABLE points to an installed one (this machine is offline, so
// the suite is not part of `npm test`). The workspace is a temporary copy of a small module.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

/** The module the suite opens: one finding in main.tf (storage_encrypted = false). */
export const WORKSPACE_FILES: Record<string, string> = {
  'main.tf': 'resource "aws_db_instance" "patients" {\n  engine            = "postgres"\n  storage_encrypted = false\n}\n',
  'variables.tf': 'variable "environment" {\n  type    = string\n  default = "prod"\n}\n',
};

async function main(): Promise<void> {
  // Compiled to out/test-vscode/runTest.js: the repository root is two levels up.
  const extensionDevelopmentPath = resolve(__dirname, '..', '..');
  const extensionTestsPath = resolve(__dirname, 'suite', 'index');
  const workspace = mkdtempSync(join(tmpdir(), 'hipaa-vscode-'));
  for (const [name, text] of Object.entries(WORKSPACE_FILES)) writeFileSync(join(workspace, name), text);
  await runTests({
    extensionDevelopmentPath,
    extensionTestsPath,
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    version: process.env.VSCODE_VERSION || undefined,
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
    extensionTestsEnv: { HIPAA_IAC_TEST_WORKSPACE: workspace },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
