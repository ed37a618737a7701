/** The comment vocabulary the rules are written in; the wire schemas build their enums from it. */
export const MAX_COMMENT_DEPTH = 3;
/** Held and rejected comments are shown only to their author and moderators. */
export const COMMENT_STATUSES = ['published', 'held', 'rejected'] as const;
