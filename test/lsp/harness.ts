// A minimal LSP client for tests and benchmarks: spawns `node dist/server.js --stdio`, answers the
// requests the server sends (configuration, capability registration), records every notification and
// offers bounded waits on published diagnostics.

import { SERVER_NODE_FLAGS } from '../../server/src/runtime-flags';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type FileEvent,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The bundled server every test drives. */
export const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

/** A file URI for a path. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** How to start the server. */
export interface HarnessOptions {
  /** Workspace folders (paths). */
  folders?: string[];
  initializationOptions?: unknown;
  /** Answers workspace/configuration for one item; undefined means "nothing set". */
  settings?: (item: ConfigurationItem) => unknown;
  /** Overrides of the client capabilities (merged shallowly into `workspace`). */
  workspaceCapabilities?: ClientCapabilities['workspace'];
  /** Overrides of the client capabilities (merged shallowly into `textDocument`). */
  textDocumentCapabilities?: ClientCapabilities['textDocument'];
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** One running server and the client side of its connection. */
export class LspHarness {
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly registrations: Registration[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly configurationRequests: ConfigurationItem[][] = [];
  stderr = '';
  initializeResult!: InitializeResult;
  settings: (item: ConfigurationItem) => unknown;
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    options: HarnessOptions,
  ) {
    this.settings = options.settings ?? (() => undefined);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.publishes.push(params);
      this.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params.message));
    connection.onNotification('hipaaIac/status', () => undefined);
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params.items);
      return params.items.map((item) => this.settings(item) ?? null);
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.notify();
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.listen();
  }

  /** Spawns the server and runs initialize / initialized. */
  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    // The flags the VS Code client starts the server with.
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_PATH, '--stdio'], { stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const harness = new LspHarness(child, connection, options);
    const folders = (options.folders ?? []).map((path, index) => ({ uri: fileUri(path), name: `folder${index}` }));
    harness.initializeResult = await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folders[0]?.uri ?? null,
        workspaceFolders: folders.length > 0 ? folders : null,
        initializationOptions: options.initializationOptions,
        capabilities: {
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
            ...options.textDocumentCapabilities,
          },
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            ...options.workspaceCapabilities,
          },
        },
      }),
      DEFAULT_TIMEOUT_MS,
      'initialize',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return harness;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Waits (bounded) until `check` returns a value other than undefined. */
  async until<T>(check: () => T | undefined, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const first = check();
    if (first !== undefined) return first;
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  /** The publishes for a URI, oldest first. */
  publishesFor(uri: string): PublishDiagnosticsParams[] {
    return this.publishes.filter((params) => params.uri === uri);
  }

  /** The last publish for a URI. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    const list = this.publishesFor(uri);
    return list[list.length - 1];
  }

  /**
   * Waits for a publish for `uri` that satisfies `predicate`, among the publishes after index `after`
   * (default: any, including those already received).
   */
  waitForDiagnostics(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
    options: { after?: number; timeoutMs?: number; what?: string } = {},
  ): Promise<PublishDiagnosticsParams> {
    const after = options.after ?? 0;
    return this.until(
      () => {
        for (let i = this.publishes.length - 1; i >= after; i--) {
          const params = this.publishes[i];
          if (params.uri === uri && predicate(params)) return params;
        }
        return undefined;
      },
      options.what ?? `diagnostics for ${uri}`,
      options.timeoutMs,
    );
  }

  /** Sends textDocument/didOpen. */
  open(uri: string, text: string, version = 1, languageId = 'terraform'): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends textDocument/didChange. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Sends textDocument/didClose. */
  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sends workspace/didChangeWatchedFiles. */
  filesChanged(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Sends workspace/didChangeConfiguration (pull model: settings null). */
  configurationChanged(settings: unknown = null): Promise<void> {
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** shutdown + exit; resolves with the exit code. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    const code = await withTimeout(this.exited, timeoutMs, 'exit');
    this.connection.dispose();
    return code;
  }

  /** Kills the server (cleanup after a failed test). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
  }
}

/** Rejects when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
