/**
 * npm start: the whole API on this machine. DynamoDB Local, fauxqs, the local issuer and the local
 * API Gateway on their default ports (PORT, DYNAMODB_LOCAL_PORT, FAUXQS_PORT override them), seeded
 * with demo data, with tokens to try it. Ctrl-C stops everything it started.
 */
import { describeStartupFailure } from '../local/local-runtime-error';
import { PORT_ENV } from '../local/settings';
import { startLocal, type LocalRuntime } from '../local/start-local';

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

  const { baseUrl } = runtime;
  // Short on purpose: where it runs, where tokens come from, one line to try, where the docs are.
  console.log(`
Chorus is running at ${baseUrl}   (Ctrl-C stops it; data in ${runtime.dataDir})
Tokens:  TOKEN=$(npm run -s token -- --user alice --groups members)
Try:     curl -s ${baseUrl}/v1/communities/outdoor-gear/posts -H "authorization: Bearer $TOKEN"
Live:    ${runtime.liveUrl}   (npm run live -- --user alice prints what it pushes)
Docs:    ${baseUrl}/docs   (README.md for everything else)
Ready in ${process.uptime().toFixed(1)} s.`);
}

await main();
