/**
 * The local runtime plays the Lambda service: it sets the environment the handlers run with (what
 * the CDK stack sets on each function) and reads the few settings a developer may override. Every
 * touch of process.env outside lambdas/config.ts goes through here.
 */

/** Sets variables for the handlers running in this process; `undefined` removes one. */
export function exportToHandlers(variables: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/**
 * Runs `fn` with one variable set (prepended to what is there when `prepend`), then restores it.
 * Synchronous `fn` stays synchronous (a child process spawned in it sees the variable, and its
 * listeners can be attached before any event fires); a promise is awaited before restoring.
 */
export function withVariable<T>(name: string, value: string, fn: () => T, options: { readonly prepend?: boolean } = {}): T {
  const previous = process.env[name];
  process.env[name] = options.prepend && previous ? `${value} ${previous}` : value;
  const restore = () => {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** A setting the developer may give in the environment (PORT, DYNAMODB_LOCAL_PORT, ...). */
export const developerSetting = (name: string): string | undefined => process.env[name] || undefined;
