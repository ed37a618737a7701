/**
 * The one way the local runtime and the benchmark watch AWS SDK v3 calls: a middleware on a client's
 * own stack, so nothing global is patched and each client is instrumented (or not) on purpose.
 * The usage recorder (usage-recorder.ts) and the bench recorders (bench/dynamo-recorder.ts,
 * bench/sqs-recorder.ts) read what they need from the calls it reports.
 */
import type { MiddlewareStack } from '@smithy/types';

/** One SDK call, as seen once its response is parsed. */
export interface SdkCall {
  /** The command's name, e.g. "SendMessageBatchCommand" (a document client command is the command it sends). */
  readonly command: string;
  /** The input as it goes on the wire: the document client has already marshalled it. */
  readonly input: Record<string, unknown>;
  /** The parsed output; undefined when the call failed. */
  readonly output: Record<string, unknown> | undefined;
  /** The error's name when the call failed (a DynamoDB condition failure still consumes units). */
  readonly error?: string;
  /** Milliseconds from the build step to the parsed response, retries and signing included. */
  readonly ms: number;
}

/** What this module needs of an SDK v3 client (DynamoDBClient, SQSClient, S3Client, ...): its own middleware stack. */
export interface InstrumentableClient {
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack, whatever its service's input and output types
  readonly middlewareStack: MiddlewareStack<any, any>;
}

export interface RecordSdkCallsOptions {
  /** Names the middleware: installing again under the same name replaces the earlier one. */
  readonly name: string;
  /**
   * Copies the input before the call, for a recorder that replays it later and must not see what
   * the rest of the stack does to it. @default false
   */
  readonly copyInput?: boolean;
}

/**
 * Reports every call `client` makes, failed ones included, to `record`. At the build step the
 * input is final (marshalled) and the time covers the request on the wire. Returns the removal.
 */
export function recordSdkCalls(client: InstrumentableClient, options: RecordSdkCallsOptions, record: (call: SdkCall) => void): () => void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const input = (options.copyInput ? structuredClone(args.input) : args.input) as Record<string, unknown>;
      const started = performance.now();
      try {
        const result = await next(args);
        record({ command, input, output: result.output as Record<string, unknown>, ms: performance.now() - started });
        return result;
      } catch (error) {
        record({ command, input, output: undefined, error: (error as Error).name, ms: performance.now() - started });
        throw error;
      }
    },
    { step: 'build', name: options.name, override: true },
  );
  return () => void client.middlewareStack.remove(options.name);
}

/**
 * Asks every DynamoDB command of `client` for its consumed capacity by index (a top-level string the
 * document client passes through unchanged), so `unitsOf` has something to read. Returns the removal.
 */
export function askForConsumedCapacity(client: InstrumentableClient, name: string): () => void {
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'INDEXES';
      return next(args);
    },
    { step: 'initialize', name, override: true },
  );
  return () => void client.middlewareStack.remove(name);
}
