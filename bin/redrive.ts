/**
 * npm run redrive: moves the analytics dead-letter queue's messages back to the analytics queue.
 * Locally (default) the fauxqs queues of `npm start` (FAUXQS_PORT, default 4566); in AWS set
 * ANALYTICS_DLQ_URL and ANALYTICS_QUEUE_URL (the stack's queues) and your credentials.
 */
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns } from 'fauxqs';
import { redrive } from '../lambdas/analytics/redrive';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';

const region = process.env.AWS_REGION ?? 'us-east-1';
const dlqUrl = process.env.ANALYTICS_DLQ_URL;
const queueUrl = process.env.ANALYTICS_QUEUE_URL;
const local = !dlqUrl || !queueUrl;
const restore = local ? interceptLocalhostDns() : () => undefined;
const client = local
  ? new SQSClient({
      endpoint: `http://sqs.${region}.localhost:${process.env.FAUXQS_PORT ?? 4566}`,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
  : new SQSClient({});
try {
  const urlOf = async (name: string) => (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
  const from = dlqUrl ?? (await urlOf(analyticsMessagingDesign.deadLetterQueue.name));
  const to = queueUrl ?? (await urlOf(analyticsMessagingDesign.eventsQueue.name));
  const result = await redrive(client, from, to);
  console.log(result.method === 'StartMessageMoveTask' ? `move task started: ${result.taskHandle ?? ''}` : `moved ${result.moved} messages back to ${to}`);
} catch (error) {
  console.error(`redrive failed: ${(error as Error).message}${local ? ' (is npm start running?)' : ''}`);
  process.exitCode = 1;
} finally {
  client.destroy();
  restore();
}
