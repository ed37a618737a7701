import { Match } from 'aws-cdk-lib/assertions';
import { logicalIdOf, synthChorus, type SynthesizedChorus } from './stack';

let synth: SynthesizedChorus;
beforeAll(() => {
  synth = synthChorus();
});

const resourcesOf = (type: string) => Object.entries(synth.template.findResources(type));

describe('cost controls', () => {
  test('a monthly cost budget of the project tag alerts the budget topic on actual and forecast spend', () => {
    const budgets = resourcesOf('AWS::Budgets::Budget');
    expect(budgets).toHaveLength(1);
    const [, budget] = budgets[0]!;
    expect(budget.Properties.Budget).toEqual({
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 100, Unit: 'USD' },
      CostFilters: { TagKeyValue: ['user:Project$chorus'] },
    });
    const topicId = logicalIdOf(synth.stack.costs.alertTopic);
    const notifications = budget.Properties.NotificationsWithSubscribers.map(
      (n: { Notification: { NotificationType: string; Threshold: number }; Subscribers: unknown }) => [
        n.Notification.NotificationType,
        n.Notification.Threshold,
        n.Subscribers,
      ],
    );
    expect(notifications).toEqual([
      ['ACTUAL', 80, [{ SubscriptionType: 'SNS', Address: { Ref: topicId } }]],
      ['ACTUAL', 100, [{ SubscriptionType: 'SNS', Address: { Ref: topicId } }]],
      ['FORECASTED', 100, [{ SubscriptionType: 'SNS', Address: { Ref: topicId } }]],
    ]);
  });

  test('AWS Budgets may publish to the encrypted alert topic, from this account only', () => {
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'budgets.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    const topic = synth.template.toJSON().Resources[logicalIdOf(synth.stack.costs.alertTopic)];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  test('the finance function may only read metrics and, for the ledger, read the table; it knows what to read and the budget', () => {
    const fn = synth.stack.api.functions.finance;
    const env = synth.template.toJSON().Resources[logicalIdOf(fn)].Properties.Environment.Variables;
    expect(env.COST_MONTHLY_BUDGET_USD).toBe('100');
    expect(JSON.stringify(env.COST_METRICS)).toContain('apiId');
    expect(env.TABLE_NAME).toEqual({ Ref: logicalIdOf(synth.stack.communityTable.table) });
    const roleId = logicalIdOf(fn.role);
    const policies = resourcesOf('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId));
    const actions = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions.filter((a: string) => !a.startsWith('logs:') && !a.startsWith('xray:')).sort()).toEqual([
      'cloudwatch:GetMetricData',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
  });
});
