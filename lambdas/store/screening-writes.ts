/**
 * What screening adds to the create or edit of content, in the same transaction: the queue item of
 * held content (and the stats counters it changes), the fingerprint of the text (repeated-content rule), the author's post count
 * (new-member rule).
 */
import type { ScreeningWrites } from '../domain/ports';
import { putFingerprint } from './entities/content-fingerprint';
import { countAuthorPost } from './entities/member-in-community';
import { countApprovedContribution } from './entities/member-state';
import { putModerationItem } from './entities/moderation-item';
import { backlogChangeItems } from './entities/queue-stats';
import { backlogChange } from '../moderation/stats';
import { deskWriteItems } from './desk-transactions';
import type { TransactItem } from './expressions';

/** The writes screening adds to the create or edit of content by `author`, made `at`. */
export function screeningItems(
  table: string,
  writes: ScreeningWrites | undefined,
  author: { memberId: string; communityId: string; at: string },
): TransactItem[] {
  if (!writes) return [];
  return [
    ...(writes.item
      ? [putModerationItem(table, writes.item.next, writes.item.guard), ...backlogChangeItems(table, backlogChange(writes.item.previous, writes.item.next))]
      : []),
    ...(writes.fingerprint ? [putFingerprint(table, writes.fingerprint)] : []),
    ...(writes.countAuthorPost ? [countAuthorPost(table, author.memberId, author.communityId, author.at)] : []),
    ...(writes.desk ? deskWriteItems(table, writes.desk) : []),
    ...(writes.countApproved ? [countApprovedContribution(table, author.memberId, author.at)] : []),
  ];
}
