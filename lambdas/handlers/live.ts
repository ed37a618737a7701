/**
 * The WebSocket API's routes: $connect remembers the socket (the authorizer has verified who opened
 * it) and answers the subprotocol the client offered; $disconnect forgets it; $default answers a
 * ping. Pushes do not come through here: pushers post to the Management API (lambdas/live/live-push.ts).
 */
import middy from '@middy/core';
import { liveDeps } from '../composition/live';
import { injectLambdaContext, logger } from '../http/logger';
import { answerTo, closeSocket, connectionOf, openSocket, tokenOfHandshake } from '../live/sockets';
import type { WebSocketEvent, WebSocketResult } from '../live/websocket-events';

async function route(event: WebSocketEvent): Promise<WebSocketResult> {
  const deps = liveDeps();
  const { routeKey, connectionId, connectedAt, authorizer } = event.requestContext;
  if (routeKey === '$default') {
    await deps.sender.send(connectionId, answerTo(event.body, deps.clock()));
    return { statusCode: 200 };
  }
  const connection = connectionOf(connectionId, authorizer, new Date(connectedAt));
  if (routeKey === '$connect') {
    await openSocket(deps, connection);
    const { subprotocol } = tokenOfHandshake(event);
    return { statusCode: 200, ...(subprotocol ? { headers: { 'Sec-WebSocket-Protocol': subprotocol } } : {}) };
  }
  await closeSocket(deps, connection);
  return { statusCode: 200 };
}

export const handler = middy<WebSocketEvent, WebSocketResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(route);
