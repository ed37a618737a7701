import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { idempotencyTableDesign, tableDesign } from '../../lambdas/store/table-design';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** Settings every stateful Chorus table shares: losing one is losing members' content. */
const STATEFUL = {
  billingMode: BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  encryption: TableEncryption.AWS_MANAGED,
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/**
 * The single table holding Chorus's domain state, built from `tableDesign` (the same definition the
 * local runtime creates in DynamoDB Local): on-demand, point-in-time recovery, TTL, a stream of new
 * and old images for the event publisher, one GSI per named access pattern. The table survives the
 * stack (retained, deletion protection).
 */
export class CommunityTable extends Construct {
  readonly table: ITable;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const table = new Table(this, 'Table', {
      ...STATEFUL,
      partitionKey: stringKey(tableDesign.partitionKey),
      sortKey: stringKey(tableDesign.sortKey),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const [indexName, index] of Object.entries(tableDesign.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
      });
    }
    this.table = table;
  }
}

/**
 * Powertools idempotency records (`idempotencyTableDesign`): on-demand, TTL so expired keys cost
 * nothing, point-in-time recovery, retained like the domain table (a lost record would let a retried
 * POST write twice).
 */
export class IdempotencyTable extends Construct {
  readonly table: ITable;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      ...STATEFUL,
      partitionKey: stringKey(idempotencyTableDesign.partitionKey),
      timeToLiveAttribute: idempotencyTableDesign.timeToLiveAttribute,
    });
  }
}
