import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { SanctionAppealDeps } from '../moderation/sanction-appeals';
import { memberStore, moderationQueue } from './table-adapters';

/** The members group: members' states, sanctions (their appeals are moderation queue items), notes and records. */
export const membersRuntime: Runtime<SanctionAppealDeps> = {
  deps: () => ({ members: memberStore(), moderation: moderationQueue(), clock: systemClock }),
  standing: memberStore,
};
