/**
 * A producer of the analytics queue: committed table writes (via the stream). The apps' engagement
 * events (POST /v1/events) are the other (client-events.ts); both end up as the same envelope on the
 * same queue, packed the same way by the queue (a stream batch's events, or a client batch, usually in
 * one message). Apart, so the events function carries no domain-event mapping and the publisher no
 * client-event checks.
 */
import { toDomainEvent, type TableChange } from './domain-events';
import { eventMessage } from './messages';
import type { OutgoingMessage, PublisherDeps } from './ports';

/**
 * Publishes the events of a batch of committed writes, in stream order. Answers the position of
 * the first change whose event the queue did not take (the stream must deliver it and everything
 * after it again), or undefined when all are published. Redelivered changes keep their event ids.
 */
export async function publishChanges(deps: PublisherDeps, changes: readonly TableChange[]): Promise<number | undefined> {
  const receivedAt = deps.clock();
  const positionOf = new Map<string, number>();
  const messages: OutgoingMessage[] = [];
  changes.forEach((change, position) => {
    const event = toDomainEvent(change, receivedAt);
    if (!event) return;
    positionOf.set(event.event_id, position);
    messages.push(eventMessage(event));
  });
  if (messages.length === 0) return undefined;
  const failed = await deps.queue.send(messages);
  if (failed.length === 0) return undefined;
  return Math.min(...failed.map((id) => positionOf.get(id) ?? 0));
}
