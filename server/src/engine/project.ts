// The set of IaC files being linted (a workspace or the CLI's paths) and their grouping into units:
// a Terraform module is a directory. Keeps parse results per file so an edit re-parses only that file.

import { parseHcl } from '../parse/hcl/parser';
import type { ParseResult } from '../parse/hcl/ast';
import { buildTerraformModule, tfvarsValues, type ModuleFile, type VariableValues } from '../model/terraform/module';
import type { LintResult } from './finding';
import { runRules, type RuleIndex } from './runner';

/** How a file takes part in linting, decided from its name. */
export type FileKind = 'terraform' | 'tfvars' | 'other';

/** A syntax error of one file. */
export interface FileError {
  file: string;
  message: string;
  range: ParseResult['errors'][number]['range'];
}

/** The lint result of one unit (module directory), with the syntax errors of its files. */
export interface UnitLintResult extends LintResult {
  unit: string;
  files: string[];
  errors: FileError[];
}

/** Classifies a path by name; only auto-loaded tfvars take part in module evaluation. */
export function classifyPath(path: string): FileKind {
  if (path.endsWith('.tf')) return 'terraform';
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) return 'tfvars';
  return 'other';
}

/** The unit a file belongs to: its directory (with `/` separators). */
export function unitOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash) || '/';
}

// terraform.tfvars is applied first, then *.auto.tfvars in name order (later ones win).
function tfvarsRank(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'terraform.tfvars' ? '' : name;
}

/** Holds file texts and cached parses; lints a unit on demand. */
export class Project {
  private readonly texts = new Map<string, string>();
  private readonly parses = new Map<string, { text: string; result: ParseResult }>();
  private readonly units = new Map<string, Set<string>>();

  constructor(private readonly rules: RuleIndex) {}

  /** Adds or updates a file; returns its unit, or undefined when the file does not take part. */
  setFile(path: string, text: string): string | undefined {
    if (classifyPath(path) === 'other') return undefined;
    this.texts.set(path, text);
    const unit = unitOf(path);
    let members = this.units.get(unit);
    if (!members) this.units.set(unit, (members = new Set()));
    members.add(path);
    return unit;
  }

  /** Forgets a file; returns its unit when it was known. */
  removeFile(path: string): string | undefined {
    if (!this.texts.delete(path)) return undefined;
    this.parses.delete(path);
    const unit = unitOf(path);
    const members = this.units.get(unit);
    members?.delete(path);
    if (members && members.size === 0) this.units.delete(unit);
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

  /** Parses a file, reusing the last parse while its text is unchanged. */
  parse(path: string): ParseResult {
    const text = this.texts.get(path) ?? '';
    const cached = this.parses.get(path);
    if (cached && cached.text === text) return cached.result;
    const result = parseHcl(text);
    this.parses.set(path, { text, result });
    return result;
  }

  /** Lints one unit: evaluates the module of the directory and runs every rule. */
  lintUnit(unit: string): UnitLintResult {
    const files = this.filesOf(unit);
    const errors: FileError[] = [];
    const moduleFiles: ModuleFile[] = [];
    const tfvars: VariableValues[] = [];
    for (const path of files) {
      const parsed = this.parse(path);
      for (const error of parsed.errors) errors.push({ file: path, message: error.message, range: error.range });
      if (classifyPath(path) === 'terraform') moduleFiles.push({ path, body: parsed.body });
      else tfvars.push(tfvarsValues(path, parsed.body));
    }
    tfvars.sort((a, b) => (tfvarsRank(a.path) < tfvarsRank(b.path) ? -1 : 1));
    if (moduleFiles.length === 0) return { unit, files, errors, findings: [], evaluations: [], internalErrors: [] };
    const module = buildTerraformModule(unit, moduleFiles, tfvars);
    return { unit, files, errors, ...runRules(module.config, this.rules) };
  }
}
