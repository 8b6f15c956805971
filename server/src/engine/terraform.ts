// Lints one Terraform module (a directory's .tf and tfvars texts): parse, evaluate, run rules.

import { parseHcl } from '../parse/hcl/parser';
import type { ParseError } from '../parse/hcl/ast';
import { buildTerraformModule, tfvarsValues, type ModuleFile, type VariableValues } from '../model/terraform/module';
import type { LintResult } from './finding';
import { runRules, type RuleIndex } from './runner';

/** One source text of a module. */
export interface SourceText {
  path: string;
  text: string;
}

/** A syntax error in a file, ready for diagnostics and the CLI's `errors`. */
export interface FileError extends ParseError {
  file: string;
}

/** The outcome of linting a module: findings, evaluations and the syntax errors of its files. */
export interface ModuleLintResult extends LintResult {
  errors: FileError[];
}

/** True for `terraform.tfvars` and `*.auto.tfvars`, the files Terraform loads automatically. */
export function isAutoTfvars(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

/** Orders tfvars files as Terraform applies them: terraform.tfvars first, then *.auto.tfvars by name. */
function tfvarsOrder(a: SourceText, b: SourceText): number {
  const nameA = a.path.slice(a.path.lastIndexOf('/') + 1);
  const nameB = b.path.slice(b.path.lastIndexOf('/') + 1);
  if (nameA === 'terraform.tfvars') return -1;
  if (nameB === 'terraform.tfvars') return 1;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

/** Parses, evaluates and lints the .tf files of one directory, with its auto-loaded tfvars. */
export function lintTerraformModule(root: string, sources: SourceText[], index: RuleIndex): ModuleLintResult {
  const errors: FileError[] = [];
  const files: ModuleFile[] = [];
  const tfvars: VariableValues[] = [];
  for (const source of [...sources].sort(tfvarsOrder)) {
    const parsed = parseHcl(source.text);
    for (const error of parsed.errors) errors.push({ ...error, file: source.path });
    if (source.path.endsWith('.tf')) files.push({ path: source.path, body: parsed.body });
    else if (isAutoTfvars(source.path)) tfvars.push(tfvarsValues(source.path, parsed.body));
  }
  const module = buildTerraformModule(root, files, tfvars);
  return { ...runRules(module.config, index), errors };
}
