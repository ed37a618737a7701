import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { ReactionsDeps } from '../reactions/reactions';
import { reactionStore, standingStore } from './table-adapters';

/** The reactions group writes reactions only; its PUT and DELETE are idempotent by nature, so it keeps no idempotency records. */
export const reactionsRuntime: Runtime<ReactionsDeps> = {
  deps: () => ({ reactions: reactionStore(), clock: systemClock }),
  standing: standingStore,
};
