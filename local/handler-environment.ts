/**
 * What the CDK stack sets on every function, pointed at the emulators. The SDK reads the
 * AWS_ENDPOINT_URL_<SERVICE> variables itself, so runtime code carries no endpoint configuration.
 */
import { ENV } from '../lambdas/config';
import type { RunningEmulators } from './emulators';
import { JWKS_PATH, type LocalIssuer } from './local-issuer';
import { LIVE_PATH } from './live-server';
import { exportToHandlers } from './process-environment';
import { LOCAL_TABLES, usageFileOf, type LocalSettings } from './settings';

export function setHandlerEnvironment({ region, quiet, dataDir }: LocalSettings, { endpoints, analytics }: RunningEmulators): void {
  exportToHandlers({
    [ENV.ANALYTICS_QUEUE_URL]: analytics.eventsQueueUrl,
    [ENV.DOMAIN_EVENTS_TOPIC_ARN]: analytics.domainEventsTopicArn,
    [ENV.NOTIFICATIONS_QUEUE_URL]: analytics.notificationsQueueUrl,
    [ENV.LAKE_BUCKET]: analytics.lakeBucket,
    [ENV.MEMBER_DATA_QUEUE_URL]: analytics.memberDataQueueUrl,
    [ENV.EXPORT_BUCKET]: analytics.exportBucket,
    [ENV.TABLE_NAME]: LOCAL_TABLES.table,
    [ENV.IDEMPOTENCY_TABLE_NAME]: LOCAL_TABLES.idempotencyTable,
    [ENV.LIVE_CONNECTIONS_TABLE_NAME]: LOCAL_TABLES.liveConnectionsTable,
    // What AWS would bill, recorded as we serve (GET /v1/finance/costs and npm run cost read it).
    [ENV.COST_USAGE_FILE]: usageFileOf(dataDir),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    POWERTOOLS_SERVICE_NAME: 'chorus',
    POWERTOOLS_LOG_LEVEL: quiet ? 'ERROR' : 'INFO',
    // No CloudWatch reads EMF lines here (the desk's figures come from GET /v1/desk/stats): do not print them.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // A developer's real session token must not ride along with the fake keys.
    AWS_SESSION_TOKEN: undefined,
  });
}

/**
 * What the live functions need once the HTTP port is known: the local Management API (the same
 * port, /live) and the local issuer as the socket authorizer's token issuer, its JWKS served there too.
 */
export function setLiveHandlerEnvironment(baseUrl: string, issuer: LocalIssuer): void {
  exportToHandlers({
    [ENV.LIVE_MANAGEMENT_ENDPOINT]: `${baseUrl}${LIVE_PATH}`,
    [ENV.LIVE_TOKEN_ISSUER]: issuer.issuer,
    [ENV.LIVE_TOKEN_JWKS_URI]: `${baseUrl}${JWKS_PATH}`,
    [ENV.LIVE_TOKEN_CLIENT_IDS]: issuer.clientId,
  });
}

/**
 * The SDK clients the handlers share in this process, the ones AWS bills calls of. Loaded once the
 * environment is set: they read it when their module loads.
 */
export async function loadHandlerClients() {
  const [{ dynamoClient }, { sqsClient }, { s3Client }, { snsClient }] = await Promise.all([
    import('../lambdas/store/dynamo-client'),
    import('../lambdas/analytics/sqs-client'),
    import('../lambdas/analytics/s3-client'),
    import('../lambdas/analytics/sns-client'),
  ]);
  return { dynamoClient, sqsClient, s3Client, snsClient };
}
