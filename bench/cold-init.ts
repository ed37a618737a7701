/**
 * Cold init: a fresh Node process per run imports a bundle and reports when its handler is ready,
 * the way the Lambda runtime's INIT phase does. Bundles are measured interleaved (run 1 of every
 * bundle, then run 2 of every bundle, ...) so drift of the machine spreads over all of them.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, round } from './stats';

const run = promisify(execFile);

/**
 * Runs in the child. performance.now() counts from the process's time origin, so `readyMs` is
 * process start to handler ready (Node's own bootstrap included); `importMs` is the import alone, and
 * `importCpuMs` the CPU time (user + system) the import took: what INIT costs on a Lambda's own vCPU
 * share, and unlike wall time it does not grow with other work on a shared machine.
 */
const RUNNER = `
const started = performance.now();
const cpu = process.cpuUsage();
const module = await import(process.argv[2]);
if (typeof module.handler !== 'function') throw new Error('no handler export in ' + process.argv[2]);
const used = process.cpuUsage(cpu);
const ready = performance.now();
process.stdout.write(JSON.stringify({ importMs: ready - started, readyMs: ready, importCpuMs: (used.user + used.system) / 1000 }));
`;

export interface InitSamples {
  readonly name: string;
  readonly importMs: readonly number[];
  readonly readyMs: readonly number[];
}

export interface InitFigure {
  readonly name: string;
  readonly runs: number;
  readonly medianImportMs: number;
  readonly medianReadyMs: number;
  /** Median CPU time of the import (absent in results before 2026-11-30). */
  readonly medianImportCpuMs?: number;
}

export interface ColdInitOptions {
  readonly bundles: readonly { readonly name: string; readonly file: string }[];
  readonly runs: number;
  readonly workDir: string;
  /** The function's environment (what the template sets, plus what the Lambda runtime adds). */
  readonly environment: Readonly<Record<string, string>>;
}

export async function measureColdInit(options: ColdInitOptions): Promise<InitFigure[]> {
  const runner = join(options.workDir, 'init-runner.mjs');
  await writeFile(runner, RUNNER);
  const samples = new Map(options.bundles.map((b) => [b.name, { importMs: [] as number[], readyMs: [] as number[], importCpuMs: [] as number[] }]));
  // One warm-up round fills the OS page cache, so no bundle pays for the first read from disk.
  for (let round = -1; round < options.runs; round++) {
    for (const bundle of options.bundles) {
      const { stdout } = await run(process.execPath, [runner, `file://${bundle.file}`], {
        env: { PATH: process.env.PATH ?? '', ...options.environment },
        timeout: 30_000,
      });
      if (round < 0) continue;
      const result = JSON.parse(stdout) as { importMs: number; readyMs: number; importCpuMs: number };
      samples.get(bundle.name)!.importMs.push(result.importMs);
      samples.get(bundle.name)!.readyMs.push(result.readyMs);
      samples.get(bundle.name)!.importCpuMs.push(result.importCpuMs);
    }
  }
  return options.bundles.map((b) => {
    const s = samples.get(b.name)!;
    return {
      name: b.name,
      runs: s.importMs.length,
      medianImportMs: round(median(s.importMs)),
      medianReadyMs: round(median(s.readyMs)),
      medianImportCpuMs: round(median(s.importCpuMs)),
    };
  });
}
