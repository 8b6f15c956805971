// The product name and version every output reports, read from the extension manifest.

import manifest from '../../package.json';

/** The CLI / server name shown in outputs. */
export const TOOL_NAME = 'hipaa-iac';

/** The version of the rules and tool (the extension version). */
export const TOOL_VERSION: string = manifest.version;
