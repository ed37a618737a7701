/**
 * Why content is in the queue, declared once: the report reasons members choose, and every reason
 * code a queue item or a decision carries. The API schemas build their enums from these lists; the
 * domain reads them without loading the schemas (the members' bundle decides sanction appeals).
 */
export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'other'] as const;
/** Why content is held or refused: the report reasons plus what screening and moderators add. */
export const REASON_CODES = [
  ...REPORT_REASONS,
  'blocked-term',
  'watched-term',
  'too-many-links',
  'repeated-content',
  'new-member',
  'pre-moderation',
  'personal-data',
  'needs-senior-review',
] as const;
