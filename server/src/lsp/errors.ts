// How the language server's modules describe an unexpected error in the server log.

/** The stack of an Error (or its message), else the value as a string: for log lines. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
