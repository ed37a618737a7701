/**
 * The domain-events topic behind the EventQueue port: the stream publisher's events go to one SNS
 * topic, and every consumer (the lake's queue, the notifications queue, tomorrow a partner's) is a
 * subscription. Items are packed as for the queue (messages.ts, format 3), but one event type and
 * community per message, named in the message attributes `type` and `community`, so a subscription's
 * filter policy selects exactly the events it wants (SNS matches one attribute value per message).
 */
import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from '@aws-sdk/client-sns';
import { analyticsMessagingDesign } from '../store/messaging-design';
import { sendInBatches, batchesOf } from './batch-send';
import { type PackedMessage, packMessages } from './messages';
import type { EventQueue, OutgoingMessage } from './ports';

const { maxMessageBytes, maxItemBytes, maxBatchEntries, maxBatchBytes } = analyticsMessagingDesign.packing;
const { typeAttribute, communityAttribute, attributeBytes } = analyticsMessagingDesign.domainEventsTopic;

interface Routed extends PackedMessage {
  readonly type: string;
  readonly community: string | null;
}

/** Items grouped by (type, community), in their order within each group; each group packed. */
export function packByRoute(items: readonly OutgoingMessage[]): Routed[] {
  const groups = new Map<string, { type: string; community: string | null; items: OutgoingMessage[] }>();
  for (const item of items) {
    const type = item.routing?.type ?? 'unknown';
    const community = item.routing?.community ?? null;
    const key = JSON.stringify([type, community]);
    const group = groups.get(key) ?? { type, community, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) =>
    packMessages(group.items, { maxMessageBytes: maxMessageBytes - attributeBytes, maxItemBytes }).map((packed) => ({
      ...packed,
      type: group.type,
      community: group.community,
    })),
  );
}

const entryOf = (message: Routed, id: number): PublishBatchRequestEntry => ({
  Id: String(id),
  Message: message.body,
  MessageAttributes: {
    [typeAttribute]: { DataType: 'String', StringValue: message.type },
    ...(message.community ? { [communityAttribute]: { DataType: 'String', StringValue: message.community } } : {}),
  },
});

/** Packs and publishes, all batches at once; a refused entry or a failed call reports its items, never throws. */
export const snsEventTopic = (client: SNSClient, topicArn: string): EventQueue => ({
  send: (items: readonly OutgoingMessage[]) =>
    sendInBatches(
      // PublishBatch calls: ≤ maxBatchEntries entries, ≤ maxBatchBytes with their attributes.
      batchesOf(packByRoute(items), { maxEntries: maxBatchEntries, maxBytes: maxBatchBytes, extraBytes: attributeBytes }),
      'the domain-events topic',
      async (batch) => (await client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch.map(entryOf) }))).Failed,
    ),
});
