import type { CommentsDeps } from '../comments/comments';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import { idempotencyStore } from './idempotency-store';
import { contentStore, deskStore, moderationStore, standingStore } from './table-adapters';

/** The comments group: content and rate windows, and the moderation store, because screening holds comments for review. */
export const commentsRuntime: Runtime<CommentsDeps> = {
  deps: () => {
    const store = contentStore();
    return {
      communities: store,
      posts: store,
      comments: store,
      rateLimiter: store,
      moderation: moderationStore(),
      desk: deskStore(),
      requests: store,
      clock: systemClock,
    };
  },
  idempotency: idempotencyStore,
  standing: standingStore,
};
