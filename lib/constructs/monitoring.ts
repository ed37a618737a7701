import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Stats,
  TextWidget,
  TreatMissingData,
  type IAlarm,
  type CompositeAlarm,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EncryptedTopic } from './encrypted-topic';

export interface MonitoringProps {
  /** The API whose traffic is watched. */
  readonly api: IHttpApi;
  /** The functions to watch, by a label shown on alarms and the dashboard (the route group). */
  readonly functions: Readonly<Record<string, IFunction>>;
  /**
   * Who is e-mailed when an alarm changes state. The subscription must be confirmed from the mail.
   * @default - no subscription; subscribe to `alarmTopic` another way
   */
  readonly alarmEmail?: string;
  /**
   * Percentage of requests answered with a 5xx over five minutes that raises the alarm.
   * @default 1
   */
  readonly serverErrorRatePercent?: number;
  /**
   * Function errors in five minutes that raise a function's Errors alarm.
   * @default 1
   */
  readonly functionErrorThreshold?: number;
}

const PERIOD = Duration.minutes(5);

/**
 * Alarms and a dashboard for the members API: the API's 5xx rate, each function's Errors and
 * Throttles, all notifying one SNS topic (KMS-encrypted, TLS only); the dashboard shows requests,
 * latency p50/p99, 4xx and 5xx, and each function's invocations, errors, throttles and duration.
 * Alarms defined elsewhere (the analytics dead letters) notify the same topic through `watch`.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: ITopic;
  readonly dashboard: Dashboard;
  private readonly notify: SnsAction;
  private readonly watched: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    validateProps(props);

    this.alarmTopic = new EncryptedTopic(this, 'AlarmTopic', {
      displayName: 'Chorus alarms',
      keyDescription: 'Encrypts the Chorus alarm topic',
      publishingServices: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      ...(props.alarmEmail ? { emailSubscribers: [props.alarmEmail] } : {}),
    });
    this.notify = new SnsAction(this.alarmTopic);

    const requests = props.api.metricCount({ period: PERIOD, statistic: Stats.SUM, label: 'Requests' });
    const clientErrors = props.api.metricClientError({ period: PERIOD, label: '4xx' });
    const serverErrors = props.api.metricServerError({ period: PERIOD, label: '5xx' });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * serverErrors / requests, 0)',
      usingMetrics: { requests, serverErrors },
      period: PERIOD,
      label: '5xx rate (%)',
    });
    this.watch(
      serverErrorRate.createAlarm(this, 'ApiServerErrorRate', {
        alarmDescription: 'More than the allowed share of API requests failed with a 5xx (members see errors).',
        threshold: props.serverErrorRatePercent ?? 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const functionWidgets: GraphWidget[] = [];
    for (const [label, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: PERIOD, statistic: Stats.SUM, label: `${label} errors` });
      const throttles = fn.metricThrottles({ period: PERIOD, statistic: Stats.SUM, label: `${label} throttles` });
      this.watch(
        errors.createAlarm(this, `${label}Errors`, {
          alarmDescription: `The ${label} function failed (an unhandled error or a timeout).`,
          threshold: props.functionErrorThreshold ?? 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      this.watch(
        throttles.createAlarm(this, `${label}Throttles`, {
          alarmDescription: `The ${label} function was throttled (account or reserved concurrency exhausted).`,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      functionWidgets.push(
        new GraphWidget({
          title: `${label} function`,
          left: [fn.metricInvocations({ period: PERIOD, statistic: Stats.SUM, label: 'invocations' }), errors, throttles],
          right: [fn.metricDuration({ period: PERIOD, statistic: Stats.p(99), label: 'duration p99' })],
          width: 8,
        }),
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [new TextWidget({ markdown: '# Chorus members API', width: 24, height: 1 })],
        [
          new GraphWidget({ title: 'Requests', left: [requests], width: 6 }),
          new GraphWidget({
            title: 'Latency',
            left: [
              props.api.metricLatency({ period: PERIOD, statistic: Stats.p(50), label: 'p50' }),
              props.api.metricLatency({ period: PERIOD, statistic: Stats.p(99), label: 'p99' }),
            ],
            width: 6,
          }),
          new GraphWidget({ title: '4xx', left: [clientErrors], width: 6 }),
          new GraphWidget({ title: '5xx', left: [serverErrors], right: [serverErrorRate], width: 6 }),
        ],
        functionWidgets,
      ],
    });
  }

  /** Every alarm that notifies the alarm topic. */
  get alarms(): readonly IAlarm[] {
    return [...this.watched];
  }

  /** Notifies the alarm topic when `alarm` goes into ALARM and when it is OK again. */
  watch(alarm: Alarm | CompositeAlarm): void {
    alarm.addAlarmAction(this.notify);
    alarm.addOkAction(this.notify);
    this.watched.push(alarm);
  }
}

function validateProps(props: MonitoringProps): void {
  if (Object.keys(props.functions).length === 0) throw new Error('functions must name at least one function to watch, got none');
  const rate = props.serverErrorRatePercent;
  if (rate !== undefined && !(rate > 0 && rate <= 100)) throw new Error(`serverErrorRatePercent must be above 0 and at most 100, got ${rate}`);
  const errors = props.functionErrorThreshold;
  if (errors !== undefined && !(Number.isInteger(errors) && errors >= 1)) {
    throw new Error(`functionErrorThreshold must be a whole number of errors, at least 1, got ${errors}`);
  }
}
