/** Shared fixtures of the entity tests: domain values, and a reading of transactions as (operation, key) pairs. */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../../../../lambdas/api/schemas';
import { emptyReactionCounts } from '../../../../lambdas/posts/posts';

export const POST_ID = '01JD0000000000000000000000';

export const review = (over: Partial<Post> = {}): Post => ({
  postId: POST_ID,
  communityId: 'outdoor-gear',
  kind: 'review',
  title: 'Warm enough',
  body: 'Slept at -5 °C.',
  productIds: ['SKU-1'],
  tags: [],
  rating: 4,
  authorId: 'member-1',
  authorName: 'alice',
  status: 'published',
  version: 1,
  commentCount: 0,
  reactionCounts: emptyReactionCounts(),
  officialResponseCount: 0,
  hasOfficialResponse: false,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...over,
});

type Written = { readonly op: string; readonly pk: string; readonly sk: string; readonly table: string };

/** What each item of a transaction does to which item: `Put POST#1/POST`. */
export function writesOf(input: TransactWriteCommandInput): Written[] {
  return (input.TransactItems ?? []).map((item) => {
    const [op, body] = Object.entries(item)[0] as [string, { TableName: string; Key?: Record<string, string>; Item?: Record<string, string> }];
    const key = body.Key ?? body.Item!;
    return { op, pk: key.pk!, sk: key.sk!, table: body.TableName };
  });
}

export const described = (input: TransactWriteCommandInput): string[] => writesOf(input).map((w) => `${w.op} ${w.pk}/${w.sk}`);
