// The set of IaC files being linted (a workspace or the CLI's paths) and their grouping into units:
// a Terraform module is a directory; a CloudFormation template is its own unit. Keeps parse results
// per file so an edit re-parses only that file.

import { parseHcl } from '../parse/hcl/parser';
import type { ParseResult } from '../parse/hcl/ast';
import { parseJson } from '../parse/cfn/json';
import { parseYaml } from '../parse/cfn/yaml';
import type { Range } from '../parse/range';
import type { DataParseResult } from '../parse/tree';
import { buildCloudFormationConfig, isCloudFormationTemplate } from '../model/cloudformation/template';
import { buildTerraformModule, tfvarsValues, type ModuleFile, type VariableValues } from '../model/terraform/module';
import { terraformJsonToBody, tfvarsJsonValues } from '../model/terraform/json-syntax';
import type { Configuration } from '../model/resource';
import type { LintResult } from './finding';
import { runRules, type RuleIndex } from './runner';
import {
  applySuppressions,
  CommentScanCache,
  suppressionCatalog,
  utcDate,
  type SuppressionCatalog,
  type SuppressionFile,
  type SuppressionProblem,
} from './suppress';

/** How a file takes part in linting, decided from its name. */
export type FileKind = 'terraform' | 'terraform-json' | 'tfvars' | 'tfvars-json' | 'template' | 'other';

/** A syntax error (or warning) of one file. */
export interface FileError {
  file: string;
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}

/** The lint result of one unit, with the syntax errors of its files. */
export interface UnitLintResult extends LintResult {
  unit: string;
  files: string[];
  errors: FileError[];
  /** False for a YAML/JSON file that is not a template (ignored) and a directory with only tfvars. */
  linted: boolean;
  /** Warnings about the suppressions written in the unit's files (no reason, unknown rule, bad date). */
  problems: SuppressionProblem[];
}

/** Options of a Project. */
export interface ProjectOptions {
  /** The clock that decides whether an exception has expired (tests inject a fixed one). */
  now?: () => Date;
}

const TEMPLATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template'];

/** Classifies a path by name. YAML/JSON files are only candidates: their content decides. */
export function classifyPath(path: string): FileKind {
  if (path.endsWith('.tf')) return 'terraform';
  if (path.endsWith('.tf.json')) return 'terraform-json';
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) return 'tfvars';
  if (name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars.json')) return 'tfvars-json';
  if (TEMPLATE_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'template';
  return 'other';
}

/** The unit a file belongs to: its directory for Terraform, the file itself for templates. */
export function unitOf(path: string): string {
  if (classifyPath(path) === 'template') return path;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash) || '/';
}

// terraform.tfvars(.json) is applied first, then *.auto.tfvars(.json) in name order (later ones win).
function tfvarsRank(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'terraform.tfvars' ? '' : name === 'terraform.tfvars.json' ? ' ' : name;
}

/** True when a data file is read as JSON (else YAML). */
function isJsonText(path: string, text: string): boolean {
  return path.endsWith('.json') || (path.endsWith('.template') && text.trimStart().startsWith('{'));
}

// Why a text pre-check: most YAML/JSON in a workspace is not a template, and must cost nothing.
export function mayBeTemplate(text: string): boolean {
  return text.includes('Resources') || text.includes('AWSTemplateFormatVersion');
}

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function emptyResult(unit: string, files: string[], errors: FileError[] = []): UnitLintResult {
  return { unit, files, errors, linted: false, findings: [], evaluations: [], internalErrors: [], problems: [] };
}

/** Holds file texts and cached parses; lints a unit on demand. */
export class Project {
  private readonly texts = new Map<string, string>();
  private readonly hclParses = new Map<string, { text: string; result: ParseResult }>();
  private readonly dataParses = new Map<string, { text: string; result: DataParseResult }>();
  private readonly units = new Map<string, Set<string>>();
  private readonly commentScans = new CommentScanCache();
  // The last lint of each unit, reused while its files, their texts and the date (suppressions expire) are
  // the same: the editor re-lints units whose texts did not change (a CDK app source was edited, settings
  // changed, the coverage report was asked for), and each of those gets the same result without the rules.
  private readonly lintResults = new Map<string, { files: string[]; texts: string[]; today: string; result: UnitLintResult }>();
  // The configuration of each unit, on the same terms (it does not depend on the date).
  private readonly configurations = new Map<string, { files: string[]; texts: string[]; result: { config?: Configuration; errors: FileError[] } }>();
  private catalog?: SuppressionCatalog;

  constructor(
    private readonly rules: RuleIndex,
    private readonly options: ProjectOptions = {},
  ) {}

  /** Adds or updates a file; returns its unit, or undefined when the file does not take part. */
  setFile(path: string, text: string): string | undefined {
    if (classifyPath(path) === 'other') return undefined;
    const unit = unitOf(path);
    const previous = this.texts.get(path);
    if (previous !== undefined && previous !== text) {
      // What was derived from the old text is stale: let it go now, so that a large file is never held
      // twice (the old tree and the new one) while the new text is linted.
      this.hclParses.delete(path);
      this.dataParses.delete(path);
      this.lintResults.delete(unit);
      this.configurations.delete(unit);
    }
    this.texts.set(path, text);
    let members = this.units.get(unit);
    if (!members) this.units.set(unit, (members = new Set()));
    members.add(path);
    return unit;
  }

  /** Forgets a file; returns its unit when it was known. */
  removeFile(path: string): string | undefined {
    if (!this.texts.delete(path)) return undefined;
    this.hclParses.delete(path);
    this.dataParses.delete(path);
    this.commentScans.forget(path);
    const unit = unitOf(path);
    const members = this.units.get(unit);
    members?.delete(path);
    if (members && members.size === 0) {
      this.units.delete(unit);
      this.lintResults.delete(unit);
      this.configurations.delete(unit);
    }
    return unit;
  }

  /** The current text of a file, if known. */
  getText(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** Every unit that holds at least one file. */
  unitNames(): string[] {
    return [...this.units.keys()].sort();
  }

  /** The files of a unit, sorted. */
  filesOf(unit: string): string[] {
    return [...(this.units.get(unit) ?? [])].sort();
  }

  /** Parses an HCL file, reusing the last parse while its text is unchanged. */
  parseHclFile(path: string): ParseResult {
    const text = this.texts.get(path) ?? '';
    const cached = this.hclParses.get(path);
    if (cached && cached.text === text) return cached.result;
    const result = parseHcl(text);
    this.hclParses.set(path, { text, result });
    return result;
  }

  /** Parses a YAML/JSON file, reusing the last parse while its text is unchanged. */
  parseDataFile(path: string): DataParseResult {
    const text = this.texts.get(path) ?? '';
    const cached = this.dataParses.get(path);
    if (cached && cached.text === text) return cached.result;
    const result = isJsonText(path, text) ? parseJson(text) : parseYaml(text);
    this.dataParses.set(path, { text, result });
    return result;
  }

  /**
   * The configuration a unit describes (undefined for a YAML/JSON file that is not a template); the same
   * object again while the unit's files and texts are the same (callers must not modify it).
   */
  configurationOf(unit: string): { config?: Configuration; errors: FileError[] } {
    const files = this.filesOf(unit);
    const texts = files.map((file) => this.texts.get(file) ?? '');
    const cached = this.configurations.get(unit);
    // Code actions look resources up in it for every request; the lint builds it once per text.
    if (cached && sameItems(cached.files, files) && sameItems(cached.texts, texts)) return cached.result;
    const result = this.buildConfiguration(unit, files);
    this.configurations.set(unit, { files, texts, result });
    return result;
  }

  private buildConfiguration(unit: string, files: string[]): { config?: Configuration; errors: FileError[] } {
    if (files.length === 1 && classifyPath(files[0]) === 'template') return this.templateConfiguration(files[0]);
    const errors: FileError[] = [];
    const moduleFiles: ModuleFile[] = [];
    const tfvars: VariableValues[] = [];
    for (const path of files) {
      const kind = classifyPath(path);
      if (kind === 'terraform-json' || kind === 'tfvars-json') {
        const parsed = this.parseDataFile(path);
        for (const error of parsed.errors) errors.push({ file: path, ...error });
        if (kind === 'tfvars-json') tfvars.push(tfvarsJsonValues(path, parsed.root));
        else if (parsed.root) moduleFiles.push({ path, ...terraformJsonToBody(parsed.root) });
        continue;
      }
      const parsed = this.parseHclFile(path);
      for (const error of parsed.errors) errors.push({ file: path, message: error.message, range: error.range, severity: 'error' });
      if (kind === 'terraform') moduleFiles.push({ path, body: parsed.body });
      else tfvars.push(tfvarsValues(path, parsed.body));
    }
    tfvars.sort((a, b) => (tfvarsRank(a.path) < tfvarsRank(b.path) ? -1 : 1));
    if (moduleFiles.length === 0) return { errors };
    return { config: buildTerraformModule(unit, moduleFiles, tfvars).config, errors };
  }

  private templateConfiguration(path: string): { config?: Configuration; errors: FileError[] } {
    const text = this.texts.get(path) ?? '';
    if (!mayBeTemplate(text)) return { errors: [] };
    const parsed = this.parseDataFile(path);
    // Not a template (a workflow, a manifest, package.json...): ignored silently, errors included.
    if (!isCloudFormationTemplate(parsed.root)) return { errors: [] };
    const errors = parsed.errors.map((error) => ({ file: path, ...error }));
    return { config: buildCloudFormationConfig(path, parsed.root!), errors };
  }

  /**
   * Lints one unit and runs every rule on its configuration; the same result object again while nothing
   * it depends on changed (callers must not modify it).
   */
  lintUnit(unit: string): UnitLintResult {
    const files = this.filesOf(unit);
    const texts = files.map((file) => this.texts.get(file) ?? '');
    const today = utcDate(this.options.now?.() ?? new Date());
    const cached = this.lintResults.get(unit);
    // The project keeps the string it was given while a file is unchanged: mostly pointer comparisons.
    if (cached && cached.today === today && sameItems(cached.files, files) && sameItems(cached.texts, texts)) return cached.result;
    const result = this.lintUncached(unit, files, today);
    this.lintResults.set(unit, { files, texts, today, result });
    return result;
  }

  private lintUncached(unit: string, files: string[], today: string): UnitLintResult {
    const { config, errors } = this.configurationOf(unit);
    if (!config) return emptyResult(unit, files, errors);
    const result = runRules(config, this.rules);
    const { findings, problems } = applySuppressions({
      findings: result.findings,
      resources: config.resources,
      files: this.suppressionFiles(files),
      catalog: (this.catalog ??= suppressionCatalog(this.rules.rules)),
      today,
      cache: this.commentScans,
    });
    return { unit, files, errors, linted: true, ...result, findings, problems };
  }

  private suppressionFiles(files: string[]): SuppressionFile[] {
    const out: SuppressionFile[] = [];
    for (const path of files) {
      const kind = classifyPath(path);
      const text = this.texts.get(path) ?? '';
      if (kind === 'terraform') out.push({ path, text, kind });
      else if (kind === 'terraform-json') out.push({ path, text, kind, tree: () => this.parseDataFile(path).root });
      else if (kind === 'template') out.push({ path, text, kind: isJsonText(path, text) ? 'template-json' : 'template-yaml' });
    }
    return out;
  }
}
