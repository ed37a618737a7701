/**
 * A socket's life as the domain sees it: where its token comes from, what the authorizer hands the
 * socket's other routes (API Gateway passes the authorizer's context to $connect, $disconnect and
 * every message of the connection), remembering and forgetting it, and answering what a client sends.
 */
import { GROUPS, type Caller, type Group } from '../domain/caller';
import type { ConnectionStore, LiveConnection, LiveFrame } from './ports';

/**
 * The subprotocol a client offers next to its token (`new WebSocket(url, ['chorus.live.v1', token])`)
 * and the server echoes back: browsers cannot set an Authorization header on a socket, so the token
 * rides in Sec-WebSocket-Protocol, and a browser drops a handshake whose answer names no protocol it offered.
 */
export const LIVE_SUBPROTOCOL = 'chorus.live.v1';

/** The query parameter that carries the token for clients that cannot offer subprotocols. */
export const TOKEN_QUERY_PARAMETER = 'token';

/** A compact JWS: its header is base64url JSON, so it starts with "eyJ" ({"), unlike any protocol name. */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

export interface Handshake {
  /** Header names in any case, as the client sent them. */
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
}

/** The token of a handshake (the subprotocol that looks like a JWT, else `?token=`), and the subprotocol to answer with. */
export function tokenOfHandshake(handshake: Handshake): { readonly token: string | undefined; readonly subprotocol: string | undefined } {
  const offered = headerOf(handshake, 'sec-websocket-protocol')
    ?.split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const fromProtocol = offered?.find((p) => JWT_SHAPE.test(p));
  const fromQuery = handshake.queryStringParameters?.[TOKEN_QUERY_PARAMETER]?.trim();
  return {
    token: fromProtocol ?? (fromQuery ? fromQuery : undefined),
    subprotocol: offered?.includes(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : undefined,
  };
}

export function headerOf(handshake: Handshake, name: string): string | undefined {
  const entry = Object.entries(handshake.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/** What the authorizer returns as its context: strings only (API Gateway's rule for authorizer context values). */
export interface SocketIdentity {
  readonly memberId: string;
  readonly username: string;
  /** Comma-separated. */
  readonly groups: string;
}

export const identityOf = (caller: Caller): SocketIdentity => ({ memberId: caller.memberId, username: caller.username, groups: [...caller.groups].join(',') });

const known: readonly string[] = GROUPS;

/** The socket as kept, from the authorizer's context on any of its routes. */
export function connectionOf(connectionId: string, identity: Partial<Record<keyof SocketIdentity, unknown>> | undefined, connectedAt: Date): LiveConnection {
  const memberId = identity?.memberId;
  if (typeof memberId !== 'string' || memberId === '') throw new Error(`connection ${connectionId} carries no authorizer context with a memberId`);
  const groups = String(identity?.groups ?? '')
    .split(',')
    .filter((g): g is Group => known.includes(g));
  return { connectionId, memberId, groups, connectedAt: connectedAt.toISOString() };
}

export interface SocketDeps {
  readonly connections: ConnectionStore;
}

export const openSocket = (deps: SocketDeps, connection: LiveConnection): Promise<void> => deps.connections.add(connection);

export const closeSocket = (deps: SocketDeps, connection: LiveConnection): Promise<void> => deps.connections.remove(connection);

/** The answer to a client's message: pong to a ping, otherwise what the socket accepts. */
export function answerTo(body: string | undefined, now: Date): LiveFrame {
  let action: unknown;
  try {
    action = (JSON.parse(body ?? '') as { action?: unknown } | null)?.action;
  } catch {
    action = undefined;
  }
  if (action === 'ping') return { type: 'pong', at: now.toISOString() };
  const received = (body ?? '').slice(0, 60);
  return { type: 'error', message: `this socket accepts only {"action":"ping"} (it pushes; nothing else is sent on it), got ${JSON.stringify(received)}` };
}
