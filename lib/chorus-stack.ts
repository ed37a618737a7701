import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AnalyticsLake } from './constructs/analytics-lake';
import { AnalyticsPipeline } from './constructs/analytics-pipeline';
import { CommunityTable, IdempotencyTable } from './constructs/community-table';
import { CostControls } from './constructs/cost-controls';
import { LakeCompaction } from './constructs/lake-compaction';
import { LedgerMeasures } from './constructs/ledger-measures';
import { LiveUpdates } from './constructs/live-updates';
import { IdeasWorker } from './constructs/ideas-worker';
import { MemberDataJobs } from './constructs/member-data-jobs';
import { MembersApi } from './constructs/members-api';
import { DomainEventsTopic, Notifications } from './constructs/notifications';
import { DeskSloAlarms } from './constructs/desk-slo-alarms';
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
  readonly deskSlo: DeskSloAlarms;
  readonly lake: AnalyticsLake;
  readonly analytics: AnalyticsPipeline;
  readonly compaction: LakeCompaction;
  readonly ledgerMeasures: LedgerMeasures;
  readonly domainEvents: DomainEventsTopic;
  readonly notifications: Notifications;
  readonly costs: CostControls;
  readonly live: LiveUpdates;
  readonly ideasWorker: IdeasWorker;
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
    this.domainEvents = new DomainEventsTopic(this, 'DomainEvents');
    const topic = this.domainEvents.topic;
    this.analytics = new AnalyticsPipeline(this, 'AnalyticsPipeline', { table: this.communityTable.table, topic, lakeBucket: this.lake.bucket, logRetention });
    this.notifications = new Notifications(this, 'Notifications', { topic, table: this.communityTable.table, logRetention });
    this.api.functions.events.bindAnalyticsQueue(this.analytics.queue);
    this.compaction = new LakeCompaction(this, 'LakeCompaction', { lakeBucket: this.lake.bucket, logRetention });
    // The ledger's lake measures: Athena once a day, stored in the table for GET /v1/finance/ledger.
    this.ledgerMeasures = new LedgerMeasures(this, 'LedgerMeasures', { table: this.communityTable.table, lake: this.lake, logRetention });
    this.live = new LiveUpdates(this, 'LiveUpdates', {
      userPool: this.userPool.userPool,
      appClient: this.userPool.appClient,
      table: this.communityTable.table,
      logRetention,
    });
    // The notifier pushes each new notification to its recipient's open sockets. A read's new count reaches the member's
    // others from the table's stream (the live queue-counts function), so the notifications API function pushes nothing.
    this.notifications.notifier.bindLivePush(this.live);

    this.ideasWorker = new IdeasWorker(this, 'IdeasWorker', { table: this.communityTable.table, logRetention });
    this.memberData = new MemberDataJobs(this, 'MemberData', { table: this.communityTable.table, logRetention });
    // Only the privacy function queues jobs and signs archive URLs; the members function gets neither grant.
    this.api.functions.privacy.bindMemberDataJobs(this.memberData);
    // Erasure closes the member's sockets and forgets them; the export lists them.
    this.memberData.worker.bindLivePush(this.live);

    const functions = {
      ...this.api.functions,
      publisher: this.analytics.publisher,
      archiver: this.analytics.archiver,
      compactor: this.compaction.compactor,
      ledgerMeasures: this.ledgerMeasures.job,
      notifier: this.notifications.notifier,
      liveAuthorizer: this.live.authorizer,
      liveConnections: this.live.connections,
      liveQueueCounts: this.live.queueCounts,
      'ideas-worker': this.ideasWorker.worker,
      memberData: this.memberData.worker,
    };
    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.api.httpApi,
      // The sign-up trigger's errors leave a new account outside members: on-call hears of them.
      functions: { ...functions, postConfirmation: this.userPool.postConfirmation },
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.monitoring.watch(this.analytics.deadLettersAlarm);
    this.monitoring.watch(this.notifications.deadLettersAlarm);
    // The response desk's SLO: burn-rate alerts on the publisher's desk metrics, to the ops topic.
    this.deskSlo = new DeskSloAlarms(this, 'DeskSlo');
    for (const alarm of this.deskSlo.burnRateAlarms) this.monitoring.watch(alarm);
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
    new CfnOutput(this, 'LiveUrl', { value: this.live.url, description: 'WebSocket URL of live updates (token as a subprotocol or ?token=)' });
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
    Tags.of(this.deskSlo).add('Component', 'monitoring');
    Tags.of(this.costs).add('Component', 'finance');
    Tags.of(this.lake).add('Component', 'analytics');
    Tags.of(this.analytics).add('Component', 'analytics');
    Tags.of(this.compaction).add('Component', 'analytics');
    Tags.of(this.ledgerMeasures).add('Component', 'finance');
    Tags.of(this.domainEvents).add('Component', 'analytics');
    Tags.of(this.notifications).add('Component', 'notifications');
    Tags.of(this.live).add('Component', 'live');
    Tags.of(this.ideasWorker).add('Component', 'compute');
    Tags.of(this.memberData).add('Component', 'members');
  }
}
