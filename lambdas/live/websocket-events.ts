/**
 * The events API Gateway's WebSocket API hands its Lambda integrations and its $connect authorizer
 * (proxy integration), as far as Chorus reads them. The local runtime (local/live-server.ts) builds
 * exactly these shapes for the same handlers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */

export type WebSocketRouteKey = '$connect' | '$disconnect' | '$default';

export interface WebSocketRequestContext {
  readonly routeKey: WebSocketRouteKey | string;
  readonly eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
  readonly connectionId: string;
  /** Epoch milliseconds the socket opened. */
  readonly connectedAt: number;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly messageId?: string;
  readonly messageDirection: 'IN';
  readonly requestTime: string;
  readonly requestTimeEpoch: number;
  readonly stage: string;
  readonly domainName: string;
  readonly apiId: string;
  readonly identity: { readonly sourceIp: string; readonly userAgent?: string };
  /** The authorizer's context (strings), plus principalId, on every route of an authorized connection. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
}

/** $connect carries the handshake's headers and query; $default a message body; $disconnect neither body nor query. */
export interface WebSocketEvent {
  readonly requestContext: WebSocketRequestContext;
  readonly headers?: Readonly<Record<string, string>>;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[]>>;
  readonly queryStringParameters?: Readonly<Record<string, string>> | null;
  readonly multiValueQueryStringParameters?: Readonly<Record<string, readonly string[]>> | null;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

/** What a WebSocket route's integration answers ($connect: a non-2xx status refuses the socket). */
export interface WebSocketResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The REQUEST authorizer's input on $connect. */
export interface WebSocketAuthorizerEvent {
  readonly type: 'REQUEST';
  /** arn:aws:execute-api:<region>:<account>:<api id>/<stage>/$connect */
  readonly methodArn: string;
  readonly headers?: Readonly<Record<string, string>> | null;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[]>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string>> | null;
  readonly multiValueQueryStringParameters?: Readonly<Record<string, readonly string[]>> | null;
  readonly stageVariables?: Readonly<Record<string, string>> | null;
  readonly requestContext: WebSocketRequestContext;
}

/** An IAM policy allowing the connection, and the context every route of the connection receives. */
export interface WebSocketAuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: readonly [{ readonly Action: 'execute-api:Invoke'; readonly Effect: 'Allow' | 'Deny'; readonly Resource: string }];
  };
  readonly context: Readonly<Record<string, string>>;
}

/** What API Gateway understands from an authorizer that throws this message: 401, the socket refused. */
export const UNAUTHORIZED = 'Unauthorized';
