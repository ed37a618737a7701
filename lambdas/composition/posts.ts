import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeasDeps } from '../ideas/ideas';
import type { AnswerDeps } from '../posts/answers';
import type { BrandReplyDeps } from '../posts/brand-reply';
import { idempotencyStore } from './idempotency-store';
import { brandReplyStore, contentStore, deskStore, ideaStore, moderationStore, standingStore } from './table-adapters';

/**
 * The posts group: content and rate windows, the moderation store, because screening holds posts for
 * review, the desk (accepted answers and brand replies answer it), the brand's replies, and the idea store: a post shows its reader's
 * reactions and an idea its votes, and ideas move through their statuses here.
 */
export const postsRuntime: Runtime<AnswerDeps & IdeasDeps & BrandReplyDeps> = {
  deps: () => {
    const store = contentStore();
    return {
      communities: store,
      posts: store,
      comments: store,
      rateLimiter: store,
      moderation: moderationStore(),
      desk: deskStore(),
      brandReplies: brandReplyStore(),
      requests: store,
      ideas: ideaStore(),
      clock: systemClock,
    };
  },
  idempotency: idempotencyStore,
  standing: standingStore,
};
