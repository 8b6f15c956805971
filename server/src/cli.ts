// The `hipaa-iac` command line: argument parsing and output formats around the same engine the
// language server uses. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_RULES } from '../../rules/index';
import { computeCoverage } from './engine/coverage';
import { formatCoverageHtml } from './engine/format/coverage-html';
import { formatCoverageJson } from './engine/format/coverage-json';
import { formatCoverageMarkdown } from './engine/format/coverage-markdown';
import { formatJson } from './engine/format/json';
import { formatSarif } from './engine/format/sarif';
import { formatText } from './engine/format/text';
import { lintProject, type ScanReport } from './engine/report';
import { indexRules } from './engine/runner';
import { InputError, scanPaths } from './engine/scan';
import { parseHcl } from './parse/hcl/parser';
import { hclToJson } from './parse/hcl/tojson';
import { TOOL_NAME, TOOL_VERSION } from './version';

const USAGE = `Usage:
  ${TOOL_NAME} scan [PATH...] [--format text|json|sarif] [--output FILE] [--fail-on error|warning|note|never]
  ${TOOL_NAME} coverage [PATH...] [--format json|md|html] [--output FILE]
  ${TOOL_NAME} parse FILE.tf        print the file as @cdktf/hcl2json's JSON
  ${TOOL_NAME} rules                list the rules
  ${TOOL_NAME} --version | --help

scan lints Terraform modules (every directory of .tf / .tf.json files, with terraform.tfvars and
*.auto.tfvars), CloudFormation templates (YAML or JSON, including CDK synth output) and CDKTF output under
each PATH (default: the current directory), skipping .git, node_modules and .terraform.
coverage reports, for every HIPAA Security Rule safeguard and ISO 27017 control, what the code evidences.
Exit codes: 0 nothing at or above --fail-on (default error), 1 findings, 2 usage error or unreadable input.`;

/** A usage error: reported on one line, exit code 2. */
class UsageError extends Error {}

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;
const RANK = { error: 0, warning: 1, note: 2 } as const;

function failing(report: ScanReport, failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'never') return false;
  return report.findings.some((finding) => !finding.suppression && RANK[finding.severity] <= RANK[failOn]);
}

function scan(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'error' },
    },
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'] as (typeof FAIL_ON)[number];
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const rules = indexRules(ALL_RULES);
  const { project, skipped } = scanPaths(positionals.length > 0 ? positionals : ['.'], process.cwd(), rules);
  for (const file of skipped) process.stderr.write(`${TOOL_NAME}: skipped ${file.file}: ${file.reason}\n`);
  const report = lintProject(project, skipped);
  const toTerminal = values.output === undefined && process.stdout.isTTY === true;
  const output =
    format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, ALL_RULES) : formatText(report, toTerminal && !process.env.NO_COLOR);
  if (values.output !== undefined) writeFileSync(values.output, output);
  else process.stdout.write(output);
  return failing(report, failOn) ? 1 : 0;
}

const COVERAGE_FORMATS = ['json', 'md', 'html'] as const;

function coverage(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f', default: 'md' }, output: { type: 'string', short: 'o' } },
  });
  const format = values.format as (typeof COVERAGE_FORMATS)[number];
  if (!COVERAGE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${COVERAGE_FORMATS.join(', ')}`);
  const { project, skipped } = scanPaths(positionals.length > 0 ? positionals : ['.'], process.cwd(), indexRules(ALL_RULES));
  for (const file of skipped) process.stderr.write(`${TOOL_NAME}: skipped ${file.file}: ${file.reason}\n`);
  const result = computeCoverage(lintProject(project, skipped), ALL_RULES);
  const output = format === 'json' ? formatCoverageJson(result) : format === 'html' ? formatCoverageHtml(result) : formatCoverageMarkdown(result);
  if (values.output !== undefined) writeFileSync(values.output, output);
  else process.stdout.write(output);
  return 0;
}

function parse(args: string[]): number {
  if (args.length !== 1) throw new UsageError('parse takes exactly one file');
  let text: string;
  try {
    text = readFileSync(args[0], 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${args[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const result = parseHcl(text);
  process.stdout.write(JSON.stringify(hclToJson(result, text), null, 2) + '\n');
  for (const error of result.errors) {
    process.stderr.write(`${args[0]}:${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}\n`);
  }
  return result.errors.length > 0 ? 1 : 0;
}

function listRules(): number {
  for (const rule of ALL_RULES) process.stdout.write(`${rule.id.padEnd(48)} ${rule.severity.padEnd(8)} ${rule.title}\n`);
  return 0;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return scan(rest);
      case 'coverage':
        return coverage(rest);
      case 'parse':
        return parse(rest);
      case 'rules':
        return listRules();
      case '--version':
      case '-v':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      case undefined:
        throw new UsageError('missing command (scan, parse, rules); see --help');
      default:
        throw new UsageError(`unknown command "${command}"; see --help`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${TOOL_NAME}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
