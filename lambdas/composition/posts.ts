import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeasDeps } from '../ideas/ideas';
import type { AnswerDeps } from '../posts/answers';
import { idempotencyStore } from './idempotency-store';
import { contentStore, deskStore, ideaStore, moderationStore, standingStore } from './table-adapters';

/**
 * The posts group: content and rate windows, the moderation store, because screening holds posts for
 * review, the desk (accepted answers answer it), and the idea store: a post shows its reader's
 * reactions and an idea its votes, and ideas move through their statuses here.
 */
export const postsRuntime: Runtime<AnswerDeps & IdeasDeps> = {
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
      ideas: ideaStore(),
      clock: systemClock,
    };
  },
  idempotency: idempotencyStore,
  standing: standingStore,
};
