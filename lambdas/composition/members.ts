import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { MembersDeps } from '../members/sanctions';
import { memberStore } from './table-adapters';

/** The members group: members' states, sanctions, notes and records. */
export const membersRuntime: Runtime<MembersDeps> = {
  deps: () => ({ members: memberStore(), clock: systemClock }),
  standing: memberStore,
};
