// Finds the IaC files under the paths the CLI is given, skipping what no one wants linted, and loads
// them into a Project. Oversized and binary files are skipped with a note rather than read.

import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { classifyPath, Project } from './project';
import type { RuleIndex } from './runner';

/** Files larger than this are skipped (5 MB = 5 x 1024 x 1024 bytes). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The limit for synthesised output (CDK's cdk.out, CDKTF's cdktf.out), which is machine-written and often large. */
export const MAX_SYNTHESISED_FILE_BYTES = 64 * 1024 * 1024;

/** The size limit for one file: synthesised templates may be much larger than hand-written files. */
export function maxFileBytes(path: string, base = MAX_FILE_BYTES): number {
  const normalised = '/' + path.replace(/\\/g, '/');
  return normalised.includes('/cdk.out/') || normalised.includes('/cdktf.out/') ? Math.max(base, MAX_SYNTHESISED_FILE_BYTES) : base;
}

/** Directories never descended into. */
export const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache']);

/** A file that was not linted, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The project loaded from disk, with paths relative to `cwd` using `/`. */
export interface ScanResult {
  project: Project;
  skipped: SkippedFile[];
}

/** Thrown for a path that does not exist or cannot be read (a usage error for the CLI). */
export class InputError extends Error {}

function toDisplayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute) || '.';
  return rel.split(sep).join('/');
}

function looksBinary(path: string): boolean {
  const buffer = Buffer.alloc(8192);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Collects the lintable files under `paths` (files or directories) into a Project. */
export function scanPaths(paths: string[], cwd: string, rules: RuleIndex): ScanResult {
  const project = new Project(rules);
  const skipped: SkippedFile[] = [];
  const visit = (absolute: string, explicit: boolean) => {
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      if (explicit) throw new InputError(`cannot read ${toDisplayPath(cwd, absolute)}: no such file or directory`);
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(absolute).sort()) {
        if (SKIPPED_DIRECTORIES.has(name)) continue;
        visit(join(absolute, name), false);
      }
      return;
    }
    const display = toDisplayPath(cwd, absolute);
    if (classifyPath(display) === 'other') {
      if (explicit) skipped.push({ file: display, reason: 'not a Terraform or CloudFormation file' });
      return;
    }
    const limit = maxFileBytes(display);
    if (stats.size > limit) {
      skipped.push({ file: display, reason: `larger than ${limit / 1024 / 1024} MB` });
      return;
    }
    try {
      if (looksBinary(absolute)) {
        skipped.push({ file: display, reason: 'binary file' });
        return;
      }
      project.setFile(display, readFileSync(absolute, 'utf8'));
    } catch (error) {
      if (explicit) throw new InputError(`cannot read ${display}: ${(error as Error).message}`);
      skipped.push({ file: display, reason: 'unreadable' });
    }
  };
  for (const path of paths) visit(resolve(cwd, path), true);
  return { project, skipped };
}
