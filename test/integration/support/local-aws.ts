/**
 * For integration tests that look at the emulators directly (the lake bucket, the analytics queue)
 * rather than through the API. The global setup puts the SDK endpoint variables
 * (AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_S3, …) and fake credentials in the environment, so a
 * plain `new S3Client({})` reaches fauxqs; its hosts are *.localhost names, which this resolves.
 */
import { interceptLocalhostDns } from 'fauxqs';

/** Resolves *.localhost to 127.0.0.1 in this test process; call the returned function to undo it (afterAll). */
export const resolveLocalhostNames = (): (() => void) => interceptLocalhostDns();

/** The analytics resources of the local runtime (undefined when targeting a deployed stack). */
export const localAnalytics = () => ({
  eventsQueueUrl: process.env.CHORUS_ANALYTICS_QUEUE_URL,
  deadLetterQueueUrl: process.env.CHORUS_ANALYTICS_DLQ_URL,
  lakeBucket: process.env.CHORUS_LAKE_BUCKET,
  domainEventsTopicArn: process.env.CHORUS_DOMAIN_EVENTS_TOPIC_ARN,
  notificationsQueueUrl: process.env.CHORUS_NOTIFICATIONS_QUEUE_URL,
});
