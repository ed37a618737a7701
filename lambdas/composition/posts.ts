import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeasDeps } from '../ideas/ideas';
import type { PostsDeps } from '../posts/posts';
import { idempotencyStore } from './idempotency-store';
import { contentStore, ideaStore, moderationStore } from './table-adapters';

/**
 * The posts group: content and rate windows, the moderation store, because screening holds posts for
 * review, and the idea store: a post shows its reader's reactions and an idea its votes, and ideas
 * move through their statuses here.
 */
export const postsRuntime: Runtime<PostsDeps & IdeasDeps> = {
  deps: () => {
    const store = contentStore();
    return { communities: store, posts: store, rateLimiter: store, moderation: moderationStore(), requests: store, ideas: ideaStore(), clock: systemClock };
  },
  idempotency: idempotencyStore,
};
