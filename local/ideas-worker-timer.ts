/**
 * The ideas worker's schedule, locally: EventBridge runs lambdas/handlers/ideas-worker.ts every minute
 * in AWS; here it runs every couple of seconds (a merge too large for its request finishes while one
 * watches), and again at once while it still has steps to take.
 */
import { createLambdaContext } from './lambda-context';
import { startPollLoop, type Poller } from './poll-loop';

/** The pause after a run that found nothing to do. */
export const LOCAL_WORKER_PERIOD_MS = 2000;
/** What a local run may spend (the function's timeout in AWS is 55 s; locally runs stay short so a stop is quick). */
const LOCAL_RUN_MS = 5000;

export async function startIdeasWorker(options: { readonly region: string; readonly onError: (error: unknown) => void }): Promise<Poller> {
  // The handler loads once the environment is set: its composition reads it.
  const { handler } = await import('../lambdas/handlers/ideas-worker');
  return startPollLoop({
    idleMs: LOCAL_WORKER_PERIOD_MS,
    onError: options.onError,
    poll: async () => {
      const context = createLambdaContext({ functionName: 'chorus-ideas-worker', region: options.region, accountId: '000000000000', timeoutMs: LOCAL_RUN_MS });
      const result = await handler({}, context);
      return result.steps > 0 ? 'busy' : 'idle';
    },
  });
}
