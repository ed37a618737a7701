/**
 * The analytics queue's two message shapes: an event envelope, or an event refused on the way in
 * (kept, with why, under bad/ in the lake rather than dropped).
 */
import type { EventEnvelope } from './envelope';
import type { OutgoingMessage } from './ports';

export interface RejectedEvent {
  readonly rejected: {
    readonly reason: string;
    readonly source: string;
    readonly received_at: string;
    /** What was received, as sent (bad/ expires; events/ never sees it). */
    readonly raw: unknown;
  };
}

export const eventMessage = (event: EventEnvelope): OutgoingMessage => ({ id: event.event_id, body: JSON.stringify(event) });

export const rejectedMessage = (id: string, rejected: RejectedEvent['rejected']): OutgoingMessage => ({
  id,
  body: JSON.stringify({ rejected } satisfies RejectedEvent),
});
