/**
 * What the local runtime started, to stop in reverse order. Every step runs even if one fails (a
 * developer must never be left with a java process holding a port); failures are reported, not thrown.
 */
export interface Teardown {
  /** Registers a step, right after starting what it stops. */
  add(step: () => unknown): void;
  /** Runs the registered steps, last first, once. */
  run(): Promise<void>;
}

export function createTeardown(onError: (error: unknown) => void): Teardown {
  const steps: (() => unknown)[] = [];
  return {
    add: (step) => void steps.push(step),
    async run() {
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          onError(error);
        }
      }
    },
  };
}
