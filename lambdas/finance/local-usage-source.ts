/** The local runtime's usage file behind the UsageSource port (the finance function, run locally). */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { aggregateRecords, parseRecords, type UsageRecord } from './usage-records';
import type { UsageSource } from './usage';

export const localUsageSource = (file: string): UsageSource => {
  // A ledger asks for every week since a community opened: the file is parsed once per change, not once per week.
  let cached: { stamp: string; records: Promise<UsageRecord[]> } | undefined;
  const records = async (): Promise<UsageRecord[]> => {
    const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const stamp = info ? `${info.size}:${info.mtimeMs}` : 'none';
    if (cached?.stamp !== stamp) cached = { stamp, records: info ? readFile(file, 'utf8').then(parseRecords) : Promise.resolve([]) };
    return cached.records;
  };
  return {
    async usage(period) {
      // Named by its data folder and file, not its full path: the answer leaves the machine in a report.
      return aggregateRecords(await records(), period, `the local runtime's recording in ${basename(dirname(file))}/${basename(file)}`);
    },
  };
};
