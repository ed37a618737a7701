/**
 * A real WebSocket client for the live updates tests: opens ws://<runtime>/live with a token (as a
 * subprotocol, as a browser sends it, or in ?token=), and queues the frames it receives so a test
 * can wait for the next one that matches.
 */
import { WebSocket } from 'ws';
import { LIVE_SUBPROTOCOL } from '../../../lambdas/live/sockets';
import type { LiveFrame } from '../../../lambdas/live/ports';
import { baseUrl } from './api';

export const liveUrl = (): string => `${baseUrl().replace(/^http/, 'ws')}/live`;

export interface LiveSocket {
  readonly ws: WebSocket;
  /** The subprotocol the server answered with ('' for none). */
  readonly protocol: string;
  /** Every frame received so far, in order. */
  readonly frames: readonly LiveFrame[];
  /** The first frame (received or to come) matching `match` after the `after`-th frame; rejects after `timeoutMs`. */
  next(match: (frame: LiveFrame) => boolean, options?: { readonly timeoutMs?: number; readonly after?: number }): Promise<LiveFrame>;
  close(): Promise<void>;
}

/** Opens a socket; resolves once open, rejects with the HTTP status when the handshake is refused ("refused 401"). */
export function openLive(token: string, via: 'subprotocol' | 'query' = 'subprotocol'): Promise<LiveSocket> {
  const ws = via === 'subprotocol' ? new WebSocket(liveUrl(), [LIVE_SUBPROTOCOL, token]) : new WebSocket(`${liveUrl()}?token=${encodeURIComponent(token)}`);
  const frames: LiveFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as LiveFrame);
    for (const wake of [...waiters]) wake();
  });
  const socket: LiveSocket = {
    ws,
    get protocol() {
      return ws.protocol;
    },
    frames,
    next(match, { timeoutMs = 10_000, after = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const look = (): boolean => {
          const found = frames.slice(after).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const check = () => void look();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; received ${JSON.stringify(frames)}`));
        }, timeoutMs);
        if (!look()) waiters.add(check);
      });
    },
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close(1000, 'test done');
      }),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_request, response) => {
      reject(new Error(`refused ${response.statusCode}`));
      response.resume();
      ws.terminate();
    });
    // 'on', not 'once': a refused handshake may also end in an error event, which must not go unhandled.
    ws.on('error', reject);
  });
}
