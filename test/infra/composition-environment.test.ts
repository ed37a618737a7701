/**
 * Every function's composition builds its adapters from exactly the environment the stack gives that
 * function. Locally every function gets every variable, so an adapter that reads one its function
 * lacks (the idempotency table's name in a function without an idempotency table) passes every local
 * test and fails in AWS at the function's first request: each composition is built here, in a process
 * of its own, with only its function's variables.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { ROUTE_GROUPS } from '../../lambdas/api/routes';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, synthChorus } from './stack';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));

let stack: ChorusStack;
let resources: Record<string, { Properties: { Environment?: { Variables?: Record<string, unknown> } } }>;
let assemblyDir: string;

beforeAll(() => {
  const synthesized = synthChorus();
  ({ stack, assemblyDir } = synthesized);
  resources = synthesized.template.toJSON().Resources;
});

afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

/** A CloudFormation value as deployed: a reference (a table's name, a queue's URL) stands for a name of the same form. */
function resolved(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(resolved).join(separator);
  }
  const logicalId = String(intrinsic.Ref ?? (intrinsic['Fn::GetAtt'] as unknown[] | undefined)?.[0] ?? 'value');
  return `chorus-${logicalId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

/** The function's variables as Lambda sets them. */
function environmentOf(fn: LambdaFunction): Record<string, string> {
  const variables = resources[logicalIdOf(fn)]?.Properties.Environment?.Variables ?? {};
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolved(value)]));
}

/**
 * Imports the module and builds what it composes, as a first request would: every `*Runtime`'s
 * deps, standing store and idempotency records, and every `*Deps()` factory. Nothing is sent.
 */
const BUILD = `
const m = await import(process.argv[1]);
for (const [name, value] of Object.entries(m)) {
  if (name.endsWith('Runtime') && value && typeof value.deps === 'function') {
    value.deps();
    value.standing?.();
    value.idempotency?.();
  } else if (name.endsWith('Deps') && typeof value === 'function' && value.length === 0) value();
}
`;

async function build(module: string, fn: LambdaFunction): Promise<string> {
  try {
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', BUILD, join(REPO, module)], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', ...environmentOf(fn) },
      timeout: 30_000,
    });
    return 'built';
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    return stderr?.split('\n').find((line) => /^\w*Error: /.test(line)) ?? String(error);
  }
}

test('every composition builds with only its own function environment', async () => {
  const compositions: [string, LambdaFunction][] = [
    ...ROUTE_GROUPS.filter((group) => existsSync(join(REPO, `lambdas/composition/${group}.ts`))).map(
      (group) => [`lambdas/composition/${group}.ts`, stack.api.functions[group]] as [string, LambdaFunction],
    ),
    ['lambdas/finance/finance-composition.ts', stack.api.functions.finance],
    ['lambdas/composition/ideas-worker.ts', stack.ideasWorker.worker],
    ['lambdas/composition/member-data-worker.ts', stack.memberData.worker],
    ['lambdas/composition/notifier.ts', stack.notifications.notifier],
  ];

  const outcomes = await Promise.all(compositions.map(async ([module, fn]) => [module, await build(module, fn)] as const));

  expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(compositions.map(([module]) => [module, 'built'])));
}, 120_000);
