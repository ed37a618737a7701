/**
 * The SQS client of this container, created once at module scope. The endpoint comes from the SDK's
 * own configuration (AWS_ENDPOINT_URL_SQS locally); the local runtime and the benchmark instrument
 * this instance through its middleware stack.
 */
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqsClient = new SQSClient({});
