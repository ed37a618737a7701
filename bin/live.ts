/**
 * npm run live -- --user alice [--groups moderators]
 * Opens a live socket as the user on the local runtime (ws://localhost:<port>/live) with a token
 * from the local issuer, and prints every frame it receives, one JSON line each. Ctrl-C closes it.
 */
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { LIVE_SUBPROTOCOL } from '../lambdas/live/sockets';
import { GROUPS_USAGE, IDENTITY_OPTIONS, identityOf } from '../local/cli-identity';
import { liveUrlOf } from '../local/live-server';
import { openLocalIssuer } from '../local/local-issuer';
import { describeStartupFailure } from '../local/local-runtime-error';
import { issuerFileOf, localEndpoints, startFreshHint } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

const USAGE = `usage: npm run live -- --user <name> [--groups <group>[,<group>…]]
${GROUPS_USAGE}
example: npm run live -- --user alice            (then, as bob, comment on alice's post)
         npm run live -- --user mo --groups moderators`;

/** API Gateway closes a socket idle for 10 minutes; a ping every 5 keeps this one open. */
const PING_EVERY_MS = 5 * 60 * 1000;

function fail(message: string, code = 2): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(code);
}

function parse(): { user: string; groups: string[] } {
  let values: { user?: string; groups?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: IDENTITY_OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return identityOf(values, 'members', fail);
}

const { user, groups } = parse();
let url: string;
let token: string;
try {
  const endpoints = await localEndpoints(DEFAULT_DATA_DIR);
  if (!endpoints.running) fail(`no local runtime is running (start one with npm start): expected one at ${endpoints.baseUrl}`, 1);
  const issuer = await openLocalIssuer({ file: issuerFileOf(DEFAULT_DATA_DIR), baseUrl: endpoints.baseUrl, startFreshHint: startFreshHint(DEFAULT_DATA_DIR) });
  token = await issuer.mintToken({ user, groups });
  url = liveUrlOf(endpoints.baseUrl);
} catch (error) {
  console.error(describeStartupFailure(error));
  process.exit(1);
}

// The token rides as a subprotocol, as a browser would send it (browsers cannot set headers on a socket).
const socket = new WebSocket(url, [LIVE_SUBPROTOCOL, token]);
let ping: NodeJS.Timeout | undefined;
socket.on('open', () => {
  console.error(`connected to ${url} as ${user} (${groups.join(', ')}); frames follow, Ctrl-C closes`);
  ping = setInterval(() => socket.send(JSON.stringify({ action: 'ping' })), PING_EVERY_MS);
});
socket.on('message', (data) => console.log(data.toString()));
socket.on('unexpected-response', (_request, response) => {
  console.error(`the socket was refused: ${response.statusCode} ${response.statusMessage ?? ''}`);
  process.exit(1);
});
socket.on('error', (error) => {
  console.error(`the socket failed: ${error.message}`);
  process.exit(1);
});
socket.on('close', (code, reason) => {
  clearInterval(ping);
  console.error(`closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
  process.exit(0);
});
process.on('SIGINT', () => socket.close(1000, 'bye'));
