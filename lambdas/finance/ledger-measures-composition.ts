/**
 * The ledger-measures job's adapters, created once per container: Athena over the lake (the job's
 * workgroup and the lake's Glue database), the community table for the directory and the stored
 * measures. Only the job imports this: the Athena client is in no API bundle.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { ledgerAthena, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunities, dynamoMeasureStore } from '../store/dynamo-ledger-sources';
import { athenaLakeSql } from './athena-lake';
import type { RefreshDeps } from './ledger-measures';

let deps: RefreshDeps | undefined;

export const ledgerMeasuresDeps = (): RefreshDeps => {
  if (!deps) {
    const table = tableName();
    deps = {
      lake: athenaLakeSql({ client: new AthenaClient({}), ...ledgerAthena() }),
      store: dynamoMeasureStore(documentClient, table),
      communities: dynamoCommunities(documentClient, table),
      clock: systemClock,
    };
  }
  return deps;
};
