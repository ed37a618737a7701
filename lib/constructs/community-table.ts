import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { idempotencyTableDesign, projectsKeysOnly, tableDesign, type IndexDesign } from '../../lambdas/store/table-design';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** What happens to a Chorus table when it leaves the stack: the stack chooses per stage (lib/stage-config.ts). */
export interface ChorusTableProps {
  /**
   * What CloudFormation does with the table when it is removed from the stack or the stack is
   * deleted. RETAIN keeps members' content; DESTROY suits a stage whose data may be thrown away.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Refuse DeleteTable while this is on, whoever asks. Must be off when `removalPolicy` is DESTROY,
   * or deleting the stack would fail on the table.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** A Chorus table and the names of its global secondary indexes (the cost report reads their metrics). */
export interface IChorusTable {
  readonly table: ITable;
  readonly indexNames: readonly string[];
}

/** DynamoDB tables can be retained or destroyed; CloudFormation has no snapshot for them. */
const TABLE_REMOVAL_POLICIES: readonly RemovalPolicy[] = [RemovalPolicy.RETAIN, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, RemovalPolicy.DESTROY];

/** Settings every Chorus table shares, whatever the stage: on-demand, recoverable, encrypted. */
function tableSettings(props: ChorusTableProps) {
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  const deletionProtection = props.deletionProtection ?? true;
  if (!TABLE_REMOVAL_POLICIES.includes(removalPolicy)) {
    throw new Error(`removalPolicy must be one of ${TABLE_REMOVAL_POLICIES.join(', ')} for a table, got ${removalPolicy}`);
  }
  if (removalPolicy === RemovalPolicy.DESTROY && deletionProtection) {
    throw new Error('deletionProtection must be false when removalPolicy is DESTROY: CloudFormation cannot delete a deletion-protected table');
  }
  return {
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.AWS_MANAGED,
    deletionProtection,
    removalPolicy,
  } as const;
}

/**
 * The single table holding Chorus's domain state, built from `tableDesign` (the same definition the
 * local runtime creates in DynamoDB Local): on-demand, point-in-time recovery, TTL, a stream of new
 * and old images for the event publisher, one GSI per named access pattern. By default the table
 * survives the stack (retained, deletion protection); a stage whose data may go says so in props.
 */
export class CommunityTable extends Construct implements IChorusTable {
  readonly table: ITable;
  readonly indexNames: readonly string[] = Object.keys(tableDesign.indexes);

  constructor(scope: Construct, id: string, props: ChorusTableProps = {}) {
    super(scope, id);

    const table = new Table(this, 'Table', {
      ...tableSettings(props),
      partitionKey: stringKey(tableDesign.partitionKey),
      sortKey: stringKey(tableDesign.sortKey),
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
    for (const [indexName, index] of Object.entries(tableDesign.indexes) as [string, IndexDesign][]) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: index.sortKeyType === 'number' ? { name: index.sortKey, type: AttributeType.NUMBER } : stringKey(index.sortKey),
        projectionType: projectsKeysOnly(index) ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      });
    }
    this.table = table;
  }
}

/**
 * Idempotency-Key records (http/idempotency.ts, in Powertools' layout: `idempotencyTableDesign`): on-demand,
 * TTL so expired keys cost nothing, point-in-time recovery; by default retained like the domain table (a lost record would
 * let a retried POST write twice).
 */
export class IdempotencyTable extends Construct implements IChorusTable {
  readonly table: ITable;
  readonly indexNames: readonly string[] = [];

  constructor(scope: Construct, id: string, props: ChorusTableProps = {}) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      ...tableSettings(props),
      partitionKey: stringKey(idempotencyTableDesign.partitionKey),
      timeToLiveAttribute: idempotencyTableDesign.timeToLiveAttribute,
    });
  }
}
