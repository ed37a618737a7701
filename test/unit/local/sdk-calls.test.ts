import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { billedSqsRequests, payloadBytesOf, unitsOfOutput } from '../../../local/billed-usage';
import { askForConsumedCapacity, recordSdkCalls, type SdkCall } from '../../../local/sdk-calls';

/** A DynamoDB client whose requests never leave the process: each gets `answer`, and its body is kept. */
function offlineClient(answer: { status: number; body: unknown }) {
  const sent: Record<string, unknown>[] = [];
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://offline.invalid',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        sent.push(JSON.parse(new TextDecoder().decode(request.body as Uint8Array)) as Record<string, unknown>);
        const headers = { 'content-type': 'application/x-amz-json-1.0' };
        return { response: { statusCode: answer.status, headers, body: Buffer.from(JSON.stringify(answer.body)) } };
      },
    },
  });
  return { client, sent };
}

const CONSUMED = { TableName: 't', CapacityUnits: 3, Table: { CapacityUnits: 2 }, GlobalSecondaryIndexes: { byAuthor: { CapacityUnits: 1 } } };

describe("recording SDK calls through the client's middleware stack", () => {
  it('reports the command, the marshalled input and the units DynamoDB reports, having asked for them', async () => {
    const { client, sent } = offlineClient({ status: 200, body: { ConsumedCapacity: CONSUMED } });
    const calls: SdkCall[] = [];
    askForConsumedCapacity(client, 'testCapacity');
    recordSdkCalls(client, { name: 'testRecorder' }, (call) => calls.push(call));

    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: 't', Item: { id: 'a', n: 1 } }));

    expect(sent[0]?.ReturnConsumedCapacity).toBe('INDEXES');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toBe('PutItemCommand');
    expect(calls[0]!.input.Item).toEqual({ id: { S: 'a' }, n: { N: '1' } });
    expect(unitsOfOutput(calls[0]!.command, calls[0]!.output)).toEqual({ read: 0, write: 3, byTarget: { t: 2, 't/index:byAuthor': 1 } });
    client.destroy();
  });

  it('reports a failed call with its error name and rethrows the error', async () => {
    const { client } = offlineClient({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'no' } });
    const calls: SdkCall[] = [];
    recordSdkCalls(client, { name: 'testRecorder' }, (call) => calls.push(call));

    await expect(DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: 't', Item: { id: 'a' } }))).rejects.toThrow('no');

    expect(calls.map((c) => [c.command, c.error, c.output])).toEqual([['PutItemCommand', 'ConditionalCheckFailedException', undefined]]);
    client.destroy();
  });

  it('reports nothing once removed', async () => {
    const { client } = offlineClient({ status: 200, body: {} });
    const calls: SdkCall[] = [];
    const remove = recordSdkCalls(client, { name: 'testRecorder' }, (call) => calls.push(call));

    remove();
    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: 't', Item: { id: 'a' } }));

    expect(calls).toEqual([]);
    client.destroy();
  });
});

describe('SQS requests billed', () => {
  it('bills one request up to 64 KB of message bodies and one more from the first byte over', () => {
    const entries = (bytes: number) => ({ Entries: [{ MessageBody: 'x'.repeat(bytes) }] });
    expect(billedSqsRequests(payloadBytesOf(entries(64 * 1024)))).toBe(1);
    expect(billedSqsRequests(payloadBytesOf(entries(64 * 1024 + 1)))).toBe(2);
    expect(billedSqsRequests(payloadBytesOf({ QueueUrl: 'q' }))).toBe(1);
  });
});
