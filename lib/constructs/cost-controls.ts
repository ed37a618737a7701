import { Stack, Token } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { Grant, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MetricTargets } from '../../lambdas/finance/cloudwatch-usage-source';
import type { ChorusFunction } from './chorus-function';
import type { IChorusTable } from './community-table';
import { EncryptedTopic } from './encrypted-topic';

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
  /** Key of the cost-allocation tag the budget filters on, e.g. 'Project'. It must be activated in Billing. */
  readonly costTagKey: string;
  /** Value of that tag on the project's resources, e.g. 'chorus'. */
  readonly costTagValue: string;
  /** The API whose request metrics the cost report prices. */
  readonly api: IHttpApi;
  /** Functions whose invocations and duration the report prices, by the name it shows (route group, `publisher`, `archiver`). */
  readonly functions: Readonly<Record<string, ChorusFunction>>;
  /** Tables whose read and write units the report prices, with their indexes (index units are metrics of their own). */
  readonly tables: readonly IChorusTable[];
  /** The analytics queue, priced by its requests. */
  readonly analyticsQueue: IQueue;
  /** The lake bucket, priced by its requests and storage. */
  readonly lakeBucket: IBucket;
  /** The analysts' Athena workgroup, priced by bytes scanned (it publishes CloudWatch metrics). */
  readonly workGroup: CfnWorkGroup;
}

/**
 * Cost governance: an AWS Budgets monthly cost budget of the resources tagged with the project tag,
 * with actual and forecast alerts to an encrypted SNS topic; and what the cost reporter needs
 * (`fn.bindCostReport(costControls)`): the resources whose free CloudWatch metrics it prices, the
 * budget, and read-only GetMetricData.
 */
export class CostControls extends Construct {
  readonly alertTopic: ITopic;
  readonly budget: CfnBudget;
  readonly monthlyBudgetUsd: number;
  /** What the report reads, less the functions (the reporter leaves itself out: see metricTargetsFor). */
  private readonly targets: Omit<MetricTargets, 'functions'>;
  private readonly functions: Readonly<Record<string, ChorusFunction>>;

  constructor(scope: Construct, id: string, props: CostControlsProps) {
    super(scope, id);
    validateProps(props);
    this.monthlyBudgetUsd = props.monthlyBudgetUsd;
    this.functions = props.functions;
    this.targets = {
      apiId: props.api.apiId,
      tables: props.tables.map((t) => ({ tableName: t.table.tableName, indexes: [...t.indexNames] })),
      queueName: props.analyticsQueue.queueName,
      bucketName: props.lakeBucket.bucketName,
      workGroup: props.workGroup.ref,
    };

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
        costFilters: { TagKeyValue: [`user:${props.costTagKey}$${props.costTagValue}`] },
      },
      notificationsWithSubscribers: [
        ...(props.actualThresholdsPercent ?? [80, 100]).map((t) => notify('ACTUAL', t)),
        ...(props.forecastThresholdsPercent ?? [100]).map((t) => notify('FORECASTED', t)),
      ],
    });
    // Budgets checks it may publish when the budget is created: the topic policy must exist first.
    this.budget.node.addDependency(topic);
  }

  /**
   * The resources whose metrics `reporter` prices. The reporter itself is left out: its own name in
   * its environment would be a dependency cycle.
   */
  metricTargetsFor(reporter: ChorusFunction): MetricTargets {
    const functions = Object.entries(this.functions)
      .filter(([, fn]) => fn !== reporter)
      .map(([name, fn]) => ({ name, functionName: fn.functionName, memoryMb: fn.memorySize }));
    const { apiId, ...rest } = this.targets;
    return { apiId, functions, ...rest };
  }

  /** Lets `grantee` read CloudWatch metrics (GetMetricData has no resource-level permissions). */
  grantReadMetrics(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({ grantee, actions: ['cloudwatch:GetMetricData'], resourceArns: ['*'] });
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** AWS Budgets allows at most 5 notifications per budget. */
const MAX_NOTIFICATIONS = 5;

function validateProps(props: CostControlsProps): void {
  if (!Token.isUnresolved(props.monthlyBudgetUsd) && !(Number.isFinite(props.monthlyBudgetUsd) && props.monthlyBudgetUsd > 0)) {
    throw new Error(`monthlyBudgetUsd must be US dollars above 0, got ${props.monthlyBudgetUsd}`);
  }
  for (const name of ['actualThresholdsPercent', 'forecastThresholdsPercent'] as const) {
    const bad = props[name]?.find((p) => !(p > 0 && p <= 1000));
    if (bad !== undefined) throw new Error(`${name} must be percentages of the budget above 0 and at most 1000, got ${bad}`);
  }
  const notifications = (props.actualThresholdsPercent ?? [80, 100]).length + (props.forecastThresholdsPercent ?? [100]).length;
  if (notifications > MAX_NOTIFICATIONS) {
    const names = 'actualThresholdsPercent and forecastThresholdsPercent';
    throw new Error(`${names} may name at most ${MAX_NOTIFICATIONS} thresholds together (an AWS Budgets limit), got ${notifications}`);
  }
  const badEmail = props.alertEmails?.find((e) => !EMAIL.test(e));
  if (badEmail !== undefined) throw new Error(`alertEmails must be e-mail addresses, got ${JSON.stringify(badEmail)}`);
  if (props.costTagKey.trim() === '' || props.costTagValue.trim() === '') {
    throw new Error(`costTagKey and costTagValue must both be non-empty, got ${JSON.stringify(props.costTagKey)} and ${JSON.stringify(props.costTagValue)}`);
  }
  if (Object.keys(props.functions).length === 0) throw new Error('functions must name at least one function to price, got none');
}
