/**
 * The fan-out backbone and the notifier in the synthesised template: one encrypted topic the
 * publisher publishes to, the analytics and notifications queues subscribed with raw delivery (the
 * notifications one filtered on the event type), each with its dead-letter queue and alarm, the
 * notifier's mapping, and least-privilege grants.
 */
import { rmSync } from 'node:fs';
import { analyticsMessagingDesign, notificationsMessagingDesign as design } from '../../lambdas/store/messaging-design';
import type { ChorusStack } from '../../lib/chorus-stack';
import { logicalIdOf, synthChorus } from './stack';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
let stack: ChorusStack;
let resources: Record<string, Resource>;
let assemblyDir: string;

beforeAll(() => {
  const synthesized = synthChorus();
  ({ stack, assemblyDir } = synthesized);
  resources = synthesized.template.toJSON().Resources as Record<string, Resource>;
});
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const statementsOfRole = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (roleId: string) => statementsOfRole(roleId).flatMap((s) => [s.Action].flat());
const topicId = () => logicalIdOf(stack.domainEvents.topic);
const subscriptionTo = (queueId: string) =>
  ofType('AWS::SNS::Subscription')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.Endpoint).includes(queueId))!;

test('one topic, encrypted with its own key, that both queues subscribe to with raw delivery', () => {
  expect(ofType('AWS::SNS::Topic').filter(([id]) => id === topicId())).toHaveLength(1);
  expect(resources[topicId()]!.Properties.KmsMasterKeyId).toBeDefined();
  const analytics = subscriptionTo(logicalIdOf(stack.analytics.queue));
  const notifications = subscriptionTo(logicalIdOf(stack.notifications.queue));
  for (const subscription of [analytics, notifications]) {
    expect(subscription).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true, TopicArn: { Ref: topicId() } });
  }
  // The lake takes every event; the notifier only the types its rules read.
  expect(analytics.FilterPolicy).toBeUndefined();
  expect(notifications.FilterPolicy).toEqual({ [analyticsMessagingDesign.domainEventsTopic.typeAttribute]: [...design.eventTypes] });
});

test('the notifications queue redrives to its dead-letter queue, which is alarmed on, and the notifier reads it with partial failures', () => {
  const queue = resources[logicalIdOf(stack.notifications.queue)]!.Properties;
  expect(queue.RedrivePolicy).toEqual({
    deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(stack.notifications.deadLetterQueue), 'Arn'] },
    maxReceiveCount: design.deadLetterQueue.maxReceiveCount,
  });
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * design.notifierSource.timeoutSeconds);
  const alarm = resources[logicalIdOf(stack.notifications.deadLettersAlarm)]!.Properties;
  expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.notifications.deadLetterQueue), 'QueueName'] } }]);
  expect(alarm.AlarmActions).toBeDefined();
  const mapping = ofType('AWS::Lambda::EventSourceMapping')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: logicalIdOf(stack.notifications.notifier) }));
  expect(mapping).toMatchObject({
    BatchSize: design.notifierSource.batchSize,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: design.notifierSource.maxConcurrency },
  });
});

test("least privilege: the publisher publishes to the topic only (and sends to no queue but its stream failures' DLQ); the notifier sends only to its own queue and never deletes or scans", () => {
  const publisher = logicalIdOf(stack.analytics.publisher.role);
  const publishes = statementsOfRole(publisher).filter((s) => [s.Action].flat().includes('sns:Publish'));
  expect(publishes.map((s) => s.Resource)).toEqual([{ Ref: topicId() }]);
  const queueSends = statementsOfRole(publisher).filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:Send')));
  expect(queueSends.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(stack.analytics.deadLetterQueue), 'Arn'] }]);

  const notifier = logicalIdOf(stack.notifications.notifier.role);
  const sends = statementsOfRole(notifier).filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:Send')));
  expect(sends.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(stack.notifications.queue), 'Arn'] }]);
  expect(actionsOf(notifier)).not.toContain('sns:Publish');
  // Of the community table it never deletes; the one DeleteItem it holds is on the live connections table (a gone socket is forgotten).
  const onCommunityTable = statementsOfRole(notifier).filter((s) => JSON.stringify(s.Resource).includes(logicalIdOf(stack.communityTable.table)));
  for (const forbidden of ['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
    expect(onCommunityTable.flatMap((s) => [s.Action].flat())).not.toContain(forbidden);
    if (forbidden !== 'dynamodb:DeleteItem') expect(actionsOf(notifier)).not.toContain(forbidden);
  }
  const deletes = statementsOfRole(notifier).filter((s) => [s.Action].flat().includes('dynamodb:DeleteItem'));
  expect(deletes.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(stack.live.connectionsTable), 'Arn'] }]);

  // Only SNS delivers to the queues, and only from this topic.
  for (const queue of [stack.analytics.queue, stack.notifications.queue]) {
    const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(logicalIdOf(queue)))![1];
    const fromSns = (policy.Properties.PolicyDocument.Statement as any[]).filter((s) => s.Principal?.Service === 'sns.amazonaws.com');
    expect(fromSns).toEqual([expect.objectContaining({ Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } } })]);
  }
});

test('the notifications API group may not scan or batch-write the table', () => {
  const api = logicalIdOf(stack.api.functions.notifications.role);
  expect(actionsOf(api)).toEqual(
    expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
  );
  for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem']) expect(actionsOf(api)).not.toContain(forbidden);
});
