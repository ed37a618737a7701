/**
 * The local WebSocket API: the same `/live` endpoint API Gateway serves, on the HTTP port
 * (ws://localhost:<port>/live), with the same handlers. A handshake runs the $connect authorizer
 * (lambdas/handlers/live-authorizer.ts) with a REQUEST authorizer event, then $connect
 * (lambdas/handlers/live.ts) with the authorizer's context, refusing the socket as API Gateway does
 * (401 when the authorizer throws, the integration's status when it is not 2xx) and answering the
 * subprotocol $connect names; each message is a $default event, each close a $disconnect event.
 *
 * It also serves the Management API under /live/@connections/{id} (POST sends, GET describes,
 * DELETE closes; 410 GoneException for a socket that is not open), so the very same
 * @aws-sdk/client-apigatewaymanagementapi client, pointed at http://localhost:<port>/live, pushes
 * to local sockets.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import type {
  WebSocketAuthorizerEvent,
  WebSocketAuthorizerResult,
  WebSocketEvent,
  WebSocketRequestContext,
  WebSocketResult,
} from '../lambdas/live/websocket-events';
import { createLambdaContext } from './lambda-context';
import type { LocalApiLogger } from './local-api';

export const LIVE_PATH = '/live';

/** ws://localhost:<port>/live for the runtime at http://localhost:<port>. */
export const liveUrlOf = (baseUrl: string): string => `${baseUrl.replace(/^http/, 'ws').replace(/\/$/, '')}${LIVE_PATH}`;
/** The stage name in the local Management API's path and the authorizer's method ARN. */
export const LIVE_STAGE = 'live';
const CONNECTIONS_PREFIX = `${LIVE_PATH}/@connections/`;
const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_WEBSOCKET_API_ID = 'local-live';
/** API Gateway's WebSocket frame size limit. */
const MAX_FRAME_BYTES = 128 * 1024;

type AuthorizerHandler = (event: WebSocketAuthorizerEvent, context: Context) => Promise<WebSocketAuthorizerResult>;
type RouteHandler = (event: WebSocketEvent, context: Context) => Promise<WebSocketResult>;

/** What the local WebSocket API calls: the two handlers, loaded once the handlers' environment is set. */
export interface LiveHandlers {
  readonly authorizer: AuthorizerHandler;
  readonly routes: RouteHandler;
}

/** Usage the local runtime records for the cost report: invocations, messages, connection time. */
export interface LiveUsage {
  invocation<T>(call: { readonly functionName: string; readonly operationId: string; readonly memberId?: string }, run: () => Promise<T>): Promise<T>;
  /** A frame in or out, as API Gateway bills them (per 32 KB). */
  message(bytes: number): void;
  /** A socket closed after `ms` connected. */
  connection(ms: number): void;
}

export interface LocalLiveDeps {
  readonly region: string;
  readonly logger: LocalApiLogger;
  readonly loadHandlers: () => Promise<LiveHandlers>;
  readonly usage?: LiveUsage;
  /** Each function's timeout. Default 10 s. */
  readonly functionTimeoutMs?: number;
}

export interface LocalLive {
  /** For the HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Answers a Management API request and returns true, or returns false for any other request. */
  handleManagement(req: IncomingMessage, res: ServerResponse): boolean;
  /** Open sockets right now. */
  readonly openSockets: () => number;
  /** Closes every socket (without $disconnect events: the runtime is going away; TTL reaps their items). */
  close(): void;
}

interface OpenSocket {
  readonly ws: WebSocket;
  readonly connectedAt: number;
  lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
}

/** API Gateway connection ids look like "L0SM9cOFvHcCIhw=". */
const newConnectionId = (): string => randomBytes(10).toString('base64');

/** Header maps as API Gateway builds them: the client's spelling, the last value in `headers`, every value in `multiValueHeaders`. */
function headerMaps(rawHeaders: readonly string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const [name, value] = [rawHeaders[i]!, rawHeaders[i + 1]!];
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

function queryMaps(url: URL): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  return Object.keys(single).length === 0 ? { single: null, multi: null } : { single, multi };
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message });
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function sendJson(res: ServerResponse, status: number, body?: unknown, errorType?: string): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json' } : {}),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function createLocalLive(deps: LocalLiveDeps): LocalLive {
  const timeoutMs = deps.functionTimeoutMs ?? 10_000;
  const sockets = new Map<string, OpenSocket>();
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // The subprotocol $connect answered with (API Gateway passes its Sec-WebSocket-Protocol header on).
    handleProtocols: (_offered, req) => chosenProtocol.get(req) ?? false,
  });
  let closing = false;

  const context = (functionName: string): Context => createLambdaContext({ functionName, region: deps.region, accountId: LOCAL_ACCOUNT_ID, timeoutMs });
  const invoke = <T>(functionName: string, operationId: string, memberId: string | undefined, run: () => Promise<T>): Promise<T> =>
    deps.usage ? deps.usage.invocation({ functionName, operationId, ...(memberId ? { memberId } : {}) }, run) : run();

  const requestContext = (
    connectionId: string,
    connectedAt: number,
    host: string,
    identity: WebSocketRequestContext['identity'],
    route: Pick<WebSocketRequestContext, 'routeKey' | 'eventType'> & Partial<WebSocketRequestContext>,
  ): WebSocketRequestContext => {
    const now = new Date();
    return {
      ...route,
      connectionId,
      connectedAt,
      requestId: randomBytes(10).toString('base64'),
      extendedRequestId: randomBytes(10).toString('base64'),
      messageDirection: 'IN',
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      stage: LIVE_STAGE,
      domainName: host.replace(/:\d+$/, ''),
      apiId: LOCAL_WEBSOCKET_API_ID,
      identity,
    };
  };

  const handshake = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) {
      refuse(socket, 404, `no WebSocket endpoint at ${url.pathname}: connect to ${LIVE_PATH}`);
      return;
    }
    const handlers = await deps.loadHandlers();
    const connectionId = newConnectionId();
    const connectedAt = Date.now();
    const { headers, multiValueHeaders } = headerMaps(req.rawHeaders);
    const query = queryMaps(url);
    const identity = { sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''), userAgent: req.headers['user-agent'] ?? '' };
    const host = req.headers.host ?? 'localhost';
    const connect = requestContext(connectionId, connectedAt, host, identity, { routeKey: '$connect', eventType: 'CONNECT' });

    let authorized: WebSocketAuthorizerResult;
    try {
      authorized = await invoke('live-authorizer', '$connect', undefined, () =>
        handlers.authorizer(
          {
            type: 'REQUEST',
            methodArn: `arn:aws:execute-api:${deps.region}:${LOCAL_ACCOUNT_ID}:${LOCAL_WEBSOCKET_API_ID}/${LIVE_STAGE}/$connect`,
            headers,
            multiValueHeaders,
            queryStringParameters: query.single,
            multiValueQueryStringParameters: query.multi,
            stageVariables: null,
            requestContext: connect,
          },
          context('chorus-live-authorizer'),
        ),
      );
    } catch {
      deps.logger.info(`WS ${LIVE_PATH} → 401 (authorizer refused)`);
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    if (authorized.policyDocument.Statement.some((s) => s.Effect !== 'Allow')) {
      deps.logger.info(`WS ${LIVE_PATH} → 403 (authorizer denied)`);
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const authorizer = { ...authorized.context, principalId: authorized.principalId, integrationLatency: Date.now() - connectedAt };
    const memberId = authorized.context.memberId;
    const result = await invoke('live', '$connect', memberId, () =>
      handlers.routes(
        {
          requestContext: { ...connect, authorizer },
          headers,
          multiValueHeaders,
          queryStringParameters: query.single,
          multiValueQueryStringParameters: query.multi,
          isBase64Encoded: false,
        },
        context('chorus-live'),
      ),
    );
    if (result.statusCode < 200 || result.statusCode > 299) {
      deps.logger.info(`WS ${LIVE_PATH} → ${result.statusCode} ($connect refused)`);
      refuse(socket, result.statusCode, result.body ?? 'the $connect route refused the connection');
      return;
    }
    const protocol = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1];
    if (protocol) chosenProtocol.set(req, protocol);

    wss.handleUpgrade(req, socket, head, (ws) => {
      const open: OpenSocket = { ws, connectedAt, lastActiveAt: connectedAt, sourceIp: identity.sourceIp, userAgent: identity.userAgent };
      sockets.set(connectionId, open);
      deps.logger.info(`WS ${LIVE_PATH} → 101 connection ${connectionId} (member ${memberId})`);
      const routeEvent = (route: Pick<WebSocketRequestContext, 'routeKey' | 'eventType'> & Partial<WebSocketRequestContext>) =>
        requestContext(connectionId, connectedAt, host, identity, route);
      ws.on('message', (data, isBinary) => {
        open.lastActiveAt = Date.now();
        const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
        deps.usage?.message(bytes.byteLength);
        const event: WebSocketEvent = {
          requestContext: { ...routeEvent({ routeKey: '$default', eventType: 'MESSAGE', messageId: randomBytes(8).toString('base64') }), authorizer },
          body: isBinary ? bytes.toString('base64') : bytes.toString('utf8'),
          isBase64Encoded: isBinary,
        };
        invoke('live', '$default', memberId, () => handlers.routes(event, context('chorus-live'))).catch((error: unknown) =>
          deps.logger.error(`chorus-live failed on $default of ${connectionId}`, error),
        );
      });
      ws.on('close', (code, reason) => {
        sockets.delete(connectionId);
        deps.usage?.connection(Date.now() - connectedAt);
        if (closing) return;
        const event: WebSocketEvent = {
          requestContext: {
            ...routeEvent({ routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: code, disconnectReason: reason.toString('utf8') }),
            authorizer,
          },
          headers,
          multiValueHeaders,
          isBase64Encoded: false,
        };
        invoke('live', '$disconnect', memberId, () => handlers.routes(event, context('chorus-live'))).then(
          () => deps.logger.info(`WS ${LIVE_PATH} closed connection ${connectionId} (${code})`),
          (error: unknown) => deps.logger.error(`chorus-live failed on $disconnect of ${connectionId}`, error),
        );
      });
    });
  };

  const manage = async (req: IncomingMessage, res: ServerResponse, connectionId: string): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const open = sockets.get(connectionId);
    if (!open || open.ws.readyState !== WebSocket.OPEN) {
      sendJson(res, 410, { message: `connection ${connectionId} is gone` }, 'GoneException');
      return;
    }
    if (method === 'POST') {
      if (body.byteLength > MAX_FRAME_BYTES) {
        sendJson(res, 413, { message: `the data must be at most ${MAX_FRAME_BYTES} bytes, got ${body.byteLength}` }, 'PayloadTooLargeException');
        return;
      }
      deps.usage?.message(body.byteLength);
      open.ws.send(body.toString('utf8'));
      sendJson(res, 200);
    } else if (method === 'GET') {
      sendJson(res, 200, {
        ConnectedAt: new Date(open.connectedAt).toISOString(),
        Identity: { SourceIp: open.sourceIp, UserAgent: open.userAgent },
        LastActiveAt: new Date(open.lastActiveAt).toISOString(),
      });
    } else if (method === 'DELETE') {
      open.ws.close(1000, 'closed by the Management API');
      sendJson(res, 204);
    } else {
      sendJson(res, 403, { message: `${method} is not a Management API method: POST, GET or DELETE @connections/{connectionId}` }, 'ForbiddenException');
    }
  };

  return {
    handleUpgrade(req, socket, head) {
      handshake(req, socket, head).catch((error: unknown) => {
        deps.logger.error(`the local WebSocket API failed on ${req.url}`, error);
        if (socket.writable) refuse(socket, 500, 'Internal server error');
      });
    },
    handleManagement(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (!path.startsWith(CONNECTIONS_PREFIX)) return false;
      const connectionId = decodeURIComponent(path.slice(CONNECTIONS_PREFIX.length));
      manage(req, res, connectionId).catch((error: unknown) => {
        deps.logger.error(`the local Management API failed on ${req.method} ${req.url}`, error);
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      });
      return true;
    },
    openSockets: () => sockets.size,
    close() {
      closing = true;
      for (const { ws } of sockets.values()) ws.terminate();
      sockets.clear();
      wss.close();
    },
  };
}
