/**
 * npm run seed: seeds the running local runtime (npm start already seeds on start) with the demo
 * communities, posts, comments and reactions, through its HTTP API. Idempotent.
 */
import { openLocalIssuer } from '../local/local-issuer';
import { describeStartupFailure } from '../local/local-runtime-error';
import { issuerFileOf, localBaseUrl, startFreshHint } from '../local/runtime-file';
import { seedDemoData } from '../local/seed';
import { DEFAULT_DATA_DIR } from '../local/settings';

try {
  const baseUrl = await localBaseUrl(DEFAULT_DATA_DIR);
  // The issuer's JWKS is served by the local runtime itself, whatever state the handlers are in.
  const probe = await fetch(`${baseUrl}/local-issuer/.well-known/jwks.json`).catch(() => undefined);
  if (!probe?.ok) {
    console.error(`no local runtime answers at ${baseUrl}: start it with npm start (which seeds too)`);
    process.exit(1);
  }
  const issuer = await openLocalIssuer({ file: issuerFileOf(DEFAULT_DATA_DIR), baseUrl, startFreshHint: startFreshHint(DEFAULT_DATA_DIR) });
  await seedDemoData({ baseUrl, mintToken: (o) => issuer.mintToken(o), log: (line) => console.log(line) });
} catch (error) {
  console.error(describeStartupFailure(error));
  process.exit(1);
}
