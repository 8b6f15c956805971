// The VS Code side: starts the language server (dist/server.js, a separate Node process over IPC),
// registers the commands and the language status item. Everything else happens in the server.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from '../../server/src/runtime-flags';
import { CoveragePanel, SHOW_COVERAGE_COMMAND } from './coverage-panel';
import { DOCUMENT_SELECTOR, LINTED_SELECTOR } from './selectors';
import { StatusController } from './status';
import { registerSuppressCommand } from './suppress';

let client: LanguageClient | undefined;

/** Called by VS Code on the first Terraform, YAML or JSON file (or a workspace that contains IaC). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('HIPAA IaC Lint');
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    diagnosticCollectionName: 'hipaa-iac',
  };
  // The id makes the client read its trace level from `hipaaIac.trace.server`.
  const languageClient = new LanguageClient('hipaaIac', 'HIPAA IaC Lint', serverOptions, clientOptions);
  client = languageClient;

  const coveragePanel = new CoveragePanel(languageClient, context.extensionUri);
  context.subscriptions.push(
    outputChannel,
    new StatusController(languageClient, LINTED_SELECTOR, 'hipaaIac.showOutput'),
    coveragePanel,
    vscode.commands.registerCommand(SHOW_COVERAGE_COMMAND, () => coveragePanel.show()),
    registerSuppressCommand(languageClient),
    vscode.commands.registerCommand('hipaaIac.showOutput', () => outputChannel.show(true)),
    vscode.commands.registerCommand('hipaaIac.relintWorkspace', async () => {
      await languageClient.sendRequest('hipaaIac/relintWorkspace');
    }),
    vscode.commands.registerCommand('hipaaIac.restartServer', async () => {
      await languageClient.restart();
    }),
  );
  await languageClient.start();
}

/** Stops the server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
