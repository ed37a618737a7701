/** The JSON lines written to stdout and stderr while `act` runs (what a Lambda's log would hold). */
export async function jsonLinesWrittenBy<Line>(act: () => unknown): Promise<Line[]> {
  const written: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const capture = ((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await act();
  } finally {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}
