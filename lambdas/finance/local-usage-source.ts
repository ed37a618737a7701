/** The local runtime's usage file behind the UsageSource port (the finance function, run locally). */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { aggregateRecords, parseRecords } from './usage-records';
import type { UsageSource } from './usage';

export const localUsageSource = (file: string): UsageSource => ({
  async usage(period) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    // Named by its data folder and file, not its full path: the answer leaves the machine in a report.
    return aggregateRecords(parseRecords(text), period, `the local runtime's recording in ${basename(dirname(file))}/${basename(file)}`);
  },
});
