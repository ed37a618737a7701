/**
 * Prints one plain closing line, "Tests: N passed, N failed", as the very last line of the run, so
 * CI can read the outcome whatever the runner.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // jest prints its own summary after the reporters return; wait for it.
    process.once('exit', () => process.stdout.write(`${line}\n`));
  }
}
