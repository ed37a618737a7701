/**
 * A failure of the local runtime that the developer fixes outside the code (install Java, free a
 * port, delete .data/). Entry points print its one-line message without a stack trace.
 */
export class LocalRuntimeError extends Error {
  override readonly name = 'LocalRuntimeError';
}

/** The message to print for a startup failure: one line for known causes, the stack otherwise. */
export const describeStartupFailure = (error: unknown): string =>
  error instanceof LocalRuntimeError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
