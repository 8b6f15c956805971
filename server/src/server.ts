// The language server: LSP wiring only. `node dist/server.js --stdio` speaks LSP on stdio (VS Code starts
// it with --node-ipc). The behaviour lives in lsp/service.ts; this file connects it to the protocol.

import { join } from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ALL_RULES } from '../../rules/index';
import { indexRules } from './engine/runner';
import { registerCodeActions } from './lsp/code-actions';
import { CoverageProvider, handleCoverageRequest } from './lsp/coverage';
import { COVERAGE_CHANGED_NOTIFICATION, COVERAGE_REQUEST } from './lsp/coverage-protocol';
import { fileDocsLink } from './lsp/diagnostics';
import { describeError } from './lsp/errors';
import { WATCHED_GLOBS } from './lsp/indexer';
import { DEFAULT_DEBOUNCE_MS, LintService, type ServerStatus, type WorkspaceFolderRef } from './lsp/service';
import { TOOL_NAME, TOOL_VERSION } from './version';

/** Custom notification: server state for the client's status item. */
const STATUS_NOTIFICATION = 'hipaaIac/status';
/** Custom request: re-read the workspace from disk and re-lint everything. */
const RELINT_REQUEST = 'hipaaIac/relintWorkspace';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// Quick fixes, fix-all and suppressions (lsp/code-actions.ts).
const codeActions = registerCodeActions(connection, documents, () => service);

let service: LintService | undefined;
let coverage: CoverageProvider | undefined;
let canPullConfiguration = false;
let canRegisterConfiguration = false;
let canRegisterWatchers = false;
let canWatchFolders = false;
/** Settings pushed by a client that does not answer workspace/configuration. */
let pushedSettings: unknown;
let initialFolders: WorkspaceFolderRef[] = [];

/** Runs a handler so that an exception is logged and never reaches (or kills) the connection. */
function guard<A extends unknown[]>(name: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((error) => connection.console.error(`${name} failed: ${describeError(error)}`));
    } catch (error) {
      connection.console.error(`${name} failed: ${describeError(error)}`);
    }
  };
}

function readDebounce(options: unknown): number {
  const value = (options as { debounceMs?: unknown } | null | undefined)?.debounceMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_DEBOUNCE_MS;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  canPullConfiguration = capabilities.workspace?.configuration === true;
  canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  canRegisterWatchers = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canWatchFolders = capabilities.workspace?.workspaceFolders === true;
  const initOptions = params.initializationOptions as { settings?: unknown } | undefined;
  pushedSettings = initOptions?.settings;

  if (params.workspaceFolders && params.workspaceFolders.length > 0) {
    initialFolders = params.workspaceFolders.map((folder) => ({ uri: folder.uri, name: folder.name }));
  } else if (params.rootUri) {
    initialFolders = [{ uri: params.rootUri }];
  }

  service = new LintService(
    {
      publish: (diagnostics) => {
        codeActions.published(diagnostics);
        void connection.sendDiagnostics(diagnostics);
      },
      settings: async (scopeUris) => {
        if (!canPullConfiguration) return scopeUris.map(() => pushedSettings);
        return connection.workspace.getConfiguration(scopeUris.map((scopeUri) => ({ scopeUri, section: 'hipaaIac' })));
      },
      log: (message) => connection.console.log(message),
      error: (message) => connection.console.error(message),
      showWarning: (message) => void connection.window.showWarningMessage(message),
      status: (status: ServerStatus) => void connection.sendNotification(STATUS_NOTIFICATION, status),
      // CDK app sources are watched once they are first read (only workspaces with synthesised CDK output).
      watch: (globs) => {
        if (!canRegisterWatchers) return;
        connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) })
          .catch((error) => connection.console.error(`registering file watchers failed: ${describeError(error)}`));
      },
      unitChanged: () => coverage?.unitChanged(),
    },
    {
      rules: indexRules(ALL_RULES),
      debounceMs: readDebounce(params.initializationOptions),
      docsLink: fileDocsLink(join(__dirname, '..', 'docs', 'rules')),
    },
  );

  coverage = new CoverageProvider(service, ALL_RULES, { notifyChanged: () => void connection.sendNotification(COVERAGE_CHANGED_NOTIFICATION) });

  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: codeActions.initialize(capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true),
    },
    serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
  };
  if (canWatchFolders) result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  return result;
});

connection.onInitialized(
  guard('initialized', async () => {
    // A refused registration must not stop the rest (indexing above all).
    if (canRegisterConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'hipaaIac' })
        .catch((error) => connection.console.error(`registering for configuration changes failed: ${describeError(error)}`));
    }
    if (canRegisterWatchers) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((error) => connection.console.error(`registering file watchers failed: ${describeError(error)}`));
    }
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folders', async () => {
          const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
          await service?.setWorkspaceFolders(folders.map((folder) => ({ uri: folder.uri, name: folder.name })));
        }),
      );
    }
    // Indexing runs in the background; the server answers meanwhile.
    await service?.setWorkspaceFolders(initialFolders);
  }),
);

documents.onDidOpen(
  guard('didOpen', (event) => service?.openDocument(event.document.uri, event.document.languageId, event.document.version, event.document.getText())),
);
documents.onDidChangeContent(
  guard('didChange', (event) => service?.changeDocument(event.document.uri, event.document.version, event.document.getText())),
);
documents.onDidClose(guard('didClose', (event) => service?.closeDocument(event.document.uri)));

connection.onDidChangeWatchedFiles(guard('didChangeWatchedFiles', (params) => service?.filesChanged(params.changes)));

connection.onDidChangeConfiguration(
  guard('didChangeConfiguration', (params) => {
    const settings = (params.settings as { hipaaIac?: unknown } | null | undefined)?.hipaaIac;
    if (settings !== undefined) pushedSettings = settings;
    service?.configurationChanged();
  }),
);

connection.onRequest(RELINT_REQUEST, async () => {
  try {
    await service?.reindex();
  } catch (error) {
    connection.console.error(`re-lint failed: ${describeError(error)}`);
  }
  return null;
});

connection.onRequest(COVERAGE_REQUEST, (params: unknown, token) => handleCoverageRequest(connection, coverage, params, token));

connection.onShutdown(() => {
  coverage?.dispose();
  service?.dispose();
});

process.on('uncaughtException', (error) => connection.console.error(`uncaught exception: ${describeError(error)}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${describeError(reason)}`));

documents.listen(connection);
connection.listen();
