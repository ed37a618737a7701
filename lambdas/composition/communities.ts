import type { CommunitiesDeps } from '../communities/communities';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import { idempotencyStore } from './idempotency-store';
import { contentStore, memberStore } from './table-adapters';

/** The communities group reads and writes communities only. */
export const communitiesRuntime: Runtime<CommunitiesDeps> = {
  deps: () => {
    const store = contentStore();
    return { communities: store, requests: store, clock: systemClock };
  },
  idempotency: idempotencyStore,
  standing: memberStore,
};
