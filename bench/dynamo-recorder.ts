/**
 * Bench-only instrumentation of the handlers' shared DynamoDB client (lambdas/store/dynamo-client.ts):
 * asks every command for its consumed capacity and records, per command, the wire-level input (after
 * the document client has marshalled it), the time the call took and the units DynamoDB reported.
 * The middleware and the unit counting are the local runtime's (local/sdk-calls.ts, local/billed-usage.ts),
 * so the bench and the finance report count alike. Installed by the benchmark only.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unitsOfOutput, type ConsumedUnits } from '../local/billed-usage';
import { askForConsumedCapacity, recordSdkCalls } from '../local/sdk-calls';

export interface RecordedCommand {
  /** The SDK command name, e.g. "GetItemCommand" (document client commands are recorded as the command they send). */
  readonly command: string;
  /** The marshalled input as sent (low-level attribute values), replayable on a plain DynamoDBClient. */
  readonly input: Record<string, unknown>;
  readonly ms: number;
  readonly units: ConsumedUnits;
  /** The error name when the call failed (a condition failure still consumes units). */
  readonly error?: string;
}

export const sumUnits = (all: readonly ConsumedUnits[]): ConsumedUnits => {
  const byTarget: Record<string, number> = {};
  for (const u of all) for (const [k, v] of Object.entries(u.byTarget)) byTarget[k] = (byTarget[k] ?? 0) + v;
  return { read: all.reduce((s, u) => s + u.read, 0), write: all.reduce((s, u) => s + u.write, 0), byTarget };
};

export interface DynamoRecorder {
  /** Commands recorded since the last take(), oldest first; clears the record. */
  take(): RecordedCommand[];
}

/** Records every command of `client` (whose stack the document client shares), failed ones included. */
export function installRecorder(client: DynamoDBClient): DynamoRecorder {
  let recorded: RecordedCommand[] = [];
  askForConsumedCapacity(client, 'chorusBenchConsumedCapacity');
  // The input is copied before the call: the replay sends it again on a raw client.
  recordSdkCalls(client, { name: 'chorusBenchRecorder', copyInput: true }, ({ command, input, output, error, ms }) =>
    recorded.push({ command, input, ms, units: unitsOfOutput(command, output), ...(error ? { error } : {}) }),
  );
  return {
    take() {
      const out = recorded;
      recorded = [];
      return out;
    },
  };
}
