// Node flags the language server runs with (the VS Code client passes them; other LSP clients may too).

/**
 * A larger young generation: linting a large module allocates a syntax tree and model of several MB at
 * once, and with Node's default semi-space V8 copies it through many scavenges. Measured in
 * `npm run bench`: roughly halves the time of a 10k-line lint.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
