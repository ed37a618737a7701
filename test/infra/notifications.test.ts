/**
 * The fan-out backbone and the notifier in the synthesised template: one encrypted topic the
 * publisher publishes to, the analytics and notifications queues subscribed with raw delivery (the
 * notifications one filtered on the event type), each with its dead-letter queue and alarm, the
 * notifier's mapping, and least-privilege grants.
 */
import { analyticsMessagingDesign, notificationsMessagingDesign as design } from '../../lambdas/store/messaging-design';
import { logicalIdOf, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;

const actionsOf = (roleId: string) => statementsOfRole(roleId).flatMap((s) => [s.Action].flat());
const topicId = () => logicalIdOf(chorus.stack.domainEvents.topic);
const subscriptionTo = (queueId: string) =>
  ofType('AWS::SNS::Subscription')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.Endpoint).includes(queueId))!;

test('one topic, encrypted with its own key, that both queues subscribe to with raw delivery', () => {
  expect(ofType('AWS::SNS::Topic').filter(([id]) => id === topicId())).toHaveLength(1);
  expect(chorus.resources[topicId()]!.Properties.KmsMasterKeyId).toBeDefined();
  const analytics = subscriptionTo(logicalIdOf(chorus.stack.analytics.queue));
  const notifications = subscriptionTo(logicalIdOf(chorus.stack.notifications.queue));
  for (const subscription of [analytics, notifications]) {
    expect(subscription).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true, TopicArn: { Ref: topicId() } });
  }
  // The lake takes every event; the notifier only the types its rules read.
  expect(analytics.FilterPolicy).toBeUndefined();
  expect(notifications.FilterPolicy).toEqual({ [analyticsMessagingDesign.domainEventsTopic.typeAttribute]: [...design.eventTypes] });
});

test('the notifications queue redrives to its dead-letter queue, which is alarmed on, and the notifier reads it with partial failures', () => {
  const queue = chorus.resources[logicalIdOf(chorus.stack.notifications.queue)]!.Properties;
  expect(queue.RedrivePolicy).toEqual({
    deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.notifications.deadLetterQueue), 'Arn'] },
    maxReceiveCount: design.deadLetterQueue.maxReceiveCount,
  });
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * design.notifierSource.timeoutSeconds);
  const alarm = chorus.resources[logicalIdOf(chorus.stack.notifications.deadLettersAlarm)]!.Properties;
  expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.notifications.deadLetterQueue), 'QueueName'] } }]);
  expect(alarm.AlarmActions).toBeDefined();
  const mapping = ofType('AWS::Lambda::EventSourceMapping')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: logicalIdOf(chorus.stack.notifications.notifier) }));
  expect(mapping).toMatchObject({
    BatchSize: design.notifierSource.batchSize,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: design.notifierSource.maxConcurrency },
  });
});

test("least privilege: the publisher publishes to the topic only (and sends to no queue but its stream failures' DLQ); the notifier sends only to its own queue and never deletes or scans", () => {
  const publisher = logicalIdOf(chorus.stack.analytics.publisher.role);
  const publishes = statementsOfRole(publisher).filter((s) => [s.Action].flat().includes('sns:Publish'));
  expect(publishes.map((s) => s.Resource)).toEqual([{ Ref: topicId() }]);
  const queueSends = statementsOfRole(publisher).filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:Send')));
  expect(queueSends.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(chorus.stack.analytics.deadLetterQueue), 'Arn'] }]);

  const notifier = logicalIdOf(chorus.stack.notifications.notifier.role);
  const sends = statementsOfRole(notifier).filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:Send')));
  expect(sends.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(chorus.stack.notifications.queue), 'Arn'] }]);
  expect(actionsOf(notifier)).not.toContain('sns:Publish');
  // Of the community table it never deletes; the one DeleteItem it holds is on the live connections table (a gone socket is forgotten).
  const onCommunityTable = statementsOfRole(notifier).filter((s) => JSON.stringify(s.Resource).includes(logicalIdOf(chorus.stack.communityTable.table)));
  for (const forbidden of ['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
    expect(onCommunityTable.flatMap((s) => [s.Action].flat())).not.toContain(forbidden);
    if (forbidden !== 'dynamodb:DeleteItem') expect(actionsOf(notifier)).not.toContain(forbidden);
  }
  const deletes = statementsOfRole(notifier).filter((s) => [s.Action].flat().includes('dynamodb:DeleteItem'));
  expect(deletes.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [logicalIdOf(chorus.stack.live.connectionsTable), 'Arn'] }]);

  // Only SNS delivers to the queues, and only from this topic.
  for (const queue of [chorus.stack.analytics.queue, chorus.stack.notifications.queue]) {
    const policy = ofType('AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues).includes(logicalIdOf(queue)))![1];
    const fromSns = (policy.Properties.PolicyDocument.Statement as any[]).filter((s) => s.Principal?.Service === 'sns.amazonaws.com');
    expect(fromSns).toEqual([expect.objectContaining({ Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId() } } } })]);
  }
});

test('the notifications API group may not scan or batch-write the table', () => {
  const api = logicalIdOf(chorus.stack.api.functions.notifications.role);
  expect(actionsOf(api)).toEqual(
    expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
  );
  for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem']) expect(actionsOf(api)).not.toContain(forbidden);
});
