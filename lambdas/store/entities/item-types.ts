/**
 * The `type` attribute every item in the table carries. It is a contract with whatever reads the
 * table's stream (lambdas/analytics/domain-events.ts maps committed writes to events by it), so the
 * values are declared once here and both sides import them. A value is written into items that live
 * for years: add new ones, never rename one.
 */
export const ITEM_TYPES = {
  community: 'community',
  post: 'post',
  postRevision: 'post-revision',
  productLink: 'product-link',
  productSummary: 'product-summary',
  comment: 'comment',
  reaction: 'reaction',
  rateWindow: 'rate-window',
  moderationItem: 'moderation-item',
  report: 'report',
  auditEntry: 'moderation-audit',
  memberInCommunity: 'member-in-community',
  contentFingerprint: 'content-fingerprint',
  moderationStats: 'moderation-stats',
  createMarker: 'create-marker',
  follow: 'follow',
  notification: 'notification',
  unreadNotification: 'notification-unread',
  unreadCounter: 'notification-counter',
  notificationPreferences: 'notification-preferences',
  deskItem: 'desk-item',
  deskStats: 'desk-stats',
  deskAudit: 'desk-audit',
  brandReply: 'brand-reply',
  ideaTally: 'idea-tally',
  ideaVote: 'idea-vote',
  trendWindow: 'idea-trend-window',
  ideaTimeline: 'idea-timeline',
  ideaSettings: 'idea-settings',
  ideaAssignment: 'idea-assignment',
  changelogEntry: 'idea-changelog-entry',
  mergeJob: 'idea-merge-job',
  voteSettleJob: 'idea-vote-settle-job',
  voteBudget: 'vote-budget',
  memberState: 'member-state',
  sanction: 'sanction',
  memberNote: 'member-note',
  exportJob: 'export-job',
  erasureAudit: 'erasure-audit',
  backfillProgress: 'backfill-progress',
  ledgerMeasures: 'ledger-measures',
} as const;

/** One item type, as stored in the `type` attribute. */
export type ItemType = (typeof ITEM_TYPES)[keyof typeof ITEM_TYPES];
