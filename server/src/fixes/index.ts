// Quick-fix edit builders: a rule's semantic Fix (set, append, remove, add-resource, add-variable) turned
// into text edits of one file, written in the file's own format and style. The format writers rewrite the
// text action by action (re-parsing in between); the result is diffed into minimal edits.
//
// Entry points: buildEdits (one resource of one text), applyEdits, and fixEditsForFinding (a finding of
// a Project, for the language server's code actions and the CLI).

import type { Fix } from '../../../rules/fix';
import type { Finding } from '../engine/finding';
import { classifyPath, unitOf, type Project } from '../engine/project';
import type { Resource } from '../model/resource';
import { parseJson } from '../parse/cfn/json';
import { parseYaml } from '../parse/cfn/yaml';
import { parseHcl } from '../parse/hcl/parser';
import { writeHcl } from './hcl';
import { writeJson } from './json';
import { applyEdits, diffEdits, FixError, type FixContext, type FixFormat, type TextEdit } from './text';
import { writeYaml } from './yaml';

export { applyEdits, FixError };
export type { FixContext, FixFormat, TextEdit };

/**
 * The edits that apply `fix` to `resource` in `text`. Returns [] when the fix is already applied (so a
 * fix applied twice changes nothing). Throws FixError when the fix cannot be written into this text
 * (the resource is not in it, a path goes through an expression or a dynamic block...): offer no action then.
 */
export function buildEdits(text: string, format: FixFormat, resource: Resource, fix: Fix, context: FixContext = {}): TextEdit[] {
  return diffEdits(text, fixedText(text, format, resource, fix, context));
}

/** The whole text with `fix` applied (what applyEdits(text, buildEdits(...)) returns). */
export function fixedText(text: string, format: FixFormat, resource: Resource, fix: Fix, context: FixContext = {}): string {
  const fixed = write(text, format, resource, fix, context);
  // A safety net, not a check the writers rely on: a fix never makes a file worse to read.
  if (fixed !== text && syntaxErrors(format, fixed) > syntaxErrors(format, text)) {
    throw new FixError(`the fix "${fix.title}" would leave ${resource.address} with a syntax error`);
  }
  return fixed;
}

function write(text: string, format: FixFormat, resource: Resource, fix: Fix, context: FixContext): string {
  switch (format) {
    case 'hcl':
      if (resource.family !== 'terraform') throw new FixError('an HCL file holds Terraform resources only');
      return writeHcl(text, resource, fix, context);
    case 'yaml':
      if (resource.family !== 'cloudformation') throw new FixError('a YAML file holds CloudFormation resources only');
      return writeYaml(text, resource, fix);
    case 'json':
      return writeJson(text, resource, fix, context);
  }
}

function syntaxErrors(format: FixFormat, text: string): number {
  if (format === 'hcl') return parseHcl(text).errors.length;
  const result = format === 'json' ? parseJson(text) : parseYaml(text);
  return result.errors.filter((error) => error.severity === 'error').length;
}

/** The format a file is written in, from its name (and, for `.template`, its first character). */
export function formatOf(path: string, text = ''): FixFormat {
  if (path.endsWith('.tf') || path.endsWith('.tfvars')) return 'hcl';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.template')) return text.trimStart().startsWith('{') ? 'json' : 'yaml';
  return 'yaml';
}

/** The variables and resources declared anywhere in a Terraform module (every file of the unit). */
export function moduleContext(project: Project, unit: string): FixContext {
  const moduleVariables = new Set<string>();
  const moduleResources = new Set<string>();
  for (const path of project.filesOf(unit)) {
    const kind = classifyPath(path);
    if (kind === 'terraform') {
      for (const item of project.parseHclFile(path).body.items) {
        if (item.type !== 'Block') continue;
        const [first, second] = item.labels.map((label) => label.value);
        if (item.blockType === 'variable' && first !== undefined) moduleVariables.add(first);
        if (item.blockType === 'resource' && first !== undefined && second !== undefined) moduleResources.add(`${first}.${second}`);
      }
    } else if (kind === 'terraform-json') {
      const root = project.parseDataFile(path).root;
      if (root?.kind !== 'map') continue;
      for (const entry of root.entries) {
        if (entry.key === 'variable' && entry.value.kind === 'map') for (const variable of entry.value.entries) moduleVariables.add(variable.key);
        if (entry.key === 'resource' && entry.value.kind === 'map') {
          for (const type of entry.value.entries) {
            if (type.value.kind === 'map') for (const name of type.value.entries) moduleResources.add(`${type.key}.${name.key}`);
          }
        }
      }
    }
  }
  return { moduleVariables, moduleResources };
}

/** The address of the resource a finding's fix edits: its `target` (a companion), else the finding's resource. */
export function fixTargetOf(finding: Finding): string {
  return finding.fix?.target ?? finding.resource;
}

/**
 * The edits of a finding's fix and the file they apply to: the finding's file, or the file of the companion
 * the fix targets (another file of the same module), computed against the project's current text of it.
 * Undefined when the finding has no fix or the resource it edits is gone; throws FixError when it cannot be
 * written.
 */
export function fixEditsForFinding(project: Project, finding: Finding): { file: string; edits: TextEdit[] } | undefined {
  if (!finding.fix) return undefined;
  const unit = unitOf(finding.file);
  const config = project.configurationOf(unit).config;
  const address = fixTargetOf(finding);
  // The finding's own resource is the one in its file; a target is looked up across the module.
  const resource = config?.resources.find((item) => item.address === address && (finding.fix?.target !== undefined || item.file === finding.file));
  if (!resource) return undefined;
  const text = project.getText(resource.file);
  if (text === undefined) return undefined;
  const context = resource.family === 'terraform' ? moduleContext(project, unit) : {};
  return { file: resource.file, edits: buildEdits(text, formatOf(resource.file, text), resource, finding.fix, context) };
}
