import { systemClock } from '../domain/clock';
import type { ChorusDeps } from '../domain/ports';
import type { Runtime } from '../http/http-handler';
import { idempotencyStore } from './idempotency-store';
import { contentStore, deskStore, memberStore, moderationStore, standingStore } from './table-adapters';

/** The moderation group decides on posts and comments, so it needs the content as well as the queue. */
export const moderationRuntime: Runtime<ChorusDeps> = {
  deps: () => {
    const store = contentStore();
    return {
      communities: store,
      posts: store,
      comments: store,
      reactions: store,
      rateLimiter: store,
      moderation: moderationStore(),
      desk: deskStore(),
      requests: store,
      clock: systemClock,
      members: memberStore(),
    };
  },
  idempotency: idempotencyStore,
  standing: standingStore,
};
