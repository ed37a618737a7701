/** The response desk's vocabulary, shared by the rules, the wire schemas and the store. */

/** What can wait for a staff reaction: the post kinds a response policy names. */
export const DESK_KINDS = ['question', 'review', 'idea'] as const;
export type DeskKind = (typeof DESK_KINDS)[number];

/** open: waiting; responded: an official comment, an accepted answer or a brand reply; closed: staff closed it with a reason. */
export const DESK_STATUSES = ['open', 'responded', 'closed'] as const;
export type DeskStatus = (typeof DESK_STATUSES)[number];

export const CLOSE_REASONS = ['duplicate', 'no-response-needed', 'handled-elsewhere', 'spam', 'out-of-scope'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** How the first staff reaction came. */
export const RESPONSE_VIAS = ['official-comment', 'accepted-answer', 'brand-reply', 'close'] as const;
export type ResponseVia = (typeof RESPONSE_VIAS)[number];

/** Who reacted first: staff (retail staff, community managers), or the question's author accepting an answer. */
export const RESPONDER_ROLES = ['retail-staff', 'community-manager', 'author'] as const;
export type ResponderRole = (typeof RESPONDER_ROLES)[number];

/**
 * The steps the desk's audit records (lambdas/store/entities/desk-audit.ts): the lease steps, as the
 * moderation queue's audit records them, and the first reaction (respond: an official comment, an
 * accepted answer, a brand reply; close). The ledger reads handle time from them: claim -> respond or close.
 */
export const DESK_AUDIT_ACTIONS = ['claim', 'extend-lease', 'release-lease', 'lease-expired', 'respond', 'close'] as const;
export type DeskAuditAction = (typeof DESK_AUDIT_ACTIONS)[number];
