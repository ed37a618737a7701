import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeasDeps } from '../ideas/ideas';
import { contentStore, ideaStore } from './table-adapters';

/** The ideas group: posts and communities to read, the idea store; its PUTs and DELETEs are idempotent by nature, so it keeps no idempotency records. */
export const ideasRuntime: Runtime<IdeasDeps> = {
  deps: () => {
    const store = contentStore();
    return { posts: store, communities: store, ideas: ideaStore(), clock: systemClock };
  },
};
