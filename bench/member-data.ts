/**
 * Issue 15's figures: what the sanction check adds to a request (one eventually consistent read of
 * the caller's state item), and how long the export job takes for a member with 1,000 contributions
 * (posts, comments, reactions), from the queue message to the archive in S3, on DynamoDB Local and fauxqs.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routeById } from '../lambdas/api/routes';
import { runMemberDataJob, type ExportJob } from '../lambdas/members/member-data';
import { s3Archives } from '../lambdas/members/s3-archives';
import { systemClock } from '../lambdas/domain/clock';
import { commentItem } from '../lambdas/store/entities/comment';
import { createMemberState, getMemberState, setActiveSanctions } from '../lambdas/store/entities/member-state';
import { reactionItem } from '../lambdas/store/entities/reaction';
import { dynamoMemberData } from '../lambdas/store/member-data/dynamo-member-data';
import { dynamoMemberDataStore } from '../lambdas/store/member-data/dynamo-member-data-jobs';
import { REACTIONS } from '../lambdas/reactions/model';
import { COMMENT_BODY, newUlid, type Fixtures } from './fixtures';
import type { RouteBench } from './routes';

/** One eventually consistent read of an item under 4 KB. */
export const SANCTION_CHECK_READ_UNITS = 0.5;

/**
 * The routes' budgets with the sanction check every authenticated route but one's own account makes
 * (lambdas/members/admission.ts): half a read unit more.
 */
export const withSanctionCheck = (routes: readonly RouteBench[]): RouteBench[] =>
  routes.map((r) => {
    const spec = routeById(r.operationId);
    if (spec.public || spec.sanctionScope === 'own-account') return r;
    return {
      ...r,
      budget: {
        ...r.budget,
        read: r.budget.read + SANCTION_CHECK_READ_UNITS,
        reason: `${r.budget.reason}; the caller's sanction check: their state item, eventually consistent, under 1 KB (${SANCTION_CHECK_READ_UNITS})`,
      },
    };
  });

/**
 * Members exist before they contribute in the steady state: the bench's callers are new accounts,
 * so their state (what a real member's first contribution creates once) is written before a measured request.
 */
export const ensureMemberState = (client: DynamoDBDocumentClient, table: string) => async (memberId: string) => {
  await client.send(new UpdateCommand(createMemberState(table, memberId, new Date().toISOString())));
};

export interface MemberDataFigures {
  /** Read units of the sanction check on a state item holding two active sanctions. */
  readonly sanctionCheckReadUnits: number;
  readonly stateItemBytes: number;
  readonly contributions: number;
  /** The export job from its message to the archive stored and the job marked ready. */
  readonly exportMs: number;
  readonly archiveItems: number;
  readonly archiveBytes: number;
}

export async function measureMemberData(options: {
  readonly fx: Fixtures;
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly communityId: string;
  readonly log: (line: string) => void;
}): Promise<MemberDataFigures> {
  const { fx, client, table } = options;
  const memberId = `bench-exporter-${newUlid()}`;
  await ensureMemberState(client, table)(memberId);
  const until = new Date(Date.now() + 86_400_000).toISOString();
  const sanctions = {
    [newUlid()]: { kind: 'silence' as const, reasonCode: 'spam' as const, until },
    [newUlid()]: { kind: 'suspend' as const, reasonCode: 'abuse' as const, until },
  };
  await client.send(new UpdateCommand(setActiveSanctions(table, memberId, sanctions, 1).Update as never));
  const check = await client.send(new GetCommand({ ...getMemberState(table, memberId, false), ReturnConsumedCapacity: 'TOTAL' }));
  const stateItemBytes = Buffer.byteLength(JSON.stringify(check.Item ?? {}));

  // 1,000 contributions: 400 posts, 400 comments on them, 200 reactions.
  const posts = Array.from({ length: 400 }, () => fx.post({ communityId: options.communityId, authorId: memberId, kind: 'discussion' }));
  await fx.batchWritePosts(posts, 8);
  const on = { communityId: options.communityId, productIds: [] };
  const comments = posts.map((p) =>
    commentItem(
      {
        commentId: newUlid(),
        postId: p.postId,
        parentCommentId: null,
        depth: 0,
        status: 'published',
        body: COMMENT_BODY,
        authorId: memberId,
        authorName: memberId,
        deleted: false,
        createdAt: new Date().toISOString(),
      },
      on,
    ),
  );
  const reactions = posts.slice(0, 200).map((p, i) => reactionItem(p.postId, REACTIONS[i % REACTIONS.length]!, memberId, new Date().toISOString(), on));
  await fx.batchWriteItems([...comments, ...reactions], 8);
  const contributions = posts.length + comments.length + reactions.length;

  const jobs = dynamoMemberDataStore(client, table);
  const job: ExportJob = {
    exportId: newUlid(),
    memberId,
    status: 'running',
    requestedAt: new Date().toISOString(),
    completedAt: null,
    objectKey: null,
    itemCount: null,
  };
  await jobs.startExport(job, new Date(0).toISOString());
  const deps = { jobs, data: dynamoMemberData(client, table), archives: s3Archives(options.s3, options.bucket), clock: systemClock };
  const t0 = performance.now();
  await runMemberDataJob(deps, { kind: 'export', memberId, exportId: job.exportId });
  const exportMs = Math.round(performance.now() - t0);
  const done = (await jobs.getExport(memberId))!;
  const archive = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: done.objectKey! }));
  const archiveBytes = (await archive.Body!.transformToByteArray()).byteLength;
  const figures = {
    sanctionCheckReadUnits: check.ConsumedCapacity?.CapacityUnits ?? Number.NaN,
    stateItemBytes,
    contributions,
    exportMs,
    archiveItems: done.itemCount ?? 0,
    archiveBytes,
  };
  options.log(
    `  sanction check: ${figures.sanctionCheckReadUnits} RRU (state item ${stateItemBytes} B); export of ${contributions} contributions: ${exportMs} ms, ${figures.archiveItems} items, ${archiveBytes} B`,
  );
  return figures;
}
