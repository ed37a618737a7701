import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { ObjectOwnership, StorageClass, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BAD_PREFIX, EVENTS_PREFIX, EVENT_TYPES, LAKE_COLUMNS, PARTITION_COLUMNS, glueTypeOf } from '../../lambdas/analytics/envelope';
import { DEDUPLICATED_VIEW, deduplicatedViewSql } from '../../lambdas/analytics/sql';
import { SecureBucket } from './secure-bucket';

export interface AnalyticsLakeProps {
  /**
   * Age at which event objects move to S3 Standard-IA (queried less once older).
   * @default Duration.days(30)
   */
  readonly infrequentAccessAfter?: Duration;
  /**
   * Age at which event objects move to Glacier Instant Retrieval (still queryable by Athena).
   * @default Duration.days(180)
   */
  readonly archiveAfter?: Duration;
  /**
   * How long rejected events are kept under bad/ for diagnosis.
   * @default Duration.days(30)
   */
  readonly badEventsExpireAfter?: Duration;
  /**
   * Athena cancels a query of this workgroup past this many bytes scanned.
   * @default 10 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * First day the partition projection enumerates (yyyy-MM-dd).
   * @default '2026-01-01'
   */
  readonly firstDay?: string;
}

/** Hive DDL types of the envelope, for the test that compares the catalogue with the writer. */
export const GLUE_COLUMNS = LAKE_COLUMNS.map((c) => ({ name: c.name, type: glueTypeOf(c), comment: c.comment }));

/**
 * The analytics lake: an encrypted, private, TLS-only bucket of Parquet events (tiered as they age,
 * rejected events expiring), the Glue table over it with partition projection (no crawler, no
 * partition maintenance), and an Athena workgroup with a per-query scan limit and its own results
 * bucket. The deduplicated view is a saved named query in that workgroup (see README, Analytics).
 */
export class AnalyticsLake extends Construct {
  readonly bucket: IBucket;
  readonly resultsBucket: IBucket;
  readonly databaseName: string;
  readonly tableName = 'events';
  readonly workGroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: AnalyticsLakeProps = {}) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);

    const accessLogs = new SecureBucket(this, 'AccessLogs', {
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the lake and results buckets; logging it to itself would loop.',
    });

    const bucket = new SecureBucket(this, 'Bucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'lake/',
      // Every interaction, forever: the lake outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'events-tiering',
          prefix: EVENTS_PREFIX,
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: props.infrequentAccessAfter ?? Duration.days(30) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: props.archiveAfter ?? Duration.days(180) },
          ],
        },
        { id: 'bad-expiry', prefix: BAD_PREFIX, expiration: props.badEventsExpireAfter ?? Duration.days(30) },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.bucket = bucket;

    const results = new SecureBucket(this, 'ResultsBucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'results/',
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.resultsBucket = results;

    // Glue names are lowercase with underscores; derived from the stack so stages never collide.
    this.databaseName = `${stack.stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_lake`;
    const database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: this.databaseName, description: 'Chorus analytics lake: every community interaction as an event' },
    });

    const location = `s3://${bucket.bucketName}/${EVENTS_PREFIX}`;
    const table = new CfnTable(this, 'EventsTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: 'Events, one row per delivery: query events_deduplicated for one row per event_id',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.event_type.type': 'enum',
          'projection.event_type.values': EVENT_TYPES.join(','),
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': `${props.firstDay ?? '2026-01-01'},NOW`,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${location}event_type=\${event_type}/dt=\${dt}/`,
        },
        partitionKeys: PARTITION_COLUMNS.map((c) => ({ name: c.name, type: 'string', comment: c.comment })),
        storageDescriptor: {
          location,
          columns: GLUE_COLUMNS,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
    table.addResourceDependency(database);

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}-analytics`,
      description: 'Chorus analysts: scan-limited, results encrypted in their own bucket',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: { outputLocation: `s3://${results.bucketName}/`, encryptionConfiguration: { encryptionOption: 'SSE_S3' } },
      },
    });

    const view = new CfnNamedQuery(this, 'DeduplicatedView', {
      name: `create ${DEDUPLICATED_VIEW} view`,
      description: 'Run once after the first deploy (and after envelope changes): one row per event_id',
      database: this.databaseName,
      workGroup: this.workGroup.ref,
      queryString: deduplicatedViewSql(this.tableName),
    });
    view.addResourceDependency(table);
  }
}

/** S3 moves objects to Standard-IA no sooner than 30 days; Athena's smallest scan limit is 10 MB. */
const MIN_INFREQUENT_ACCESS_DAYS = 30;
const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 2;

function validateProps(props: AnalyticsLakeProps): void {
  const infrequentAccessDays = props.infrequentAccessAfter?.toDays() ?? 30;
  const archiveDays = props.archiveAfter?.toDays() ?? 180;
  if (infrequentAccessDays < MIN_INFREQUENT_ACCESS_DAYS) {
    throw new Error(
      `infrequentAccessAfter must be at least ${MIN_INFREQUENT_ACCESS_DAYS} days (S3's minimum for Standard-IA), got ${infrequentAccessDays} days`,
    );
  }
  if (archiveDays <= infrequentAccessDays) {
    throw new Error(`archiveAfter must be later than infrequentAccessAfter (${infrequentAccessDays} days), got ${archiveDays} days`);
  }
  if (props.badEventsExpireAfter !== undefined && props.badEventsExpireAfter.toDays() < 1) {
    throw new Error(`badEventsExpireAfter must be at least 1 day, got ${props.badEventsExpireAfter.toHumanString()}`);
  }
  const cutoff = props.bytesScannedCutoffPerQuery;
  if (cutoff !== undefined && !(Number.isInteger(cutoff) && cutoff >= MIN_BYTES_SCANNED_CUTOFF)) {
    throw new Error(`bytesScannedCutoffPerQuery must be a whole number of bytes, at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MB), got ${cutoff}`);
  }
  if (props.firstDay !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(props.firstDay) && !Number.isNaN(Date.parse(`${props.firstDay}T00:00:00Z`)))) {
    throw new Error(`firstDay must be a date as yyyy-MM-dd, got ${JSON.stringify(props.firstDay)}`);
  }
}
