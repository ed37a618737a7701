import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { PostsDeps } from '../posts/posts';
import { idempotencyStore } from './idempotency-store';
import { contentStore, moderationStore, memberStore } from './table-adapters';

/** The posts group: content and rate windows, and the moderation store, because screening holds posts for review. */
export const postsRuntime: Runtime<PostsDeps> = {
  deps: () => {
    const store = contentStore();
    return { communities: store, posts: store, rateLimiter: store, moderation: moderationStore(), requests: store, clock: systemClock };
  },
  idempotency: idempotencyStore,
  standing: memberStore,
};
