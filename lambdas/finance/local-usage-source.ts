/** The local runtime's usage file behind the UsageSource port (the finance function, run locally). */
import { readFile } from 'node:fs/promises';
import { aggregateRecords, parseRecords } from './usage-records';
import type { UsageSource } from './usage';

export const localUsageSource = (file: string): UsageSource => ({
  async usage(period) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return aggregateRecords(parseRecords(text), period, `the local runtime's recording in ${file}`);
  },
});
