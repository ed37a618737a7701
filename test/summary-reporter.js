/**
 * Prints one plain closing line, "Tests: N passed, N failed", as the very last line of the run, so
 * CI can read the outcome whatever the runner. Before it, loudly, every test that did not run, by
 * file and name: against a deployed stack (CHORUS_BASE_URL) the local-only tests skip themselves,
 * and a skipped count alone would not say which promises went unchecked.
 */
import { relative } from 'node:path';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const notRun = results.testResults.flatMap((file) =>
      file.testResults
        .filter((t) => t.status === 'pending' || t.status === 'todo' || t.status === 'skipped')
        .map((t) => `  ${relative(process.cwd(), file.testFilePath)} › ${t.fullName}`),
    );
    const why = process.env.CHORUS_TARGETS_DEPLOYED_STACK
      ? `not run against a deployed stack (CHORUS_BASE_URL=${process.env.CHORUS_BASE_URL}): they need the local runtime`
      : 'skipped';
    const list = notRun.length > 0 ? `\n${notRun.length} tests ${why}:\n${notRun.join('\n')}\n` : '';
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // jest prints its own summary after the reporters return; wait for it.
    process.once('exit', () => process.stdout.write(`${list}${line}\n`));
  }
}
