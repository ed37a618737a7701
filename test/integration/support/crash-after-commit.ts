/**
 * Fault injection for the integration tests' local runtime (never part of a deployed stack, never
 * read by production code): a create whose Idempotency-Key starts with CRASH_AFTER_COMMIT commits
 * its transaction and then fails as if the process had died before answering, once per key. The
 * handler sees an error after the write (Powertools then forgets the key, as an expired in-progress
 * record would be forgotten after a real crash) and the client gets a 500; its retry must find
 * the first write.
 *
 * The global setup installs it on the handlers' DynamoDB client (StartLocalOptions.instrumentHandlerClients).
 */
import type { InstrumentableClient } from '../../../local/sdk-calls';

/** The prefix of an Idempotency-Key whose create crashes right after its write commits. */
export const CRASH_AFTER_COMMIT = 'crash-after-commit-';

const MIDDLEWARE = 'chorusTestCrashAfterCommit';

/** The create marker's key (partition and sort key: member and request) in a marshalled transaction item, if the item is one. */
const markerKeyOf = (item: unknown): string | undefined => {
  const stored = (item as { Put?: { Item?: { pk?: { S?: string }; sk?: { S?: string } } } }).Put?.Item;
  return stored?.pk?.S?.startsWith('ONCE#') ? `${stored.pk.S} ${stored.sk?.S ?? ''}` : undefined;
};

export function installCrashAfterCommit(client: InstrumentableClient): void {
  const crashed = new Set<string>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'TransactWriteItemsCommand') return result;
      const items = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).map(markerKeyOf);
      const marker = items.find((pk) => pk?.includes(CRASH_AFTER_COMMIT) && !crashed.has(pk));
      if (!marker) return result;
      crashed.add(marker);
      throw new Error(`injected crash: the transaction of ${marker} committed and the process died before answering`);
    },
    { step: 'build', name: MIDDLEWARE, override: true },
  );
}
