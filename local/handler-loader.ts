/**
 * Imports a route group's handler module lazily, once (a warm container per function). Imports run
 * one at a time with AWS_LAMBDA_FUNCTION_NAME set to the group's function name, because Powertools
 * snapshots it at construction (the idempotency key prefix), as it would in that function's container.
 * Modules shared by several handlers are evaluated once per process, unlike in Lambda.
 */
import { access } from 'node:fs/promises';
import { withVariable } from './process-environment';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteGroup } from '../lambdas/api/routes';
import type { LambdaHandler } from './local-api';

export function createHandlerLoader(options: {
  readonly handlersDir: string;
  readonly functionNameOf: (group: RouteGroup) => string;
}): (group: RouteGroup) => Promise<LambdaHandler> {
  const loaded = new Map<RouteGroup, Promise<LambdaHandler>>();
  let importQueue: Promise<unknown> = Promise.resolve();

  const importHandler = async (group: RouteGroup): Promise<LambdaHandler> => {
    const file = join(options.handlersDir, `${group}.ts`);
    await access(file).catch(() => {
      throw new Error(`no handler module for route group ${group}: expected ${file}`);
    });
    // A module that reads the function's name at import sees its own, as in Lambda.
    const module = (await withVariable('AWS_LAMBDA_FUNCTION_NAME', options.functionNameOf(group), () => import(pathToFileURL(file).href))) as {
      handler?: unknown;
    };
    if (typeof module.handler !== 'function') throw new Error(`${file} does not export a handler function`);
    return module.handler as LambdaHandler;
  };

  return (group) => {
    let handler = loaded.get(group);
    if (!handler) {
      handler = importQueue.then(() => importHandler(group));
      importQueue = handler.catch(() => undefined);
      // A failed import is retried on the next request (the developer may be fixing the file).
      handler.catch(() => loaded.delete(group));
      loaded.set(group, handler);
    }
    return handler;
  };
}
