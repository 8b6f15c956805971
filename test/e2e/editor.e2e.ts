// End-to-end test in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by Debian's Chromium
// through playwright-core. Run with `npm run test:e2e` (after scripts/e2e-setup.sh); the name does not end in
// .test.ts so the unit test runner (test/run.mjs) leaves it alone.
//
// What happens:
//   1. `npm run package` builds the .vsix (or E2E_VSIX names an existing one);
//   2. a throw-away profile: user-data-dir with quiet settings, extensions-dir with the .vsix installed by
//      code-server's own CLI and the test-runner extension (test/e2e/runner) bundled beside it, and a copy
//      of test/e2e/workspace (the committed fixture is never edited);
//   3. code-server on 127.0.0.1 with a free port, no auth, no telemetry;
//   4. Chromium opens the workspace and main.tf from the Explorer; inside the extension host the runner sees
//      the editor, waits for the aws-rds-storage-encrypted diagnostic, fixes it with a WorkspaceEdit, waits
//      for it to go, reverts, waits for it to come back (all through the `vscode` API), reports to runner.json;
//   5. in the browser: the squiggle is drawn, the Problems view lists the finding; the fix is typed with the
//      keyboard; the Problems view empties and the runner confirms from inside; the file is saved with the fix;
//   6. the controls coverage report: opened from the command palette, the webview shows every control with
//      the encryption safeguard satisfied; the runner undoes the fix in the buffer and the open panel turns it
//      failing by itself (live refresh); a click on the finding opens main.tf with its range selected; the
//      "Export Markdown" button saves the report through the save dialog.
// Screenshots, the code-server log and the runner's report go to test-output/e2e/.
// Every wait polls a real condition against a deadline; nothing sleeps for a fixed time to pass.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
const OUT = join(ROOT, 'test-output', 'e2e');
const CODE_SERVER_VERSION = '4.100.3';
const CACHE = process.env.E2E_CACHE ?? join(homedir(), '.cache', 'hipaa-iac-e2e');
const ENTRY =
  process.env.CODE_SERVER_ENTRY ?? join(CACHE, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const RULE = 'aws-rds-storage-encrypted';
const EXTENSION_ID = 'hipaa-iac-lint.hipaa-iac-lint';

interface RunnerReport {
  stage: 'started' | 'ready-for-ui' | 'done' | 'failed';
  vscodeVersion: string;
  remoteName?: string;
  extension?: { id: string; version: string; active: boolean };
  languageId?: string;
  steps: { name: string; ok: boolean; ms: number; detail?: unknown }[];
  diagnostic?: { message: string; source?: string; code?: string; severity: string; range: { startLine: number } };
  coverage?: {
    stage: CoverageStage;
    viewType?: string;
    selection?: { file: string; startLine: number; startCharacter: number; endLine: number; endCharacter: number; text: string };
  };
  error?: string;
  log: string[];
}

const COVERAGE_STAGES = ['waiting-for-panel', 'panel-open', 'reverted', 'drilled-down'] as const;
type CoverageStage = (typeof COVERAGE_STAGES)[number];

// ---- shared state of the sequential steps -------------------------------------------------------------
const t0 = Date.now();
let work = '';
let vsix = '';
let server: ChildProcess | undefined;
let serverLog = '';
let port = 0;
let browser: Browser | undefined;
let page: Page | undefined;
let failed = false;
let shots = 0;
let report: RunnerReport | undefined;

const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const note = (line: string): void => console.log(`[e2e ${elapsed()}] ${line}`);

/** Polls until `probe` yields a value (not undefined/false/null); throws with `what` and the last state. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false | null> | T | undefined | false | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? ` (last error: ${String(lastError)})` : ''));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function screenshot(name: string): Promise<string | undefined> {
  if (!page) return undefined;
  const file = join(OUT, `${String(++shots).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  note(`screenshot ${file}`);
  return file;
}

function readReport(): RunnerReport | undefined {
  const file = join(work, 'runner-out', 'runner.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunnerReport;
  } catch {
    return undefined; // written atomically, but be tolerant
  }
}

/** A sequential step: skipped once an earlier step failed; a failure saves a screenshot. */
function step(name: string, timeoutMs: number, body: () => Promise<void>): void {
  test(name, { timeout: timeoutMs }, async (t) => {
    if (failed) {
      t.skip('an earlier step failed');
      return;
    }
    const started = Date.now();
    try {
      await body();
      note(`${name}: ok in ${Date.now() - started} ms`);
    } catch (error) {
      failed = true;
      note(`${name}: FAILED after ${Date.now() - started} ms`);
      await screenshot(`failure-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
      const r = readReport();
      if (r) note(`runner report: stage=${r.stage}${r.error ? ` error=${r.error}` : ''}\n  ${r.log.slice(-15).join('\n  ')}`);
      throw error;
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const found = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(found));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function codeServer(args: string[], timeoutMs: number): string {
  const result = spawnSync(process.execPath, [ENTRY, ...args], { encoding: 'utf8', timeout: timeoutMs });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  assert.equal(result.status, 0, `code-server ${args.join(' ')} failed:\n${output}`);
  return output;
}

/** Stops code-server and everything it spawned (extension host, language server): the whole process group. */
async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}

after(async () => {
  await browser?.close().catch(() => undefined);
  browser = undefined;
  await stopServer();
  if (work) {
    const runnerJson = join(work, 'runner-out', 'runner.json');
    if (existsSync(runnerJson)) cpSync(runnerJson, join(OUT, 'runner.json'));
    if (process.env.E2E_KEEP === '1') note(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  note(`finished in ${elapsed()}; artifacts in ${OUT}`);
});

// ---- the steps ------------------------------------------------------------------------------------------

step('prerequisites: code-server, Chromium', 10_000, async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  assert.ok(existsSync(ENTRY), `code-server ${CODE_SERVER_VERSION} not found at ${ENTRY}: run scripts/e2e-setup.sh`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: run scripts/e2e-setup.sh (apt-get install chromium)`);
});

step('package the extension (.vsix)', 180_000, async () => {
  if (process.env.E2E_VSIX) {
    vsix = process.env.E2E_VSIX;
    assert.ok(existsSync(vsix), `E2E_VSIX=${vsix} does not exist`);
    return;
  }
  const before = Date.now() - 1000;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  writeFileSync(join(OUT, 'package.log'), `${result.stdout ?? ''}${result.stderr ?? ''}`);
  assert.equal(result.status, 0, `npm run package failed (see ${join(OUT, 'package.log')}):\n${result.stdout}${result.stderr}`);
  const fresh = readdirSync(ROOT)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => join(ROOT, f))
    .filter((f) => statSync(f).mtimeMs >= before)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  assert.ok(fresh.length > 0, 'npm run package did not write a .vsix into the project folder');
  vsix = fresh[0];
  note(`packaged ${vsix} (${Math.round(statSync(vsix).size / 1024)} KiB)`);
});

step('prepare a throw-away profile, extensions and workspace', 90_000, async () => {
  work = mkdtempSync(join(tmpdir(), 'hipaa-iac-e2e-'));
  const userData = join(work, 'user-data');
  const extensions = join(work, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  mkdirSync(join(work, 'runner-out'), { recursive: true });
  cpSync(join(__dirname, 'workspace'), join(work, 'workspace'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'security.workspace.trust.enabled': false,
        'editor.minimap.enabled': false,
        'files.autoSave': 'off',
        'chat.commandCenter.enabled': false,
      },
      null,
      2,
    ),
  );
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', join(work, 'config.yaml')];
  // The runner: bundled from TypeScript and packaged with vsce, then installed the same way. (An unpacked
  // folder copied into the extensions dir is ignored once extensions.json exists, i.e. after any install.)
  const runner = join(work, 'runner-src');
  mkdirSync(runner, { recursive: true });
  cpSync(join(__dirname, 'runner', 'package.json'), join(runner, 'package.json'));
  writeFileSync(join(runner, 'README.md'), '# HIPAA IaC Lint e2e runner\n\nTest-only; see test/e2e/runner/extension.ts.\n');
  await build({
    entryPoints: [join(__dirname, 'runner', 'extension.ts')],
    outfile: join(runner, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const runnerVsix = join(work, 'e2e-runner.vsix');
  const vsce = spawnSync(
    process.execPath,
    [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', runnerVsix],
    { cwd: runner, encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(vsce.status, 0, `packaging the runner failed:\n${vsce.stdout}${vsce.stderr}`);
  const installed = codeServer(['--install-extension', vsix, '--install-extension', runnerVsix, ...common], 90_000);
  for (const line of installed.trim().split('\n')) if (/installed/i.test(line)) note(line.trim());
  const list = codeServer(['--list-extensions', '--show-versions', ...common], 30_000);
  assert.match(list, new RegExp(`${EXTENSION_ID.replace(/\./g, '\\.')}@`), `the .vsix did not install:\n${list}`);
  assert.match(list, /hipaa-iac-lint-e2e\.e2e-runner@/, `the runner extension is not seen by code-server:\n${list}`);
});

// If the test process ends abruptly (Ctrl+C, a kill), do not leave code-server or the temporary folder
// behind. code-server runs in its own process group (detached) so that the whole group (extension host,
// language server) can be ended with it.
const cleanupNow = (): void => {
  if (server?.pid !== undefined && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  if (work && process.env.E2E_KEEP !== '1') rmSync(work, { recursive: true, force: true });
};
process.once('exit', cleanupNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    cleanupNow();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

step('start code-server on 127.0.0.1', 90_000, async () => {
  // A free port is picked just before the start; should another process grab it in between, code-server
  // exits at once and the start is retried on a new port.
  for (let attempt = 1; ; attempt++) {
    try {
      await startServer();
      return;
    } catch (error) {
      const clash = /EADDRINUSE/.test(serverLog);
      await stopServer();
      if (!clash || attempt >= 3) throw error;
      note(`port ${port} was taken, retrying`);
    }
  }
});

async function startServer(): Promise<void> {
  port = await freePort();
  serverLog = '';
  const args = [
    ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', join(work, 'user-data'),
    '--extensions-dir', join(work, 'extensions'),
    '--config', join(work, 'config.yaml'),
    join(work, 'workspace'),
  ];
  const logFile = createWriteStream(join(OUT, 'code-server.log'), { flags: 'a' });
  server = spawn(process.execPath, args, {
    cwd: work,
    detached: true, // its own process group, so stopServer() also ends the extension host and language server
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HIPAA_IAC_E2E_OUT: join(work, 'runner-out') },
  });
  const onData = (chunk: Buffer): void => {
    serverLog += chunk.toString();
    logFile.write(chunk);
  };
  server.stdout?.on('data', onData);
  server.stderr?.on('data', onData);
  server.once('exit', (code, signal) => {
    serverLog += `\n[code-server exited: ${code ?? signal}]\n`;
    logFile.end();
  });
  await waitFor(`code-server to answer on port ${port}`, 45_000, async () => {
    if (!server || server.exitCode !== null) throw new Error(`code-server exited early:\n${serverLog}`);
    return (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200;
  });
  note(`code-server listening on 127.0.0.1:${port}`);
}

step('Chromium opens the workspace and main.tf in the VS Code workbench', 120_000, async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  const browserLog = createWriteStream(join(OUT, 'browser-console.log'));
  page.on('console', (message) => browserLog.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.message}\n`));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(join(work, 'workspace'))}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 45_000 });
  // Open main.tf from the Explorer like a user.
  const entry = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.tf' }).first();
  await entry.waitFor({ state: 'visible', timeout: 30_000 });
  await entry.click();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'storage_encrypted' }).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot('workbench-main.tf-open');
});

step('inside the extension host: our diagnostic appears, a WorkspaceEdit fix clears it, reverting restores it', 150_000, async () => {
  report = await waitFor('the runner extension to reach "ready-for-ui"', 140_000, () => {
    const r = readReport();
    if (r?.stage === 'failed') throw new Error(`runner failed: ${r.error}\n${r.log.join('\n')}`);
    return r?.stage === 'ready-for-ui' || r?.stage === 'done' ? r : undefined;
  }).catch((error: unknown) => {
    const r = readReport();
    throw new Error(`${String(error)}\nrunner report: ${r ? JSON.stringify(r, null, 2) : 'none (did the runner activate?)'}\ncode-server log:\n${serverLog.slice(-3000)}`);
  });
  note(`VS Code ${report.vscodeVersion}, remoteName=${report.remoteName}, extension ${JSON.stringify(report.extension)}`);
  assert.equal(report.vscodeVersion, '1.100.3');
  assert.equal(report.languageId, 'terraform', 'main.tf should open with our language id');
  assert.equal(report.extension?.active, true);
  const d = report.diagnostic;
  assert.ok(d, 'no diagnostic in the report');
  assert.equal(d.code, RULE);
  assert.equal(d.source, 'hipaa-iac');
  assert.equal(d.severity, 'Error');
  assert.match(d.message, /RDS instance "patients"/);
  assert.match(d.message, /164\.312\(a\)\(2\)\(iv\)/);
  assert.equal(d.range.startLine, 8, 'the finding should sit on line 9 (storage_encrypted = false)');
  const names = report.steps.map((s) => s.name);
  for (const expected of ['diagnostic-appears', 'api-fix-clears-diagnostic', 'api-revert-restores-diagnostic']) {
    assert.ok(names.includes(expected), `runner step ${expected} missing: ${names.join(', ')}`);
  }
  for (const s of report.steps) note(`  runner step ${s.name}: ${s.ms} ms`);
});

/** The text of the Problems view ('' when it is not open). */
async function problemsText(p: Page): Promise<string> {
  const panel = p.locator('.markers-panel');
  if ((await panel.count()) === 0) return '';
  return (await panel.first().innerText()).replace(/\s+/g, ' ');
}

step('in the browser: squiggle in the editor and the finding in the Problems view', 60_000, async () => {
  const p = page!;
  const d = report!.diagnostic!;
  const editor = p.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor('the main.tf tab', 30_000, async () => (await p.locator('.tabs-container .tab', { hasText: 'main.tf' }).count()) > 0);
  await waitFor('an error squiggle in the editor', 30_000, async () => (await editor.locator('.squiggly-error').count()) > 0);
  // Open the Problems view the way a user does: command palette (focus is in the workbench since the
  // Explorer click that opened main.tf).
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>Problems: Focus on Problems View');
  const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Focus on Problems View' }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await p.keyboard.press('Enter');
  const text = await waitFor('the Problems view to list the finding', 30_000, async () => {
    const t = await problemsText(p);
    return t.includes(RULE) && t.includes('RDS instance "patients"') ? t : undefined;
  });
  note(`Problems view: ${text.slice(0, 300)}`);
  assert.ok(text.includes(d.message.slice(0, 60)), 'the Problems view should show the diagnostic message');
  // Our TextMate grammar colours the file: block keyword, resource type label, attribute name and boolean are
  // all drawn in a colour other than the default foreground (Monaco's token class mtk1), with at least three
  // different colours among them (the default light theme paints keywords and booleans the same blue).
  const tokenClass = async (text: string): Promise<string> => {
    const cls = await editor.locator('.view-line span span', { hasText: new RegExp(`^${text}$`) }).first().getAttribute('class');
    return /mtk\d+/.exec(cls ?? '')?.[0] ?? '';
  };
  const classes = await Promise.all(['resource', 'aws_db_instance', 'storage_encrypted', 'false'].map(tokenClass));
  note(`token classes resource/aws_db_instance/storage_encrypted/false: ${classes.join(' / ')}`);
  assert.ok(classes.every((c) => c !== '' && c !== 'mtk1'), `expected coloured tokens, got ${classes.join(', ')}`);
  assert.ok(new Set(classes).size >= 3, `expected at least three token colours, got ${classes.join(', ')}`);
  await screenshot('finding-in-editor-and-problems');
  await editor.screenshot({ path: join(OUT, 'editor-with-squiggle.png') });
});

step('in the browser: typing the fix clears the finding', 90_000, async () => {
  const p = page!;
  const editor = p.locator('.editor-instance .monaco-editor').first();
  // Double-click the `false` token (its own span thanks to the grammar) and type over the selection.
  const falseToken = editor
    .locator('.view-line', { hasText: 'storage_encrypted' })
    .locator('span span', { hasText: /^false$/ })
    .first();
  await falseToken.waitFor({ state: 'visible', timeout: 15_000 });
  const squiggles = await editor.locator('.squiggly-error').count();
  await falseToken.dblclick();
  await p.keyboard.type('true', { delay: 30 });
  await waitFor('the typed text in the editor', 15_000, async () => (await editor.locator('.view-line', { hasText: /storage_encrypted\s+=\s+true/ }).count()) > 0);
  await p.keyboard.press('Escape'); // close the word-completion popup the typing opened
  await waitFor('the finding to leave the Problems view', 30_000, async () => !(await problemsText(p)).includes(RULE));
  await waitFor('the squiggle to go', 30_000, async () => (await editor.locator('.squiggly-error').count()) < squiggles);
  const final = await waitFor('the runner to confirm from inside and save ("done")', 60_000, () => {
    const r = readReport();
    if (r?.stage === 'failed') throw new Error(`runner failed: ${r.error}`);
    return r?.stage === 'done' ? r : undefined;
  });
  report = final;
  assert.ok(final.steps.some((s) => s.name === 'ui-typed-fix-clears-diagnostic'));
  const onDisk = readFileSync(join(work, 'workspace', 'main.tf'), 'utf8');
  assert.match(onDisk, /storage_encrypted\s+=\s+true/, 'the saved file should carry the typed fix');
  await screenshot('fixed');
});

// ---- the controls coverage report -----------------------------------------------------------------------

/** The report's document: the webview's outer iframe (class `webview ready`) holds the page in #active-frame. */
function reportFrame(p: Page) {
  return p.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/** The table row of a control (ids hold parentheses and dots: matched as an attribute value). */
const controlRow = (id: string): string => `tr[id="c-${id}"]`;
const ENCRYPTION = 'hipaa:164.312(a)(2)(iv)';

function waitForCoverageStage(stage: CoverageStage, timeoutMs: number): Promise<RunnerReport> {
  return waitFor(`the runner to reach coverage stage "${stage}"`, timeoutMs, () => {
    const r = readReport();
    if (r?.stage === 'failed') throw new Error(`runner failed: ${r.error}`);
    return r?.coverage && COVERAGE_STAGES.indexOf(r.coverage.stage) >= COVERAGE_STAGES.indexOf(stage) ? r : undefined;
  });
}

step('coverage report: the command opens the panel with every control, over the whole workspace', 120_000, async () => {
  const p = page!;
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>HIPAA IaC: Show Controls Coverage Report');
  const row = p.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Controls Coverage Report' }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await p.keyboard.press('Enter');
  const frame = reportFrame(p);
  await frame.locator('body[data-ready="true"] #computed').waitFor({ state: 'visible', timeout: 60_000 });
  await waitForCoverageStage('panel-open', 30_000);
  // The fixed file: the encryption safeguard is satisfied, nothing fails.
  await waitFor('the encryption safeguard to be satisfied', 30_000, async () => (await frame.locator(controlRow(ENCRYPTION)).getAttribute('data-status')) === 'satisfied');
  assert.equal((await frame.locator('button.card[data-filter="failing"] b').innerText()).trim(), '0');
  const text = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
  note(`report: ${text.slice(0, 400)}`);
  assert.match(text, /HIPAA \/ ISO 27017 controls coverage/);
  assert.match(text, /Computed \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC by hipaa-iac \S+ \(\d+ rules\) over 1 file\./);
  assert.match(text, /\d+% of the \d+ controls that infrastructure code can evidence are satisfied/);
  assert.match(text, /HIPAA Security Rule/);
  assert.match(text, /ISO\/IEC 27017/);
  assert.match(text, /Not addressable by IaC/);
  assert.match(text, /Evidence needed: A documented, current risk analysis/);
  assert.match(text, /Files scanned 1 file main\.tf/);
  const rows = await frame.locator('tr.control').count();
  assert.ok(rows > 50, `expected every control in the table, got ${rows}`);
  await screenshot('coverage-report-satisfied');
  writeFileSync(join(work, 'runner-out', 'signal-revert'), 'go\n');
});

step('coverage report: live, undoing the fix in the buffer turns the safeguard failing in the open panel', 120_000, async () => {
  const p = page!;
  const frame = reportFrame(p);
  await waitForCoverageStage('reverted', 90_000);
  await frame.locator(`${controlRow(ENCRYPTION)}[data-status="failing"]`).waitFor({ state: 'attached', timeout: 60_000 });
  const failing = Number((await frame.locator('button.card[data-filter="failing"] b').innerText()).trim());
  assert.ok(failing >= 1, `the failing count should have gone up, got ${failing}`);
  const link = frame.locator(`${controlRow(ENCRYPTION)} a.loc`).first();
  assert.equal((await link.innerText()).trim(), 'main.tf:9');
  assert.match(await frame.locator(controlRow(ENCRYPTION)).innerText(), /aws-rds-storage-encrypted[\s\S]*aws_db_instance\.patients[\s\S]*RDS instance "patients"/);
  // Show only the failing controls (the summary cards filter the tables), as a user triaging would.
  await frame.locator('button.card[data-filter="failing"]').click();
  await waitFor('the filter to hide the other controls', 15_000, async () => (await frame.locator('tr.control:visible').count()) === failing);
  await screenshot('coverage-report');
  await p.screenshot({ path: join(OUT, 'coverage-report.png') });
});

step('coverage report: clicking a finding opens main.tf with the finding selected', 120_000, async () => {
  const p = page!;
  await reportFrame(p).locator(`${controlRow(ENCRYPTION)} a.loc`).first().click();
  const r = await waitForCoverageStage('drilled-down', 60_000);
  const selection = r.coverage?.selection;
  note(`drill-down selection: ${JSON.stringify(selection)}`);
  assert.ok(selection);
  assert.equal(selection.file, 'main.tf');
  assert.deepEqual([selection.startLine, selection.startCharacter, selection.endLine], [8, 2, 8]);
  assert.match(selection.text, /^storage_encrypted\s+=\s+false$/);
  await p.locator('.editor-instance .monaco-editor .view-line', { hasText: 'storage_encrypted' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await screenshot('coverage-drill-down');
});

step('coverage report: "Export Markdown" saves the report through the save dialog', 120_000, async () => {
  const p = page!;
  const frame = reportFrame(p);
  const before = new Set(readdirSync(join(work, 'workspace')));
  await frame.locator('button[data-action="export"][data-format="md"]').click();
  // In the browser VS Code's save dialog is a quick input holding the proposed path.
  const input = p.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const proposed = await waitFor('the proposed file name', 15_000, async () => {
    const value = await input.inputValue();
    return /hipaa-coverage-\d{4}-\d{2}-\d{2}\.md$/.test(value) ? value : undefined;
  });
  note(`save dialog proposes ${proposed}`);
  await screenshot('coverage-export-dialog');
  await p.keyboard.press('Enter');
  const file = await waitFor('the exported report in the workspace folder', 30_000, () =>
    readdirSync(join(work, 'workspace')).find((name) => !before.has(name) && /^hipaa-coverage-\d{4}-\d{2}-\d{2}\.md$/.test(name)),
  );
  const text = await waitFor('the exported report to be written', 15_000, () => {
    const content = readFileSync(join(work, 'workspace', file), 'utf8');
    return content.length > 0 ? content : undefined;
  });
  writeFileSync(join(OUT, 'coverage-export.md'), text);
  assert.match(text, /^# HIPAA \/ ISO 27017 controls coverage/);
  assert.match(text, /over 1 files\./);
  assert.match(text, /main\.tf:9 `aws-rds-storage-encrypted` aws_db_instance\.patients/, 'the export is of the buffer, with the fix undone');
  await waitFor('the panel to confirm the export', 15_000, async () => /Saved the Markdown report/.test(await frame.locator('#status').innerText()));
  await screenshot('coverage-exported');
});
