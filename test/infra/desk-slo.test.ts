/** The desk SLO's burn-rate alerts in the template: two windows each, the right thresholds, notifying the ops topic. */
import { Match } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib';
import { DESK_METRICS, errorRateThreshold } from '../../lambdas/desk/slo-design';
import { DeskSloAlarms } from '../../lib/constructs/desk-slo-alarms';
import { logicalIdOf, synthChorus, type SynthesizedChorus } from './stack';

let synth: SynthesizedChorus;
beforeAll(() => {
  synth = synthChorus();
});

const alarms = () => synth.template.findResources('AWS::CloudWatch::Alarm');
const missedShareAlarm = (periodSeconds: number) =>
  Object.values(alarms()).find((a: any) =>
    (a.Properties.Metrics ?? []).some((m: any) => m.MetricStat?.Metric?.MetricName === DESK_METRICS.missed && m.MetricStat.Period === periodSeconds),
  ) as any;

describe('the desk SLO alarms', () => {
  it.each([
    ['fast, long window (1 h)', 3600, 14.4],
    ['fast, short window (5 min)', 300, 14.4],
    ['slow, long window (6 h)', 21_600, 6],
    ['slow, short window (30 min)', 1800, 6],
  ])('alarm on the missed share %s at burn rate × (1 - 95 %%)', (_name, period, burnRate) => {
    const alarm = missedShareAlarm(period);
    expect(alarm).toBeDefined();
    expect(alarm.Properties).toMatchObject({ Threshold: errorRateThreshold(burnRate, 95), ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    expect(alarm.Properties.Metrics.find((m: any) => m.Expression).Expression).toContain('FILL(missed, 0) / (FILL(met, 0) + FILL(missed, 0))');
  });

  it('pairs the windows in two composite alarms that notify the ops topic when they fire and when they clear', () => {
    const topic = { Ref: logicalIdOf(synth.stack.monitoring.alarmTopic) };
    const composites = synth.template.findResources('AWS::CloudWatch::CompositeAlarm');
    const desk = Object.values(composites).filter((c: any) => String(c.Properties.AlarmDescription).startsWith('Desk SLO'));
    expect(desk).toHaveLength(2);
    for (const composite of desk as any[]) {
      expect(JSON.stringify(composite.Properties.AlarmRule)).toMatch(/ALARM\(.*\) AND ALARM\(.*\)/);
      expect(composite.Properties.AlarmActions).toEqual([topic]);
      expect(composite.Properties.OKActions).toEqual([topic]);
    }
    synth.template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmDescription: Match.stringLikeRegexp('fast burn, 14.4× over 60 min and 5 min'),
    });
    synth.template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmDescription: Match.stringLikeRegexp('slow burn, 6× over 360 min and 30 min'),
    });
  });

  it('refuses a target the budget math cannot use', () => {
    expect(() => new DeskSloAlarms(new Stack(new App(), 'S'), 'Slo', { targetPercent: 100 })).toThrow(
      'targetPercent must be at least 50 and below 100, got 100',
    );
  });
});
