/**
 * The local API Gateway on its HTTP port: the issuer it verifies tokens with, and the route
 * groups' handlers behind it, each invocation recorded for the finance report.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { routes } from '../lambdas/api/routes';
import { answerClientError } from './client-errors';
import { setLiveHandlerEnvironment } from './handler-environment';
import { createHandlerLoader } from './handler-loader';
import { createLocalLive, type LiveHandlers } from './live-server';
import { createLocalApi, functionNameOf, type LocalApiLogger } from './local-api';
import { openLocalIssuer, type LocalIssuer } from './local-issuer';
import { LocalRuntimeError } from './local-runtime-error';
import { issuerFileOf } from './runtime-file';
import { PORT_ENV, type LocalSettings } from './settings';
import type { Teardown } from './teardown';
import type { UsageRecorder } from './usage-recorder';

export interface LocalApiServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly issuer: LocalIssuer;
  /** Request lines are logged from now on (until then only the runtime's own progress shows). */
  ready(): void;
}

/** What startApiServer opens the issuer with: openLocalIssuer, or a stand-in that a test slows down. */
export type OpenIssuer = typeof openLocalIssuer;

/**
 * Listens on the HTTP port and serves the route table. The server has its request listener from
 * the moment it exists: the issuer needs the port (its URL is the token's `iss`), so the port opens
 * first, and a request that arrives while the API is being built waits for it and is answered;
 * node:http would otherwise accept it and never answer (a health poll hung 10 minutes).
 */
export async function startApiServer(
  settings: LocalSettings,
  usage: UsageRecorder,
  teardown: Teardown,
  openIssuer: OpenIssuer = openLocalIssuer,
): Promise<LocalApiServer> {
  const { logger } = settings;
  let ready = false;
  const requestLogger: LocalApiLogger = {
    info: (line) => {
      if (ready) logger.info(line);
    },
    error: logger.error,
  };
  let attach: (listener: RequestListener) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const attached = new Promise<RequestListener>((resolveListener, reject) => {
    attach = resolveListener;
    fail = reject;
  });
  // A start that fails closes the server; a request still waiting then is dropped with its socket.
  attached.catch(() => undefined);
  const server = createServer((request, response) => {
    attached.then(
      (listener) => listener(request, response),
      () => response.destroy(),
    );
  });
  server.on('clientError', answerClientError);
  const port = await listen(server, settings.httpPort);
  teardown.add(() => closeServer(server));
  const baseUrl = `http://localhost:${port}`;
  let issuer: LocalIssuer;
  try {
    issuer = await openIssuer({ file: issuerFileOf(settings.dataDir), baseUrl, startFreshHint: settings.freshHint });
  } catch (error) {
    fail(error);
    throw error;
  }
  // The WebSocket API and its Management API share the HTTP port (ws://localhost:<port>/live).
  setLiveHandlerEnvironment(baseUrl, issuer);
  const live = createLocalLive({
    region: settings.region,
    logger: requestLogger,
    loadHandlers: liveHandlers,
    usage: {
      // Socket invocations are no HTTP API requests: recorded as function invocations only.
      invocation: (call, run) => usage.recordPipelineInvocation(call.functionName, run),
      message: (bytes) => usage.recordLiveMessage(bytes),
      connection: (ms) => usage.recordLiveConnection(ms),
    },
    ...(settings.functionTimeoutMs ? { functionTimeoutMs: settings.functionTimeoutMs } : {}),
  });
  server.on('upgrade', live.handleUpgrade);
  teardown.add(() => live.close());
  const api = createLocalApi({
    routes,
    issuer,
    region: settings.region,
    logger: requestLogger,
    loadHandler: createHandlerLoader({ handlersDir: settings.handlersDir, functionNameOf }),
    recordInvocation: (call, run) => usage.recordInvocation(call, run),
    ...(settings.functionTimeoutMs ? { functionTimeoutMs: settings.functionTimeoutMs } : {}),
  });
  attach((request, response) => {
    if (!live.handleManagement(request, response)) api(request, response);
  });
  return {
    baseUrl,
    port,
    issuer,
    ready: () => {
      ready = true;
    },
  };
}

let loadedLiveHandlers: Promise<LiveHandlers> | undefined;

/** The socket handlers, imported on the first handshake (their composition reads the environment set above). */
function liveHandlers(): Promise<LiveHandlers> {
  loadedLiveHandlers ??= Promise.all([import('../lambdas/handlers/live-authorizer'), import('../lambdas/handlers/live')]).then(([authorizer, routes]) => ({
    authorizer: authorizer.handler as unknown as LiveHandlers['authorizer'],
    routes: routes.handler as unknown as LiveHandlers['routes'],
  }));
  return loadedLiveHandlers;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalRuntimeError(`port ${port} is in use: stop the other process or set ${PORT_ENV.http}=...`) : error),
    );
    server.listen(port, () => {
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
