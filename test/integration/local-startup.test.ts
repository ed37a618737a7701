/**
 * The local API Gateway's port during startup: a request that arrives after the port opens and
 * before the API is built (the issuer is still opening) is answered, not accepted and left hanging.
 * Needs no emulator: it starts the API server alone, on a free port, with a temp data dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type OpenIssuer } from '../../local/api-server';
import { openLocalIssuer } from '../../local/local-issuer';
import { resolveSettings } from '../../local/settings';
import { createTeardown } from '../../local/teardown';
import type { UsageRecorder } from '../../local/usage-recorder';

const notRecorded: UsageRecorder = {
  file: '',
  recordInvocation: (_call, run) => run(),
  recordPipelineInvocation: (_name, run) => run(),
  recordLiveMessage: () => undefined,
  recordLiveConnection: () => undefined,
  stop: () => undefined,
};

describe('the local API port during startup', () => {
  it('answers a request that arrives after the port opens and before the API is built', async () => {
    // Prepare: an issuer that opens only once a request has reached the open port.
    const dataDir = await mkdtemp(join(tmpdir(), 'chorus-startup-'));
    const teardown = createTeardown((error) => {
      throw error;
    });
    let earlyResponse: Promise<Response> | undefined;
    const slowIssuer: OpenIssuer = async (options) => {
      earlyResponse = fetch(`${options.baseUrl}/no-such-route`, { signal: AbortSignal.timeout(3_000) });
      // The request is on the wire (or queued) before the issuer exists; give the socket a turn to be accepted.
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      return openLocalIssuer(options);
    };
    try {
      // Act
      await startApiServer(resolveSettings({ port: 0, dataDir, quiet: true }), notRecorded, teardown, slowIssuer);
      const response = await earlyResponse!;

      // Assess: answered by the local API Gateway (no route), within the bound.
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await teardown.run();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
