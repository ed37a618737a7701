/**
 * The response desk's SLO as CloudWatch alarms: multi-window burn-rate alerts on the EMF metrics the
 * publisher writes (DESK_METRICS). Each alert is a composite of two metric-math alarms on the missed
 * share of first responses, over a long window (the budget really burns) and a short one (it still
 * does now); both must exceed `burnRate × (1 - target)`. Fast: 1 h and 5 min at 14.4×; slow: 6 h and
 * 30 min at 6× (BURN_RATE_ALARMS). The alarms watch every community together; each community's own
 * objective and burn rates are data (GET /v1/desk/slo).
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, AlarmRule, ComparisonOperator, CompositeAlarm, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { BURN_RATE_ALARMS, DEFAULT_SLO_TARGET_PERCENT, DESK_METRICS, errorRateThreshold, SLO_WINDOW_DAYS } from '../../lambdas/desk/slo-design';

export interface DeskSloAlarmsProps {
  /**
   * The share of desk items that must get a first staff response within their due time, in percent.
   * @default 95
   */
  readonly targetPercent?: number;
}

export class DeskSloAlarms extends Construct {
  /** The fast and slow burn alerts, to be watched (notified to the ops topic) by the caller. */
  readonly burnRateAlarms: readonly CompositeAlarm[];

  constructor(scope: Construct, id: string, props: DeskSloAlarmsProps = {}) {
    super(scope, id);
    const target = props.targetPercent ?? DEFAULT_SLO_TARGET_PERCENT;
    if (!(target >= 50 && target < 100)) throw new Error(`targetPercent must be at least 50 and below 100, got ${target}`);

    const count = (metricName: string, minutes: number) =>
      new Metric({
        namespace: DESK_METRICS.namespace,
        metricName,
        dimensionsMap: { service: DESK_METRICS.service },
        statistic: 'Sum',
        period: Duration.minutes(minutes),
      });
    const missedShare = (minutes: number) =>
      new MathExpression({
        expression: 'IF((FILL(met, 0) + FILL(missed, 0)) > 0, FILL(missed, 0) / (FILL(met, 0) + FILL(missed, 0)), 0)',
        usingMetrics: { met: count(DESK_METRICS.met, minutes), missed: count(DESK_METRICS.missed, minutes) },
        period: Duration.minutes(minutes),
        label: `missed share of first responses over ${minutes} min`,
      });

    this.burnRateAlarms = BURN_RATE_ALARMS.map((design) => {
      const threshold = errorRateThreshold(design.burnRate, target);
      const windowAlarm = (label: 'Long' | 'Short', minutes: number) =>
        new Alarm(this, `${capitalised(design.name)}Burn${label}Window`, {
          metric: missedShare(minutes),
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: `Desk SLO ${target} %: missed share over ${minutes} min above ${threshold} (${design.burnRate}× the budget's rate)`,
        });
      return new CompositeAlarm(this, `${capitalised(design.name)}Burn`, {
        alarmRule: AlarmRule.allOf(windowAlarm('Long', design.longWindowMinutes), windowAlarm('Short', design.shortWindowMinutes)),
        alarmDescription: `Desk SLO (${target} % within due time over ${SLO_WINDOW_DAYS} days): ${design.name} burn, ${design.burnRate}× over ${design.longWindowMinutes} min and ${design.shortWindowMinutes} min`,
      });
    });
  }
}

const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);
