/**
 * The response desk's counts as a frame, per community: its open items (from the backlog counters'
 * new image on the table's stream, which every desk transition updates in its own transaction) and
 * how many of them are overdue now (the open items less those not yet due, from the due-time
 * counters: the same arithmetic as GET /v1/desk/stats, so the two never disagree).
 */
import type { Group } from '../domain/caller';
import { openOf, overdueOf } from '../desk/stats';
import type { DeskFrame } from './ports';

export interface DeskDueCounters {
  readonly dueHours: Readonly<Record<string, number>>;
  readonly dueMinutes: Readonly<Record<string, number>>;
}

export function deskCountsFrame(communityId: string, backlog: Readonly<Record<string, number>>, due: DeskDueCounters, at: Date): DeskFrame {
  const open = openOf(backlog);
  return { type: 'desk', communityId, counts: { open: open.total, overdue: overdueOf(open.total, due, at), ...open.byKind }, at: at.toISOString() };
}

/** Who receives the desk's counts: staff (retail staff and community managers), once each. */
export const DESK_COUNT_GROUPS = ['retail-staff', 'community-managers'] as const satisfies readonly Group[];
