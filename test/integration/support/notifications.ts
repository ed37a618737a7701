/** Waiting on the notifier without a clock: until its queue holds nothing visible or in flight. */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { localAnalytics } from './local-aws';
import { pollUntil } from './poll';

/** Until the notifications queue holds nothing visible or in flight, twice in a row (a page may be sent between two looks). */
export async function notificationsDrained(sqs: SQSClient, timeoutMs = 60_000): Promise<void> {
  const { notificationsQueueUrl } = localAnalytics();
  let quiet = 0;
  await pollUntil(
    async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: notificationsQueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const busy = Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet;
    },
    (looks) => looks >= 2,
    timeoutMs,
  );
}
