/**
 * The README's shell examples, run as a new user would run them: `npm start` (on free ports, in a
 * temp data dir, seeded, as a fresh start is), then every ```sh block of README.md through bash, with
 * `localhost:3000` replaced by the runtime's address. A command that fails, or a curl answered with
 * an HTTP error (curl runs with --fail-with-body), fails the test with the block's output.
 *
 * Its own runtime rather than the suite's: the examples expect the seeded demo data, and claim-next
 * claims the most urgent item of any community, which would take another test's item.
 *
 * Skipped, and printed: what needs AWS (cdk bootstrap/deploy), would recurse or take minutes (npm
 * install, npm start, npm test, npm run bench); everything when curl is missing or the suite targets a
 * deployed stack.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../lambdas/config';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const START_TIMEOUT_MS = 120_000;
const BLOCK_TIMEOUT_MS = 150_000;

/** Commands a test cannot or should not run, with why. */
const NOT_RUN: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^npm install\b/, why: 'installs: the suite runs on the installed tree' },
  { pattern: /^npm (start|test)\b/, why: 'this test runs npm start itself; npm test would recurse' },
  { pattern: /^npm run bench\b/, why: 'the benchmark takes about 6 minutes' },
  { pattern: /^npm run live\b/, why: 'listens until Ctrl-C (test/integration/live.test.ts opens real sockets instead)' },
  { pattern: /^npx cdk (bootstrap|deploy)\b/, why: 'needs an AWS account' },
];

interface Example {
  /** "## Section" the block is under. */
  readonly section: string;
  readonly commands: readonly string[];
}

/** The ```sh blocks of the README, each a list of commands (backslash continuations joined). */
function shellExamples(readme: string): Example[] {
  const examples: Example[] = [];
  let section = '';
  let block: string[] | undefined;
  for (const line of readme.split('\n')) {
    if (block === undefined && line.startsWith('## ')) section = line.slice(3);
    if (block === undefined && line.trim() === '```sh') block = [];
    else if (block !== undefined && line.trim() === '```') {
      examples.push({ section, commands: block.join('\n').split(/(?<!\\)\n/) });
      block = undefined;
    } else if (block !== undefined) block.push(line);
  }
  return examples.map((e) => ({ ...e, commands: e.commands.filter((c) => c.trim() !== '') }));
}

/**
 * A new user's environment: this worker's, without what the suite's runtime exported for its handlers
 * (LAKE_BUCKET, COST_USAGE_FILE, AWS endpoints and keys ...), which would point the CLIs elsewhere.
 */
function userEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const handlerNames = new Set<string>(Object.values(ENV));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !handlerNames.has(name) && !/^(AWS_|POWERTOOLS_|CHORUS_)/.test(name)));
  return { ...env, ...extra };
}

const hasCurl = (): boolean => {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const deployed = process.env.CHORUS_ISSUER_FILE === undefined;
const curl = hasCurl();
const whyNot = deployed ? 'the suite targets a deployed stack (CHORUS_BASE_URL)' : curl ? undefined : 'curl is not installed on this machine';
if (whyNot) console.warn(`\nREADME EXAMPLES NOT RUN: ${whyNot}. Nothing of README.md's shell examples was checked.\n`);

(whyNot ? describe.skip : describe)("the README's shell examples", () => {
  let dataDir: string;
  let outDir: string;
  let runtime: ChildProcess | undefined;
  let address = '';
  let runtimeOutput = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chorus-readme-data-'));
    outDir = await mkdtemp(join(tmpdir(), 'chorus-readme-cwd-'));
    // npm start as the README says, on free ports and a data dir of its own; its own process group,
    // so stopping it stops what it started.
    runtime = spawn('npm', ['start'], {
      cwd: REPO,
      detached: true,
      env: userEnvironment({ PORT: '0', DYNAMODB_LOCAL_PORT: '0', FAUXQS_PORT: '0', CHORUS_DATA_DIR: dataDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    address = await new Promise<string>((resolveAddress, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no address in ${START_TIMEOUT_MS} ms:\n${runtimeOutput}`)), START_TIMEOUT_MS);
      const read = (chunk: Buffer) => {
        runtimeOutput += chunk.toString();
        const ready = /Chorus is running at http:\/\/(localhost:\d+)/.exec(runtimeOutput);
        if (ready) {
          clearTimeout(timer);
          resolveAddress(ready[1]!);
        }
      };
      runtime!.stdout!.on('data', read);
      runtime!.stderr!.on('data', read);
      runtime!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${runtimeOutput}`));
      });
    });
  }, START_TIMEOUT_MS + 5_000);

  afterAll(async () => {
    const running = () => runtime?.pid !== undefined && runtime.exitCode === null && runtime.signalCode === null;
    if (running()) {
      const exited = new Promise((resolveExit) => runtime!.once('exit', resolveExit));
      process.kill(-runtime!.pid!, 'SIGINT');
      await Promise.race([exited, new Promise((resolveLater) => setTimeout(resolveLater, 20_000).unref())]);
      if (running()) process.kill(-runtime!.pid!, 'SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  }, 30_000);

  it(
    "runs the README's shell examples against npm start",
    async () => {
      // Prepare
      const examples = shellExamples(await readFile(join(REPO, 'README.md'), 'utf8'));
      const skipped: string[] = [];
      const scripts = examples.map(({ section, commands }) => {
        const run = commands.filter((command) => {
          const notRun = NOT_RUN.find((n) => n.pattern.test(command.trim()));
          if (notRun) skipped.push(`  [${section}] ${command.trim().split('\n')[0]}   (${notRun.why})`);
          return !notRun;
        });
        return { section, script: run.join('\n').replaceAll('localhost:3000', address) };
      });
      console.log(`README examples not run (${skipped.length}):\n${skipped.join('\n')}`);

      // Act and assess: each block as one bash script, so its variables carry from line to line.
      // npm runs in the repo (--prefix) while files the examples write land in a temp dir (INIT_CWD).
      const prelude = [
        'set -e -o pipefail',
        `npm() { command npm --prefix ${JSON.stringify(REPO)} "$@"; }`,
        `npx() { (cd ${JSON.stringify(REPO)} && command npx "$@"); }`,
        'curl() { command curl --fail-with-body "$@"; }',
      ].join('\n');
      let ran = 0;
      for (const { section, script } of scripts) {
        if (script.trim() === '') continue;
        const output = await runBash(`${prelude}\n${script}`, { cwd: outDir, env: userEnvironment({ CHORUS_DATA_DIR: dataDir }) });
        if (output.code !== 0) throw new Error(`README example under "${section}" failed (exit ${output.code}):\n${script}\n--- output ---\n${output.text}`);
        ran += 1;
      }

      expect(ran).toBeGreaterThanOrEqual(5);
      expect((await stat(join(outDir, 'cost.html'))).size).toBeGreaterThan(1000);
      expect(await readFile(join(outDir, 'cost.html'), 'utf8')).toMatch(/^<!doctype html>/);
      // The ledger page of the seeded weeks: a page with its charts, no npm banner before it.
      const ledger = await readFile(join(outDir, 'ledger.html'), 'utf8');
      expect(ledger).toMatch(/^<!doctype html>/);
      expect(ledger).toContain('data-chart="weekly"');
    },
    BLOCK_TIMEOUT_MS * 3,
  );
});

function runBash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; text: string }> {
  return new Promise((resolveRun) => {
    const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, text });
    });
  });
}
