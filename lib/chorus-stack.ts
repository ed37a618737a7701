import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AnalyticsLake } from './constructs/analytics-lake';
import { AnalyticsPipeline } from './constructs/analytics-pipeline';
import { CommunityTable, IdempotencyTable } from './constructs/community-table';
import { CostControls } from './constructs/cost-controls';
import { MemberDataJobs } from './constructs/member-data-jobs';
import { MembersApi } from './constructs/members-api';
import { Monitoring } from './constructs/monitoring';
import { MemberUserPool } from './constructs/user-pool';
import { TABLE_PROTECTION, type StageConfig } from './stage-config';

export interface ChorusStackProps extends StackProps {
  readonly config: StageConfig;
  /** Reported by GET /v1/health. */
  readonly serviceVersion: string;
}

/**
 * The Chorus backend of one stage: data (tables), auth (user pool), compute and api (functions and
 * the HTTP API), monitoring. Composition only; each part is a construct in ./constructs.
 */
export class ChorusStack extends Stack {
  readonly communityTable: CommunityTable;
  readonly idempotencyTable: IdempotencyTable;
  readonly userPool: MemberUserPool;
  readonly api: MembersApi;
  readonly monitoring: Monitoring;
  readonly lake: AnalyticsLake;
  readonly analytics: AnalyticsPipeline;
  readonly costs: CostControls;
  readonly memberData: MemberDataJobs;

  constructor(scope: Construct, id: string, props: ChorusStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = config.stage === 'prod' ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK;

    // Prod keeps and protects the tables; a dev stack may take its test data with it.
    const tableProtection = TABLE_PROTECTION[config.stage];
    this.communityTable = new CommunityTable(this, 'CommunityTable', tableProtection);
    this.idempotencyTable = new IdempotencyTable(this, 'IdempotencyTable', tableProtection);
    this.userPool = new MemberUserPool(this, 'MemberUserPool', { logRetention });
    this.api = new MembersApi(this, 'MembersApi', {
      table: this.communityTable.table,
      idempotencyTable: this.idempotencyTable.table,
      userPool: this.userPool.userPool,
      appClient: this.userPool.appClient,
      corsOrigins: config.corsOrigins,
      serviceVersion: props.serviceVersion,
      logRetention,
    });
    this.lake = new AnalyticsLake(this, 'AnalyticsLake');
    this.analytics = new AnalyticsPipeline(this, 'AnalyticsPipeline', { table: this.communityTable.table, lakeBucket: this.lake.bucket, logRetention });
    this.api.functions.events.bindAnalyticsQueue(this.analytics.queue);
    this.memberData = new MemberDataJobs(this, 'MemberData', { table: this.communityTable.table, logRetention });
    this.api.functions.members.bindMemberDataJobs(this.memberData);

    const functions = { ...this.api.functions, publisher: this.analytics.publisher, archiver: this.analytics.archiver, memberData: this.memberData.worker };
    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.api.httpApi,
      // The sign-up trigger's errors leave a new account outside members: on-call hears of them.
      functions: { ...functions, postConfirmation: this.userPool.postConfirmation },
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.monitoring.watch(this.analytics.deadLettersAlarm);
    this.monitoring.watch(this.memberData.deadLettersAlarm);

    this.costs = new CostControls(this, 'CostControls', {
      monthlyBudgetUsd: config.monthlyBudgetUsd,
      actualThresholdsPercent: config.budgetActualThresholds,
      forecastThresholdsPercent: config.budgetForecastThresholds,
      alertEmails: config.budgetEmails,
      costTagKey: 'Project',
      costTagValue: 'chorus',
      api: this.api.httpApi,
      functions,
      tables: [this.communityTable, this.idempotencyTable],
      analyticsQueue: this.analytics.queue,
      lakeBucket: this.lake.bucket,
      workGroup: this.lake.workGroup,
    });
    this.api.functions.finance.bindCostReport(this.costs);

    // What the apps, the CLIs and the runbook need after a deploy.
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the members API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPool.userPoolId, description: 'Cognito user pool of the members' });
    new CfnOutput(this, 'AppClientId', { value: this.userPool.appClient.userPoolClientId, description: 'Cognito app client for the mobile and web apps' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn, description: 'Subscribe on-call here' });
    new CfnOutput(this, 'BudgetAlertTopicArn', { value: this.costs.alertTopic.topicArn, description: 'Budget alerts (actual and forecast) for finance' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard of the API' });

    Tags.of(this.communityTable).add('Component', 'data');
    Tags.of(this.idempotencyTable).add('Component', 'data');
    Tags.of(this.userPool).add('Component', 'auth');
    Tags.of(this.api).add('Component', 'api');
    // A function's role and log group are its siblings (ChorusFunction), so each is tagged with it.
    for (const fn of Object.values(this.api.functions)) {
      for (const part of [fn, fn.role, fn.logGroup]) Tags.of(part).add('Component', 'compute');
    }
    Tags.of(this.monitoring).add('Component', 'monitoring');
    Tags.of(this.costs).add('Component', 'finance');
    Tags.of(this.lake).add('Component', 'analytics');
    Tags.of(this.analytics).add('Component', 'analytics');
    Tags.of(this.memberData).add('Component', 'members');
  }
}
