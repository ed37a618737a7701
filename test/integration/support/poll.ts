/** How long to wait between looks while the asynchronous pipeline catches up. */
const POLL_INTERVAL_MS = 300;

/**
 * Looks until `done` holds of what it saw or the deadline passes, and answers the last look: the
 * assertions that follow say what was missing. Bounded, so a broken pipeline fails the test, never hangs it.
 */
export async function pollUntil<T>(look: () => Promise<T>, done: (seen: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await look();
    if (done(seen) || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
