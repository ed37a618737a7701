/**
 * npm start: the whole API on this machine. DynamoDB Local, fauxqs, the local issuer and the local
 * API Gateway on their default ports (PORT, DYNAMODB_LOCAL_PORT, FAUXQS_PORT override them), seeded
 * with demo data, with tokens to try it. Ctrl-C stops everything it started.
 */
import { describeStartupFailure } from '../local/local-runtime-error';
import { PORT_ENV } from '../local/settings';
import { startLocal, type LocalRuntime } from '../local/start-local';

const DEMO_USERS = [
  { user: 'alice', groups: ['members'], role: 'member' },
  { user: 'mo', groups: ['moderators'], role: 'moderator' },
  { user: 'cara', groups: ['community-managers'], role: 'community manager' },
  { user: 'fin', groups: ['finance'], role: 'finance' },
] as const;

function portFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number from 0 to 65535, got ${value}`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const httpPort = portFromEnv(PORT_ENV.http);
  const dynamoDbPort = portFromEnv(PORT_ENV.dynamodb);
  const fauxqsPort = portFromEnv(PORT_ENV.fauxqs);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocal({
      seed: true,
      ...(httpPort === undefined ? {} : { port: httpPort }),
      ...(dynamoDbPort === undefined ? {} : { dynamoDbPort }),
      ...(fauxqsPort === undefined ? {} : { fauxqsPort }),
    });
  } catch (error) {
    console.error(describeStartupFailure(error));
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      // A second Ctrl-C does not wait: the DynamoDB Local watchdog still takes java down with us.
      console.log(`${signal} again: exiting now`);
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local runtime…`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(describeStartupFailure(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const tokens = await Promise.all(
    DEMO_USERS.map(async (u) => ({ ...u, token: await runtime.mintToken({ user: u.user, groups: u.groups, ttlSeconds: 12 * 3600 }) })),
  );
  const alice = tokens[0]!.token;
  const { baseUrl } = runtime;
  console.log(`
Chorus local API   ${baseUrl}      (docs: ${baseUrl}/docs)
DynamoDB Local     ${runtime.endpoints.dynamodb}  tables ${runtime.tables.table}, ${runtime.tables.idempotencyTable}
SQS / S3 (fauxqs)  ${runtime.endpoints.sqs}  queue ${runtime.analytics.eventsQueueUrl}, bucket ${runtime.analytics.lakeBucket}
Data               ${runtime.dataDir}   (delete it to start fresh)

Demo tokens (12 h; more with npm run token -- --user <name> --groups <g1,g2>):
${tokens.map((t) => `  ${t.role.padEnd(18)} ${t.user.padEnd(6)} ${t.token}`).join('\n')}

Try it:
  export TOKEN=${alice}
  curl -s -X POST ${baseUrl}/v1/communities/outdoor-gear/posts -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"kind":"discussion","title":"Hello from curl","body":"My first local post"}'
  curl -s ${baseUrl}/v1/communities/outdoor-gear/posts -H "authorization: Bearer $TOKEN"

Ready in ${process.uptime().toFixed(1)} s (since the process started). Ctrl-C to stop.`);
}

await main();
