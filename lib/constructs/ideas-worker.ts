import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { ChorusFunction } from './chorus-function';

const WORKER_ENTRY = fileURLToPath(new URL('../../lambdas/handlers/ideas-worker.ts', import.meta.url));

export interface IdeasWorkerProps {
  /** The community table: trend windows, merge jobs, votes. */
  readonly table: ITable;
  /**
   * How often the worker runs: the longest a large merge waits for its next steps, and how soon after
   * midnight (UTC) trending starts the new day.
   * @default Duration.minutes(1)
   */
  readonly every?: Duration;
  /**
   * How long the worker's logs are kept.
   * @default the function construct's default
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The ideas worker (lambdas/handlers/ideas-worker.ts) on a schedule: the daily trending carry and the
 * steps of large merges. Runs never overlap for long (each stops within its timeout, under the
 * period), and steps are safe to race anyway: each commits on the job's cursor.
 */
export class IdeasWorker extends Construct {
  readonly worker: ChorusFunction;

  constructor(scope: Construct, id: string, props: IdeasWorkerProps) {
    super(scope, id);
    const every = props.every ?? Duration.minutes(1);
    if (every.toSeconds() < 60) throw new Error(`every must be at least 1 minute (EventBridge's finest schedule), got ${every.toSeconds()} s`);
    this.worker = new ChorusFunction(this, 'Worker', {
      entry: WORKER_ENTRY,
      description: 'Chorus ideas worker: starts the day of trending, finishes large merges in bounded steps',
      memorySize: 512,
      timeout: Duration.seconds(55),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.worker.bindTable(props.table);
    new Rule(this, 'Schedule', { schedule: Schedule.rate(every), targets: [new LambdaFunction(this.worker, { retryAttempts: 0 })] });
  }
}
