/**
 * Moderation's request and response schemas: policies, reports, appeals, the queue, decisions,
 * stats and the audit log. Like schemas.ts, they drive validation, types and the OpenAPI document.
 */
import * as z from 'zod/mini';
import { DECISION_ACTIONS } from '../moderation/decisions';
import { REASON_CODES, REPORT_REASONS } from '../moderation/reasons';
import { DEFAULT_REPORT_WEIGHTING } from '../moderation/report-weight';
import { DEFAULT_TRUST_THRESHOLDS } from '../members/standing';
import { CommunityId, cursor, MemberId, nonBlankPattern, orNull, PostKind, Ulid } from './common-schemas';
import { NewSanction, SanctionKind, SanctionReason } from './sanction-schemas';

export { REASON_CODES, REPORT_REASONS } from '../moderation/reasons';
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const ITEM_STATUSES = ['pending', 'escalated', 'approved', 'rejected', 'changes-requested'] as const;
export const ITEM_ACTIONS = ['claim', 'extend-lease', 'release-lease', ...DECISION_ACTIONS] as const;
export const AUDIT_ACTIONS = ['claim', 'extend-lease', 'release-lease', 'lease-expired', ...DECISION_ACTIONS] as const;
export const MAX_BULK_DECISIONS = 25;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .check(
      z.refine((s) => s.isWellFormed(), { message: `${field} must be well-formed Unicode` }),
      z.refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` }),
    )
    .register(z.globalRegistry, { maxLength: max, description: `well-formed Unicode (no lone surrogates), at most ${max} characters` });

const term = z.string().check(z.minLength(1, 'terms must not be empty'), z.maxLength(100, 'terms must be at most 100 characters'));
/** A whole number from min to max. */
const whole = (min: number, max?: number) => z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));
/** Adds a description to a schema, as the document states it. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

export const ReportReason = z.enum(REPORT_REASONS).register(z.globalRegistry, { id: 'ReportReason' });
export const ReasonCode = z.enum(REASON_CODES).register(z.globalRegistry, { id: 'ReasonCode' });
export const Priority = z.enum(PRIORITIES).register(z.globalRegistry, { id: 'Priority' });
export const ItemStatus = z.enum(ITEM_STATUSES).register(z.globalRegistry, { id: 'ModerationItemStatus' });
export const DecisionAction = z.enum(DECISION_ACTIONS).register(z.globalRegistry, { id: 'DecisionAction' });
export const ItemId = z
  .string()
  .check(
    z.regex(/^(post|comment|appeal|sanction)-[0-9A-HJKMNP-TV-Z]{26}$/, 'itemId must be post-, comment-, appeal- or sanction- followed by a 26-character ULID'),
  )
  .register(z.globalRegistry, { id: 'ModerationItemId', example: 'post-01JD0000000000000000000000' });

/**
 * How much one report weighs, from what the table records about the reporter in the community: the
 * member-in-community record (its `joinedAt`, stamped by their first post there, and their post
 * count). An established member's report weighs a full report (100 %); anyone else's, including a
 * member who never posted there, weighs `newMemberWeightPercent`.
 */
export const ReportWeighting = z
  .strictObject({
    establishedAfterDays: described(whole(0, 3650), 'days since the reporter first posted in the community before their report weighs a full report'),
    establishedAfterPosts: described(whole(0, 10000), 'posts the reporter must have made in the community before their report weighs a full report'),
    newMemberWeightPercent: described(whole(0, 100), "weight of any other member's report, in percent of a full report"),
  })
  .register(z.globalRegistry, {
    id: 'ReportWeighting',
    description:
      'How much one report weighs towards reportThreshold, from what Chorus records about the reporter in the community: when they first posted there and how many posts they made (the API knows no account creation time). A member established by both counts weighs a full report; anyone else, including a member who never posted there, newMemberWeightPercent of one. With the defaults (7 days, 1 post, 25 %) three brand-new accounts weigh 0.75 of a threshold of 3 and hide nothing; three established members hide the post.',
  });

const minutes = whole(1, 10080);

/** The trust levels' thresholds (lambdas/members/standing.ts): approved contributions and days since the first one. */
export const TrustThresholds = z
  .strictObject({
    memberAfterContributions: whole(0, 10000),
    memberAfterDays: whole(0, 3650),
    trustedAfterContributions: whole(0, 10000),
    trustedAfterDays: whole(0, 3650),
  })
  .register(z.globalRegistry, {
    id: 'TrustThresholds',
    description:
      'When a member becomes `member` and `trusted`: approved contributions (posts and comments published by screening or a moderator, in any community) and days since their first contribution, both reached. Trusted members skip newMemberReviewCount and their reports weigh a full report in any community.',
  });

export const ModerationPolicy = z
  .strictObject({
    mode: described(z._default(z.enum(['post-moderation', 'pre-moderation']), 'post-moderation'), 'pre-moderation holds every post for review'),
    newMemberReviewCount: described(z._default(whole(0, 100), 0), "a member's first N posts in the community are held for review"),
    blockedTerms: described(z._default(z.array(term).check(z.maxLength(500)), []), 'content containing one is rejected'),
    watchedTerms: described(z._default(z.array(term).check(z.maxLength(500)), []), 'content containing one is held for review'),
    maxLinks: described(z._default(whole(0, 100), 5), 'more links than this holds content for review'),
    holdRepeatedContent: described(z._default(z.boolean(), false), 'the same text posted again by the same member within a day is held'),
    reportThreshold: described(
      z._default(whole(1, 100), 3),
      "weight of reports, in full reports (an established member's report is one), after which content is hidden until a moderator decides",
    ),
    reportWeighting: z._default(ReportWeighting, DEFAULT_REPORT_WEIGHTING),
    trustLevels: z._default(TrustThresholds, DEFAULT_TRUST_THRESHOLDS),
    turnaroundMinutes: described(
      z._default(z.strictObject({ high: minutes, medium: minutes, low: minutes }), { high: 60, medium: 240, low: 1440 }),
      "published time to a decision, by priority: sets each item's due time",
    ),
  })
  .register(z.globalRegistry, { id: 'ModerationPolicy' });

export const NewReport = z
  .strictObject({ reasonCode: ReportReason, text: z.optional(text('text', 1000)) })
  .check(
    z.refine((r) => r.reasonCode !== 'other' || (r.text !== undefined && r.text.trim().length > 0), {
      message: 'a report with reasonCode other needs a text saying what is wrong',
      path: ['text'],
      when: (payload) => payload.issues.length === 0,
    }),
  )
  .register(z.globalRegistry, {
    id: 'NewReport',
    description: 'reasonCode `other` needs a text with at least one non-blank character',
    if: { properties: { reasonCode: { const: 'other' } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, read by the OpenAPI generator, never awaited
    then: { required: ['text'], properties: { text: { pattern: nonBlankPattern(1) } } },
  });

export const ReportReceipt = z
  .object({ itemId: ItemId, reasonCode: ReportReason, reportedAt: z.iso.datetime() })
  .register(z.globalRegistry, { id: 'ReportReceipt' });

export const AppealReceipt = z.object({ itemId: ItemId, status: ItemStatus, dueAt: z.iso.datetime() }).register(z.globalRegistry, { id: 'AppealReceipt' });

export const NewAppeal = z
  .strictObject({
    text: text('text', 2000)
      .check(z.refine((s) => s.trim().length > 0, { message: 'text must say why the decision should change' }))
      .register(z.globalRegistry, {
        minLength: 1,
        pattern: nonBlankPattern(1),
        description: 'why the decision should change: at least one non-blank, at most 2000 characters',
      }),
  })
  .register(z.globalRegistry, { id: 'NewAppeal' });

export const Lease = z.object({ holder: MemberId, expiresAt: z.iso.datetime() }).register(z.globalRegistry, { id: 'Lease' });

export const DecisionRecord = z
  .object({ action: DecisionAction, reasonCode: orNull(ReasonCode), note: z.nullable(z.string()), moderatorId: MemberId, decidedAt: z.iso.datetime() })
  .register(z.globalRegistry, { id: 'DecisionRecord' });

/** What an item is about: content (a post, a comment), an appeal of a rejected post, an appeal of a sanction (sanction-<sanctionId>). */
export const ITEM_KINDS = ['post', 'comment', 'appeal', 'sanction-appeal'] as const;
const ItemKind = z.enum(ITEM_KINDS);
const Queue = z.enum(['standard', 'senior']);

/** The sanction a sanction appeal is about: what the member sees of it, and who issued it (they may not decide). */
export const AppealedSanction = z
  .object({ sanctionId: Ulid, memberId: MemberId, kind: SanctionKind, reasonCode: SanctionReason, until: z.nullable(z.iso.datetime()), issuedBy: MemberId })
  .register(z.globalRegistry, { id: 'AppealedSanction', description: 'sanction appeals: the sanction appealed (its member is the item author)' });

export const ModerationItem = z
  .object({
    itemId: ItemId,
    kind: ItemKind,
    queue: Queue,
    status: ItemStatus,
    priority: Priority,
    communityId: described(orNull(CommunityId), 'null for a sanction appeal whose sanction no community item issued'),
    postId: described(z.nullable(Ulid), 'null for a sanction appeal (it is about a member, not a post)'),
    commentId: z.nullable(Ulid),
    postKind: orNull(PostKind),
    authorId: MemberId,
    excerpt: described(z.string(), "the start of the content under review (a sanction appeal: the member's appeal text)"),
    rule: described(z.nullable(z.string()), 'the screening rule that fired, if any'),
    reasons: described(z.record(z.string(), z.int()), 'why it is here: report reasons and screening reasons, with counts'),
    reportCount: whole(0),
    reportWeightPercent: described(whole(0), "the reports' summed weight, in percent of a full report; content is hidden at reportThreshold × 100"),
    reportTexts: described(z.array(z.string()), 'what reporters wrote (never who they are)'),
    appealText: z.nullable(z.string()),
    rejectedBy: described(orNull(MemberId), 'appeals: the moderator whose rejection (or sanction) is appealed; someone else must decide'),
    sanction: orNull(AppealedSanction),
    createdAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    version: described(whole(1), 'pass back with a decision: a decision on an older version is refused with 409'),
    lease: orNull(Lease),
    lastDecision: orNull(DecisionRecord),
    allowedActions: described(z.array(z.enum(ITEM_ACTIONS)), 'what the caller may do with this item now'),
  })
  .register(z.globalRegistry, { id: 'ModerationItem' });

/** The rule Decision's refinement checks, as JSON Schema: every action but approve names a reasonCode. */
const reasonCodeUnlessApprove = {
  description: 'reasonCode is required for every action but approve',
  if: { properties: { action: { const: 'approve' } } },
  else: { required: ['reasonCode'] },
};

/** Decision's rule, as zod checks it: every action but approve names a reasonCode. */
const reasonCodeRequired = z.refine<{ action: DecisionAction; reasonCode?: ReasonCode | undefined }>(
  (d) => d.action === 'approve' || d.reasonCode !== undefined,
  {
    message: 'a reasonCode is required for every decision but approve',
    path: ['reasonCode'],
    when: (payload) => payload.issues.length === 0,
  },
);

export const Decision = z
  .strictObject({
    action: DecisionAction,
    reasonCode: z.optional(ReasonCode),
    note: z.optional(text('note', 1000)),
    version: described(whole(1), 'the item version the decision was made on'),
    sanction: described(z.optional(NewSanction), "with reject only: also sanction the content's author (POST /v1/members/{memberId}/sanctions's rules)"),
  })
  .check(
    reasonCodeRequired,
    z.refine((d) => d.sanction === undefined || d.action === 'reject', {
      message: 'a sanction goes with a reject decision only',
      path: ['sanction'],
      when: (payload) => payload.issues.length === 0,
    }),
  )
  .register(z.globalRegistry, {
    id: 'Decision',
    ...reasonCodeUnlessApprove,
    allOf: [{ description: 'sanction goes with reject only', if: { properties: { action: { const: 'reject' } } }, else: { not: { required: ['sanction'] } } }],
  });

export const BulkDecisions = z
  .strictObject({
    decisions: z
      .array(
        z
          .strictObject({
            itemId: ItemId,
            action: DecisionAction,
            reasonCode: z.optional(ReasonCode),
            note: z.optional(text('note', 1000)),
            version: whole(1),
          })
          // The single decision's rule holds in bulk too (it went unchecked here): the same refinement, the same JSON Schema.
          .check(reasonCodeRequired)
          .register(z.globalRegistry, reasonCodeUnlessApprove),
      )
      .check(z.minLength(1, 'decisions must have at least 1 item'), z.maxLength(MAX_BULK_DECISIONS, `decisions must have at most ${MAX_BULK_DECISIONS} items`)),
  })
  .register(z.globalRegistry, { id: 'BulkDecisions' });

export const BulkDecisionResults = z
  .object({
    results: z.array(
      z.object({
        itemId: z.string(),
        status: described(z.int(), 'the status this decision alone would have answered with'),
        item: z.optional(ModerationItem),
        detail: z.optional(z.string()),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'BulkDecisionResults' });

export const AuditEntry = z
  .object({
    itemId: ItemId,
    at: z.iso.datetime(),
    actorId: MemberId,
    action: z.enum(AUDIT_ACTIONS),
    reasonCode: orNull(ReasonCode),
    note: z.nullable(z.string()),
    statusBefore: ItemStatus,
    statusAfter: ItemStatus,
  })
  .register(z.globalRegistry, { id: 'AuditEntry' });

export const ModerationStats = z
  .object({
    backlog: z.object({
      total: z.int(),
      byPriority: z.record(Priority, z.int()),
      byCommunity: z.record(z.string(), z.int()),
      senior: z.int(),
    }),
    oldestWaiting: z.nullable(z.object({ itemId: ItemId, createdAt: z.iso.datetime(), waitingSeconds: z.int() })),
    pastDue: z.int(),
    decisions: z.object({
      windowDays: z.int(),
      count: z.int(),
      medianSecondsToDecision: z.nullable(z.number()),
      byModerator: z.record(z.string(), z.int()),
    }),
  })
  .register(z.globalRegistry, { id: 'ModerationStats' });

const limit = z._default(
  z.coerce.number().check(z.int(), z.minimum(1, 'limit must be between 1 and 100'), z.maximum(100, 'limit must be between 1 and 100')),
  20,
);

export const ItemsQuery = z.strictObject({
  status: z._default(ItemStatus, 'pending'),
  priority: z.optional(Priority),
  communityId: z.optional(CommunityId),
  kind: z.optional(ItemKind),
  reason: z.optional(ReasonCode),
  limit,
  cursor,
});

export const ClaimQuery = z.strictObject({
  queue: z.optional(Queue),
  communityId: described(z.optional(CommunityId), 'only items of this community'),
});
export const StatsQuery = z.strictObject({ windowDays: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(31)), 7) });
export const AuditQuery = z
  .strictObject({ itemId: z.optional(ItemId), moderatorId: z.optional(MemberId), limit, cursor })
  .check(z.refine((q) => (q.itemId === undefined) !== (q.moderatorId === undefined), { message: 'give exactly one of itemId and moderatorId' }))
  // A rule across parameters: the document states the query as one object (lambdas/api/openapi.ts).
  .register(z.globalRegistry, {
    id: 'AuditQuery',
    description: 'exactly one of itemId and moderatorId',
    oneOf: [{ required: ['itemId'] }, { required: ['moderatorId'] }],
  });

export const ItemParams = z.strictObject({ itemId: ItemId });
export const ReportCommentParams = z.strictObject({ postId: Ulid, commentId: Ulid });

export const ModerationItemPage = z
  .object({ items: z.array(ModerationItem), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'ModerationItemPage' });
export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: 'AuditPage' });

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
