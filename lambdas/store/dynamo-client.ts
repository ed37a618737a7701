/**
 * The DynamoDB clients of this container, created once at module scope. Endpoints come from the
 * SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB locally), so no code here knows where it runs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoClient = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
