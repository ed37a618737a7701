/**
 * Moderation's request and response schemas: policies, reports, appeals, the queue, decisions,
 * stats and the audit log. Like schemas.ts, they drive validation, types and the OpenAPI document.
 */
import * as z from 'zod';
import { DECISION_ACTIONS } from '../moderation/decisions';
import { DEFAULT_REPORT_WEIGHTING } from '../moderation/report-weight';
import { CommunityId, MemberId, nonBlankPattern, orNull, PostKind, Ulid } from './common-schemas';
import { DEFAULT_TRUST_THRESHOLDS } from '../members/standing';
import { NewSanction } from './member-schemas';

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
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const ITEM_STATUSES = ['pending', 'escalated', 'approved', 'rejected', 'changes-requested'] as const;
export const ITEM_ACTIONS = ['claim', 'extend-lease', 'release-lease', ...DECISION_ACTIONS] as const;
export const AUDIT_ACTIONS = ['claim', 'extend-lease', 'release-lease', 'lease-expired', ...DECISION_ACTIONS] as const;
export const MAX_BULK_DECISIONS = 25;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => s.isWellFormed(), { message: `${field} must be well-formed Unicode` })
    .refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` })
    .meta({ maxLength: max, description: `well-formed Unicode (no lone surrogates), at most ${max} characters` });

const term = z.string().min(1, 'terms must not be empty').max(100, 'terms must be at most 100 characters');

export const ReportReason = z.enum(REPORT_REASONS).meta({ id: 'ReportReason' });
export const ReasonCode = z.enum(REASON_CODES).meta({ id: 'ReasonCode' });
export const Priority = z.enum(PRIORITIES).meta({ id: 'Priority' });
export const ItemStatus = z.enum(ITEM_STATUSES).meta({ id: 'ModerationItemStatus' });
export const DecisionAction = z.enum(DECISION_ACTIONS).meta({ id: 'DecisionAction' });
export const ItemId = z
  .string()
  .regex(/^(post|comment|appeal)-[0-9A-HJKMNP-TV-Z]{26}$/, 'itemId must be post-, comment- or appeal- followed by a 26-character ULID')
  .meta({ id: 'ModerationItemId', example: 'post-01JD0000000000000000000000' });

/**
 * How much one report weighs, from what the table records about the reporter in the community: the
 * member-in-community record (its `joinedAt`, stamped by their first post there, and their post
 * count). An established member's report weighs a full report (100 %); anyone else's, including a
 * member who never posted there, weighs `newMemberWeightPercent`.
 */
export const ReportWeighting = z
  .strictObject({
    establishedAfterDays: z.int().min(0).max(3650).describe('days since the reporter first posted in the community before their report weighs a full report'),
    establishedAfterPosts: z.int().min(0).max(10000).describe('posts the reporter must have made in the community before their report weighs a full report'),
    newMemberWeightPercent: z.int().min(0).max(100).describe("weight of any other member's report, in percent of a full report"),
  })
  .meta({
    id: 'ReportWeighting',
    description:
      'How much one report weighs towards reportThreshold, from what Chorus records about the reporter in the community: when they first posted there and how many posts they made (the API knows no account creation time). A member established by both counts weighs a full report; anyone else, including a member who never posted there, newMemberWeightPercent of one. With the defaults (7 days, 1 post, 25 %) three brand-new accounts weigh 0.75 of a threshold of 3 and hide nothing; three established members hide the post.',
  });

/** The trust levels' thresholds (lambdas/members/standing.ts): approved contributions and days since the first one. */
export const TrustThresholds = z
  .strictObject({
    memberAfterContributions: z.int().min(0).max(10000),
    memberAfterDays: z.int().min(0).max(3650),
    trustedAfterContributions: z.int().min(0).max(10000),
    trustedAfterDays: z.int().min(0).max(3650),
  })
  .meta({
    id: 'TrustThresholds',
    description:
      'When a member becomes `member` and `trusted`: approved contributions (posts and comments published by screening or a moderator, in any community) and days since their first contribution, both reached. Trusted members skip newMemberReviewCount and their reports weigh a full report in any community.',
  });

export const ModerationPolicy = z
  .strictObject({
    mode: z.enum(['post-moderation', 'pre-moderation']).default('post-moderation').describe('pre-moderation holds every post for review'),
    newMemberReviewCount: z.int().min(0).max(100).default(0).describe("a member's first N posts in the community are held for review"),
    blockedTerms: z.array(term).max(500).default([]).describe('content containing one is rejected'),
    watchedTerms: z.array(term).max(500).default([]).describe('content containing one is held for review'),
    maxLinks: z.int().min(0).max(100).default(5).describe('more links than this holds content for review'),
    holdRepeatedContent: z.boolean().default(false).describe('the same text posted again by the same member within a day is held'),
    reportThreshold: z
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe("weight of reports, in full reports (an established member's report is one), after which content is hidden until a moderator decides"),
    reportWeighting: ReportWeighting.default(DEFAULT_REPORT_WEIGHTING),
    trustLevels: TrustThresholds.default(DEFAULT_TRUST_THRESHOLDS),
    turnaroundMinutes: z
      .strictObject({ high: z.int().min(1).max(10080), medium: z.int().min(1).max(10080), low: z.int().min(1).max(10080) })
      .default({ high: 60, medium: 240, low: 1440 })
      .describe("published time to a decision, by priority: sets each item's due time"),
  })
  .meta({ id: 'ModerationPolicy' });

export const NewReport = z
  .strictObject({ reasonCode: ReportReason, text: text('text', 1000).optional() })
  .refine((r) => r.reasonCode !== 'other' || (r.text !== undefined && r.text.trim().length > 0), {
    message: 'a report with reasonCode other needs a text saying what is wrong',
    path: ['text'],
    when: (payload) => payload.issues.length === 0,
  })
  .meta({
    id: 'NewReport',
    description: 'reasonCode `other` needs a text with at least one non-blank character',
    if: { properties: { reasonCode: { const: 'other' } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, read by the OpenAPI generator, never awaited
    then: { required: ['text'], properties: { text: { pattern: nonBlankPattern(1) } } },
  });

export const ReportReceipt = z.object({ itemId: ItemId, reasonCode: ReportReason, reportedAt: z.iso.datetime() }).meta({ id: 'ReportReceipt' });

export const AppealReceipt = z.object({ itemId: ItemId, status: ItemStatus, dueAt: z.iso.datetime() }).meta({ id: 'AppealReceipt' });

export const NewAppeal = z
  .strictObject({
    text: text('text', 2000)
      .refine((s) => s.trim().length > 0, { message: 'text must say why the decision should change' })
      .meta({ minLength: 1, pattern: nonBlankPattern(1), description: 'why the decision should change: at least one non-blank, at most 2000 characters' }),
  })
  .meta({ id: 'NewAppeal' });

export const Lease = z.object({ holder: MemberId, expiresAt: z.iso.datetime() }).meta({ id: 'Lease' });

export const DecisionRecord = z
  .object({ action: DecisionAction, reasonCode: orNull(ReasonCode), note: z.string().nullable(), moderatorId: MemberId, decidedAt: z.iso.datetime() })
  .meta({ id: 'DecisionRecord' });

export const ModerationItem = z
  .object({
    itemId: ItemId,
    kind: z.enum(['post', 'comment', 'appeal']),
    queue: z.enum(['standard', 'senior']),
    status: ItemStatus,
    priority: Priority,
    communityId: CommunityId,
    postId: Ulid,
    commentId: Ulid.nullable(),
    postKind: orNull(PostKind),
    authorId: MemberId,
    excerpt: z.string().describe('the start of the content under review'),
    rule: z.string().nullable().describe('the screening rule that fired, if any'),
    reasons: z.record(z.string(), z.int()).describe('why it is here: report reasons and screening reasons, with counts'),
    reportCount: z.int().min(0),
    reportWeightPercent: z.int().min(0).describe("the reports' summed weight, in percent of a full report; content is hidden at reportThreshold × 100"),
    reportTexts: z.array(z.string()).describe('what reporters wrote (never who they are)'),
    appealText: z.string().nullable(),
    rejectedBy: orNull(MemberId).describe('appeals: the moderator whose rejection is appealed; someone else must decide'),
    createdAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    version: z.int().min(1).describe('pass back with a decision: a decision on an older version is refused with 409'),
    lease: orNull(Lease),
    lastDecision: orNull(DecisionRecord),
    allowedActions: z.array(z.enum(ITEM_ACTIONS)).describe('what the caller may do with this item now'),
  })
  .meta({ id: 'ModerationItem' });

/** The rule Decision's refinement checks, as JSON Schema: every action but approve names a reasonCode. */
const reasonCodeUnlessApprove = {
  description: 'reasonCode is required for every action but approve',
  if: { properties: { action: { const: 'approve' } } },
  else: { required: ['reasonCode'] },
};

export const Decision = z
  .strictObject({
    action: DecisionAction,
    reasonCode: ReasonCode.optional(),
    note: text('note', 1000).optional(),
    version: z.int().min(1).describe('the item version the decision was made on'),
    sanction: NewSanction.optional().describe("with reject only: also sanction the content's author (POST /v1/members/{memberId}/sanctions's rules)"),
  })
  .refine((d) => d.action === 'approve' || d.reasonCode !== undefined, {
    message: 'a reasonCode is required for every decision but approve',
    path: ['reasonCode'],
    when: (payload) => payload.issues.length === 0,
  })
  .refine((d) => d.sanction === undefined || d.action === 'reject', {
    message: 'a sanction goes with a reject decision only',
    path: ['sanction'],
    when: (payload) => payload.issues.length === 0,
  })
  .meta({
    id: 'Decision',
    ...reasonCodeUnlessApprove,
    allOf: [
      {
        description: 'sanction goes with reject only',
        if: { properties: { action: { const: 'reject' } } },
        else: { not: { required: ['sanction'] } },
      },
    ],
  });

export const BulkDecisions = z
  .strictObject({
    decisions: z
      .array(
        z
          .strictObject({
            itemId: ItemId,
            action: DecisionAction,
            reasonCode: ReasonCode.optional(),
            note: text('note', 1000).optional(),
            version: z.int().min(1),
          })
          // The single decision's rule holds in bulk too (it went unchecked here): the same refinement, the same JSON Schema.
          .refine((d) => d.action === 'approve' || d.reasonCode !== undefined, {
            message: 'a reasonCode is required for every decision but approve',
            path: ['reasonCode'],
            when: (payload) => payload.issues.length === 0,
          })
          .meta(reasonCodeUnlessApprove),
      )
      .min(1, 'decisions must have at least 1 item')
      .max(MAX_BULK_DECISIONS, `decisions must have at most ${MAX_BULK_DECISIONS} items`),
  })
  .meta({ id: 'BulkDecisions' });

export const BulkDecisionResults = z
  .object({
    results: z.array(
      z.object({
        itemId: z.string(),
        status: z.int().describe('the status this decision alone would have answered with'),
        item: ModerationItem.optional(),
        detail: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkDecisionResults' });

export const AuditEntry = z
  .object({
    itemId: ItemId,
    at: z.iso.datetime(),
    actorId: MemberId,
    action: z.enum(AUDIT_ACTIONS),
    reasonCode: orNull(ReasonCode),
    note: z.string().nullable(),
    statusBefore: ItemStatus,
    statusAfter: ItemStatus,
  })
  .meta({ id: 'AuditEntry' });

export const ModerationStats = z
  .object({
    backlog: z.object({
      total: z.int(),
      byPriority: z.record(Priority, z.int()),
      byCommunity: z.record(z.string(), z.int()),
      senior: z.int(),
    }),
    oldestWaiting: z.object({ itemId: ItemId, createdAt: z.iso.datetime(), waitingSeconds: z.int() }).nullable(),
    pastDue: z.int(),
    decisions: z.object({
      windowDays: z.int(),
      count: z.int(),
      medianSecondsToDecision: z.number().nullable(),
      byModerator: z.record(z.string(), z.int()),
    }),
  })
  .meta({ id: 'ModerationStats' });

const limit = z.coerce.number().int().min(1, 'limit must be between 1 and 100').max(100, 'limit must be between 1 and 100').default(20);

export const ItemsQuery = z.strictObject({
  status: ItemStatus.default('pending'),
  priority: Priority.optional(),
  communityId: CommunityId.optional(),
  kind: z.enum(['post', 'comment', 'appeal']).optional(),
  reason: ReasonCode.optional(),
  limit,
  cursor: z.string().max(2048).optional(),
});

export const ClaimQuery = z.strictObject({
  queue: z.enum(['standard', 'senior']).optional(),
  communityId: CommunityId.optional().describe('only items of this community'),
});
export const StatsQuery = z.strictObject({ windowDays: z.coerce.number().int().min(1).max(31).default(7) });
export const AuditQuery = z
  .strictObject({ itemId: ItemId.optional(), moderatorId: MemberId.optional(), limit, cursor: z.string().max(2048).optional() })
  .refine((q) => (q.itemId === undefined) !== (q.moderatorId === undefined), { message: 'give exactly one of itemId and moderatorId' })
  // A rule across parameters: the document states the query as one object (lambdas/api/openapi.ts).
  .meta({
    id: 'AuditQuery',
    description: 'exactly one of itemId and moderatorId',
    oneOf: [{ required: ['itemId'] }, { required: ['moderatorId'] }],
  });

export const ItemParams = z.strictObject({ itemId: ItemId });
export const ReportCommentParams = z.strictObject({ postId: Ulid, commentId: Ulid });

export const ModerationItemPage = z.object({ items: z.array(ModerationItem), nextCursor: z.string().nullable() }).meta({ id: 'ModerationItemPage' });
export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });

export type ModerationPolicy = z.infer<typeof ModerationPolicy>;
export type ReasonCode = z.infer<typeof ReasonCode>;
export type ReportReason = z.infer<typeof ReportReason>;
export type Priority = z.infer<typeof Priority>;
export type ItemStatus = z.infer<typeof ItemStatus>;
export type DecisionAction = z.infer<typeof DecisionAction>;
export type ModerationItem = z.infer<typeof ModerationItem>;
export type Decision = z.infer<typeof Decision>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type DecisionRecord = z.infer<typeof DecisionRecord>;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export type ModerationStats = z.infer<typeof ModerationStats>;
export type NewReport = z.infer<typeof NewReport>;
export type NewAppeal = z.infer<typeof NewAppeal>;
export type BulkDecisions = z.infer<typeof BulkDecisions>;
