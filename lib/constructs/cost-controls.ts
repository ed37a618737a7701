import { Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/config';
import type { MetricTargets } from '../../lambdas/finance/cloudwatch-usage-source';
import type { ChorusFunction } from './chorus-function';
import { EncryptedTopic } from './encrypted-topic';

/** What the cost report reads metrics of. */
export interface CostMetricSources {
  readonly api: IHttpApi;
  /** Functions by the name the report shows (the route group, `publisher`, `archiver`). */
  readonly functions: Readonly<Record<string, ChorusFunction>>;
  /** Tables and the names of their global secondary indexes (index units are metrics of their own). */
  readonly tables: readonly { readonly table: ITable; readonly indexNames: readonly string[] }[];
  readonly queue: IQueue;
  readonly lakeBucket: IBucket;
  /** The Athena workgroup's name (it publishes CloudWatch metrics). */
  readonly workGroupName: string;
}

export interface CostControlsProps {
  /** The monthly cost budget, USD. */
  readonly monthlyBudgetUsd: number;
  /**
   * Percentages of the budget whose actual spend notifies the topic.
   * @default [80, 100]
   */
  readonly actualThresholdsPercent?: readonly number[];
  /**
   * Percentages of the budget whose forecast spend notifies the topic.
   * @default [100]
   */
  readonly forecastThresholdsPercent?: readonly number[];
  /**
   * Who is e-mailed budget alerts (each confirms the subscription from the mail).
   * @default - none; subscribe to `alertTopic` another way
   */
  readonly alertEmails?: readonly string[];
  /** The cost-allocation tag the budget filters on, e.g. { key: 'Project', value: 'chorus' }. It must be activated in Billing. */
  readonly costTag: { readonly key: string; readonly value: string };
  readonly metrics: CostMetricSources;
}

/**
 * Cost governance: an AWS Budgets monthly cost budget of the resources tagged with the project tag,
 * with actual and forecast alerts to an encrypted SNS topic; and `bindReporter`, which gives the
 * finance function the names of the resources whose free CloudWatch metrics it prices, the budget,
 * and read-only GetMetricData, together.
 */
export class CostControls extends Construct {
  readonly alertTopic: ITopic;
  readonly budget: CfnBudget;
  private readonly props: CostControlsProps;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    this.props = props;

    // AWS Budgets publishes to an encrypted topic only if the key and the topic policy let it, and
    // only on this account's behalf.
    const budgets = new ServicePrincipal('budgets.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } });
    const topic = new EncryptedTopic(this, 'AlertTopic', {
      displayName: 'Chorus budget alerts',
      keyDescription: 'Encrypts the Chorus budget alert topic',
      publishingServices: [budgets],
      emailSubscribers: props.alertEmails ?? [],
    });
    topic.grantPublish(budgets);
    this.alertTopic = topic;

    const notify = (type: 'ACTUAL' | 'FORECASTED', threshold: number): CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType: type, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers: [{ subscriptionType: 'SNS', address: topic.topicArn }],
    });
    this.budget = new CfnBudget(this, 'MonthlyBudget', {
      budget: {
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyBudgetUsd, unit: 'USD' },
        // A user-defined cost-allocation tag is "user:<key>$<value>" in a budget's TagKeyValue filter.
        costFilters: { TagKeyValue: [`user:${props.costTag.key}$${props.costTag.value}`] },
      },
      notificationsWithSubscribers: [
        ...(props.actualThresholdsPercent ?? [80, 100]).map((t) => notify('ACTUAL', t)),
        ...(props.forecastThresholdsPercent ?? [100]).map((t) => notify('FORECASTED', t)),
      ],
    });
    // Budgets checks it may publish when the budget is created: the topic policy must exist first.
    this.budget.node.addDependency(topic);
  }

  /** The finance function reads these resources' metrics: their names, the budget and GetMetricData, together. */
  bindReporter(reporter: ChorusFunction): void {
    const m = this.props.metrics;
    const targets: MetricTargets = {
      apiId: m.api.apiId,
      // The reporter itself is left out: its own name in its environment would be a dependency cycle.
      functions: Object.entries(m.functions).filter(([, fn]) => fn !== reporter).map(([name, fn]) => ({
        name,
        functionName: fn.function.functionName,
        memoryMb: Number((fn.function.node.defaultChild as CfnFunction).memorySize ?? 128),
      })),
      tables: m.tables.map((t) => ({ tableName: t.table.tableName, indexes: [...t.indexNames] })),
      queueName: m.queue.queueName,
      bucketName: m.lakeBucket.bucketName,
      workGroup: m.workGroupName,
    };
    reporter.function.addEnvironment(ENV.COST_METRICS, Stack.of(this).toJsonString(targets));
    reporter.function.addEnvironment(ENV.COST_MONTHLY_BUDGET_USD, String(this.props.monthlyBudgetUsd));
    reporter.function.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    if (reporter.function.role) {
      Validations.of(reporter.function.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudwatch:GetMetricData supports no resource-level permissions (its resource must be *); it is read-only, and besides it this role has only the X-Ray wildcard Tracing.ACTIVE adds.',
      });
    }
  }
}
