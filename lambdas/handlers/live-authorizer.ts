/**
 * The WebSocket API's $connect authorizer: the Cognito access token from the handshake (a
 * subprotocol or ?token=), verified with aws-jwt-verify; allowed sockets carry who opened them to
 * every route of the connection. Anything else is refused with 401 (the thrown "Unauthorized").
 */
import middy from '@middy/core';
import { accessTokenVerifier } from '../composition/live-authorizer';
import type { Caller } from '../domain/caller';
import { injectLambdaContext, logger } from '../http/logger';
import { identityOf, tokenOfHandshake } from '../live/sockets';
import { UNAUTHORIZED, type WebSocketAuthorizerEvent, type WebSocketAuthorizerResult } from '../live/websocket-events';

async function authorize(event: WebSocketAuthorizerEvent): Promise<WebSocketAuthorizerResult> {
  const { token } = tokenOfHandshake(event);
  if (!token) {
    logger.info('socket refused: no token (send it as a subprotocol or ?token=)');
    throw new Error(UNAUTHORIZED);
  }
  let caller: Caller;
  try {
    caller = await accessTokenVerifier()(token);
  } catch (error) {
    logger.info('socket refused', { reason: (error as Error).message });
    throw new Error(UNAUTHORIZED);
  }
  return {
    principalId: caller.memberId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    context: { ...identityOf(caller) },
  };
}

export const handler = middy<WebSocketAuthorizerEvent, WebSocketAuthorizerResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(authorize);
