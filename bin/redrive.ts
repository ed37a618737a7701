/**
 * npm run redrive: moves the analytics dead-letter queue's messages back to the analytics queue.
 * Locally (default) the fauxqs queues of the running `npm start` (found through .data/local-runtime.json,
 * whatever its ports); in AWS set
 * ANALYTICS_DLQ_URL and ANALYTICS_QUEUE_URL (the stack's queues) and your credentials.
 */
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns } from 'fauxqs';
import { redrive } from '../lambdas/analytics/redrive';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { localEndpoints } from '../local/runtime-file';
import { DEFAULT_DATA_DIR } from '../local/settings';

const region = process.env.AWS_REGION ?? 'us-east-1';
const dlqUrl = process.env.ANALYTICS_DLQ_URL;
const queueUrl = process.env.ANALYTICS_QUEUE_URL;
const local = !dlqUrl || !queueUrl ? await localEndpoints(DEFAULT_DATA_DIR, region) : undefined;
const restore = local ? interceptLocalhostDns() : () => undefined;
const client = local
  ? new SQSClient({
      endpoint: local.sqs,
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
  console.error(`redrive failed: ${(error as Error).message}${local ? ` (at ${local.sqs}${local.running ? '' : ': is npm start running?'})` : ''}`);
  process.exitCode = 1;
} finally {
  client.destroy();
  restore();
}
