/**
 * The analytics queue's two message shapes: an event envelope, or an event refused on the way in
 * (kept, with why, under bad/ in the lake rather than dropped).
 */
import type { EventEnvelope } from './envelope';
import type { OutgoingMessage } from './ports';

/**
 * What is kept of an event refused on the way in: its position, ids and type, each null unless it
 * had the shape of one. Never the event as sent: its other values may be free text (a search query,
 * a name), which the lake never holds, bad/ included.
 */
export interface RejectedEventIds {
  readonly index: number;
  readonly event_id: string | null;
  readonly type: string | null;
  readonly post_id: string | null;
  readonly community_id: string | null;
  readonly product_id: string | null;
}

export interface RejectedEvent {
  readonly rejected: {
    readonly reason: string;
    readonly source: string;
    readonly received_at: string;
    readonly event: RejectedEventIds;
  };
}

export const eventMessage = (event: EventEnvelope): OutgoingMessage => ({ id: event.event_id, body: JSON.stringify(event) });

export const rejectedMessage = (id: string, rejected: RejectedEvent['rejected']): OutgoingMessage => ({
  id,
  body: JSON.stringify({ rejected } satisfies RejectedEvent),
});
