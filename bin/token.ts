/**
 * npm run token -- --user alice [--groups moderators,finance] [--team customer-care|supply-chain] [--ttl 3600]
 * Prints an access token from the local issuer (its key in .data/issuer.json, created if missing),
 * for the runtime running on this machine (or the one npm start would run: PORT, default 3000).
 */
import { parseArgs } from 'node:util';
import { GROUPS_USAGE, IDENTITY_OPTIONS, identityOf } from '../local/cli-identity';
import { openLocalIssuer } from '../local/local-issuer';
import { describeStartupFailure } from '../local/local-runtime-error';
import { issuerFileOf, localBaseUrl, startFreshHint } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

const USAGE = `usage: npm run -s token -- --user <name> [--groups <group>[,<group>…]] [--team <team>] [--ttl <seconds>]
${GROUPS_USAGE}
  team:   the custom:team claim (a partner's team), e.g. supply-chain
  ttl:    1 to 86400 seconds, default 3600
example: export TOKEN=$(npm run -s token -- --user mo --groups moderators)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(): { user: string; groups: string[]; team: string | undefined; ttlSeconds: number } {
  let values: { user?: string; groups?: string; team?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        ...IDENTITY_OPTIONS,
        team: { type: 'string' },
        ttl: { type: 'string' },
      },
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
  const { user, groups } = identityOf(values, '', fail);
  const ttlSeconds = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400)
    fail(`--ttl must be a whole number of seconds from 1 to 86400, got ${values.ttl}`);
  const team = values.team?.trim();
  if (team !== undefined && !/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/.test(team))
    fail(`--team must be 2-40 lowercase letters, digits or dashes, got ${JSON.stringify(team)}`);
  return { user, groups, team, ttlSeconds };
}

const { user, groups, team, ttlSeconds } = parse();
try {
  const issuer = await openLocalIssuer({
    file: issuerFileOf(DEFAULT_DATA_DIR),
    baseUrl: await localBaseUrl(DEFAULT_DATA_DIR),
    startFreshHint: startFreshHint(DEFAULT_DATA_DIR),
  });
  console.log(await issuer.mintToken({ user, groups, ttlSeconds, ...(team ? { team } : {}) }));
} catch (error) {
  console.error(describeStartupFailure(error));
  process.exit(1);
}
