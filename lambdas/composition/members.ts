import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { SanctionAppealDeps } from '../moderation/sanction-appeals';
import { memberStore, moderationStore } from './table-adapters';

/** The members group: members' states, sanctions (their appeals are moderation queue items), notes and records. */
export const membersRuntime: Runtime<SanctionAppealDeps> = {
  deps: () => ({ members: memberStore(), moderation: moderationStore(), clock: systemClock }),
  standing: memberStore,
};
