/** Port helpers for the local runtime: a busy port fails fast with one line instead of a stack. */
import { createServer } from 'node:net';
import { LocalRuntimeError } from './local-runtime-error';

/** Resolves when `port` can be bound on all interfaces; rejects with a one-line LocalRuntimeError when taken. */
export function assertPortFree(port: number, hint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new LocalRuntimeError(`port ${port} is in use: stop the other process or set ${hint}=...`)
          : error,
      );
    });
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A port the OS reports free right now (for emulators that cannot listen on port 0 and tell us). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it resolves true, at most `timeoutMs`; `abort` ends the wait early with its error. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 50, abort }: { timeoutMs: number; intervalMs?: number; abort?: () => Error | undefined },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const aborted = abort?.();
    if (aborted) throw aborted;
    if (await probe()) return;
    if (Date.now() > deadline) throw new LocalRuntimeError(`${what} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
