import type { QueueItem } from '../../../lambdas/moderation/queue';

/** A pending, unleased standard-queue item of a post, created at `createdAt` and due at `dueAt`; `over` changes what a test is about. */
export const queueItem = (createdAt: string, dueAt: string, over: Partial<QueueItem> = {}): QueueItem => ({
  itemId: 'post-01JD0000000000000000000000',
  kind: 'post',
  queue: 'standard',
  status: 'pending',
  priority: 'low',
  communityId: 'c',
  postId: '01JD0000000000000000000000',
  commentId: null,
  postKind: 'discussion',
  authorId: 'alice',
  excerpt: 'x',
  rule: null,
  reasons: {},
  reportCount: 0,
  reportWeightPercent: 0,
  reportTexts: [],
  appealText: null,
  rejectedBy: null,
  createdAt,
  dueAt,
  version: 1,
  lease: null,
  lastDecision: null,
  ...over,
});
