import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { AnswerDeps } from '../posts/answers';
import { idempotencyStore } from './idempotency-store';
import { contentStore, deskStore, moderationStore } from './table-adapters';

/** The posts group: content and rate windows, the moderation store (screening holds posts for review), and the desk (accepted answers answer it). */
export const postsRuntime: Runtime<AnswerDeps> = {
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
};
