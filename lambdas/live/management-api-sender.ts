/**
 * The FrameSender over API Gateway's Management API (@connections): one PostToConnection per frame.
 * A connection that no longer exists answers 410 GoneException, which is `gone`, not a failure.
 * Locally the runtime serves the same API, so this client posts to local sockets unchanged.
 */
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { FrameSender, SocketCloser } from './ports';

/** The Management API client of a WebSocket API stage: `endpoint` is the stage's callback URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>). */
export const createManagementApiClient = (endpoint: string): ApiGatewayManagementApiClient => new ApiGatewayManagementApiClient({ endpoint });

export function createManagementApiSender(client: ApiGatewayManagementApiClient): FrameSender {
  return {
    async send(connectionId, frame) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(frame) }));
        return 'sent';
      } catch (error) {
        if (isGone(error)) return 'gone';
        throw error;
      }
    },
  };
}

const isGone = (error: unknown): boolean =>
  error instanceof GoneException || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410;

/** The SocketCloser over the same API: one DeleteConnection per socket; a socket already gone (410) is `gone`. */
export function createManagementApiCloser(client: ApiGatewayManagementApiClient): SocketCloser {
  return {
    async close(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
        return 'closed';
      } catch (error) {
        if (isGone(error)) return 'gone';
        throw error;
      }
    },
  };
}
