/**
 * The moderation queue's counts as a frame. They are the backlog counters the moderation
 * transitions keep with ADD in the same transactions as the items (lambdas/moderation/stats.ts), so
 * the counters' new image on the table's stream is the queue's state right after the write that
 * changed it: no read, and no count that could disagree with GET /v1/moderation/stats.
 */
import type { Group } from '../domain/caller';
import type { ModerationQueueFrame } from './ports';

export function queueCountsFrame(counters: Readonly<Record<string, number>>, at: Date): ModerationQueueFrame {
  const byPriority: Record<string, number> = {};
  for (const [name, count] of Object.entries(counters)) {
    if (name.startsWith('priority:') && count > 0) byPriority[name.slice('priority:'.length)] = count;
  }
  return { type: 'moderation-queue', total: counters.total ?? 0, senior: counters.senior ?? 0, byPriority, at: at.toISOString() };
}

/** Who receives the queue's counts: every member of a moderating group (a senior moderator once, not twice). */
export const QUEUE_COUNT_GROUPS = ['moderators', 'senior-moderators'] as const satisfies readonly Group[];
