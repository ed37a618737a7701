/**
 * One structured logger per container, writing the JSON lines Powertools for AWS Lambda's Logger
 * writes (its PowertoolsLogFormatter's keys: level, message, timestamp, service, cold_start,
 * function_arn, function_memory_size, function_name, function_request_id, sampling_rate,
 * xray_trace_id, then the keys appended and the line's own; errors as name, location, message,
 * stack, cause), with its service name and level from the same variables (POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_LOG_LEVEL, else AWS_LAMBDA_LOG_LEVEL, else LOG_LEVEL; INFO by default).
 *
 * Only what Chorus uses of it: info, warn, error, appendKeys, and `injectLambdaContext` as middy
 * middleware. Powertools' Logger and its commons cost 21 KB in every bundle for what these 1.6 KB
 * (minified) do (BENCHMARKS.md § 1); log sampling, buffering and pretty-printing are not used here, so
 * they are not carried.
 */
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { readLogConfig, traceHeader } from '../config';

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

/** Extra keys of one line: an Error alone is logged under `error`, as Powertools does. */
type Extra = Readonly<Record<string, unknown>> | Error;

/** Where in our code an error was thrown: the first `(file:line:column)` of its stack. */
function locationOf(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...rest } = error as Error & { cause?: unknown };
  return { name, location: locationOf(stack), message, stack, cause: cause instanceof Error ? formatError(cause) : cause, ...rest };
}

/**
 * JSON.stringify's replacer, one per line, as Powertools' is: errors anywhere in a line are formatted,
 * bigints become strings, and an object met again inside itself is dropped (a cycle never throws; an
 * object shared by two branches is written in both).
 */
function replacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? formatError(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

const levelOf = (named: string): Level => (named in LEVELS ? (named as Level) : 'INFO');

export class Logger {
  readonly #service: string;
  readonly #threshold: number;
  #context: Context | undefined;
  #coldStart = true;
  #keys: Record<string, unknown> = {};

  constructor(options: { readonly serviceName?: string } = {}) {
    const config = readLogConfig();
    this.#service = config.serviceName ?? options.serviceName ?? 'service_undefined';
    this.#threshold = LEVELS[levelOf(config.level)];
  }

  info(message: string, extra?: Extra): void {
    this.#write('INFO', message, extra);
  }

  warn(message: string, extra?: Extra): void {
    this.#write('WARN', message, extra);
  }

  error(message: string, extra?: Extra): void {
    this.#write('ERROR', message, extra);
  }

  /** Keys every following line carries until the invocation ends (injectLambdaContext with resetKeys). */
  appendKeys(keys: Readonly<Record<string, unknown>>): void {
    Object.assign(this.#keys, keys);
  }

  resetKeys(): void {
    this.#keys = {};
  }

  /** The invocation's context, on every line until the next; the first invocation of a container is its cold start. */
  addContext(context: Context): void {
    this.#coldStart = this.#context === undefined;
    this.#context = context;
  }

  #write(level: Level, message: string, extra: Extra | undefined): void {
    if (LEVELS[level] < this.#threshold) return;
    const context = this.#context;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#service,
      cold_start: context && this.#coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context === undefined ? undefined : Number(context.memoryLimitInMB),
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: /Root=([^;]+)/.exec(traceHeader())?.[1],
      ...this.#keys,
      ...(extra instanceof Error ? { error: extra } : extra),
    };
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${JSON.stringify(line, replacer())}\n`);
  }
}

export const logger = new Logger({ serviceName: 'chorus' });

/** Middy middleware: the invocation's context on every line, and (resetKeys) appended keys cleared when it ends. */
export function injectLambdaContext(target: Logger, options: { readonly resetKeys?: boolean } = {}): middy.MiddlewareObj {
  const reset = () => {
    if (options.resetKeys) target.resetKeys();
  };
  return {
    before: (request) => {
      target.addContext(request.context);
    },
    after: reset,
    onError: reset,
  };
}
