/**
 * The members group's schemas: who the caller is (trust, sanctions), sanctions and their appeals,
 * the moderators' record of a member, export and erasure.
 */
import * as z from 'zod';
import { GROUPS } from '../domain/caller';
import { MAX_SANCTION_DAYS, SANCTION_KINDS, SANCTION_REASONS, TRUST_LEVELS } from '../members/standing';
import { MemberId, orNull, page, pageLimit, text, Ulid } from './common-schemas';

export const SanctionKind = z.enum(SANCTION_KINDS).meta({ id: 'SanctionKind' });
export const SanctionReason = z.enum(SANCTION_REASONS).meta({ id: 'SanctionReason' });
export const TrustLevel = z.enum(TRUST_LEVELS).meta({ id: 'TrustLevel' });

export const Restriction = z
  .object({
    level: z.enum(['silenced', 'suspended']),
    sanctionId: Ulid,
    kind: z.enum(['silence', 'suspend', 'ban']),
    reasonCode: SanctionReason,
    until: z.iso.datetime().nullable().describe('when it ends by itself; null: never (a ban)'),
  })
  .meta({
    id: 'Restriction',
    description: 'the strongest sanction in force: silenced members may read only, suspended (or banned) ones may use only their own account',
  });

export const Me = z
  .object({
    memberId: MemberId,
    username: z.string(),
    groups: z.array(z.enum(GROUPS)),
    trustLevel: TrustLevel.describe('new, member or trusted: from approved contributions and the days since the first one (thresholds: the default policy)'),
    approvedContributions: z.int().min(0),
    firstSeenAt: z.iso.datetime().nullable().describe('the first contribution; null before it'),
    restriction: orNull(Restriction),
  })
  .meta({ id: 'Me' });

export const MemberParams = z.strictObject({ memberId: MemberId });
export const SanctionParams = z.strictObject({ memberId: MemberId, sanctionId: Ulid });
export const OwnSanctionParams = z.strictObject({ sanctionId: Ulid });

export const NewSanction = z
  .strictObject({
    kind: SanctionKind.describe('warn (a notice), silence (read only), suspend (own account only), ban (indefinite; senior-moderators)'),
    reasonCode: SanctionReason,
    note: text('note', 0, 2000).optional().describe('for moderators: never shown to the member'),
    durationDays: z
      .int('durationDays must be a whole number of days')
      .min(1, 'durationDays must be at least 1')
      .max(MAX_SANCTION_DAYS, `durationDays must be at most ${MAX_SANCTION_DAYS}`)
      .optional()
      .describe('silence and suspend: required; warn and ban: not allowed'),
  })
  .superRefine((s, ctx) => {
    const timed = s.kind === 'silence' || s.kind === 'suspend';
    if (timed !== (s.durationDays !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationDays'],
        message: timed ? `a ${s.kind} needs durationDays (1-${MAX_SANCTION_DAYS})` : `a ${s.kind} has no period: leave durationDays out`,
      });
    }
  })
  .meta({
    id: 'NewSanction',
    description: 'durationDays is required for silence and suspend, and not allowed for warn and ban',
    allOf: [
      { if: { properties: { kind: { enum: ['warn', 'ban'] } } }, else: { required: ['durationDays'] } },
      { if: { properties: { kind: { enum: ['silence', 'suspend'] } } }, else: { not: { required: ['durationDays'] } } },
    ],
  });
export type NewSanctionBody = z.infer<typeof NewSanction>;

const Appeal = z.object({
  text: z.string(),
  at: z.iso.datetime(),
  status: z.enum(['open', 'upheld', 'lifted']),
  decidedAt: z.iso.datetime().nullable(),
});

export const Sanction = z
  .object({
    sanctionId: Ulid,
    memberId: MemberId,
    kind: SanctionKind,
    reasonCode: SanctionReason,
    note: z.string().nullable(),
    createdAt: z.iso.datetime(),
    until: z.iso.datetime().nullable(),
    issuedBy: MemberId,
    sourceItemId: z.string().nullable().describe('the moderation item whose decision issued it'),
    lifted: z.object({ at: z.iso.datetime(), by: MemberId, note: z.string().nullable() }).nullable(),
    appeal: Appeal.extend({ decidedBy: MemberId.nullable(), note: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Sanction', description: 'a sanction as moderators see it' });
export const SanctionPage = page(Sanction, 'SanctionPage');

export const OwnSanction = z
  .object({
    sanctionId: Ulid,
    kind: SanctionKind,
    reasonCode: SanctionReason,
    createdAt: z.iso.datetime(),
    until: z.iso.datetime().nullable(),
    lifted: z.boolean(),
    appeal: Appeal.nullable(),
  })
  .meta({ id: 'OwnSanction', description: 'a sanction as its member sees it: no moderator, no note' });
export const OwnSanctionPage = page(OwnSanction, 'OwnSanctionPage');

export const SanctionAppealBody = z.strictObject({ text: text('text', 1, 2000).describe('why the sanction should be lifted') }).meta({ id: 'SanctionAppeal' });
export const LiftSanctionQuery = z.strictObject({ note: text('note', 0, 500).optional().describe('why it is lifted early (kept on the sanction)') });
export const AppealDecision = z
  .strictObject({ outcome: z.enum(['lift', 'uphold']), note: text('note', 0, 2000).optional() })
  .meta({ id: 'SanctionAppealDecision' });

export const NewMemberNote = z.strictObject({ text: text('text', 1, 2000) }).meta({ id: 'NewMemberNote' });
export const MemberNote = z
  .object({ noteId: Ulid, memberId: MemberId, authorId: MemberId, text: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'MemberNote' });

export const ContentCase = z
  .object({
    itemId: z.string(),
    kind: z.string(),
    communityId: z.string(),
    postId: z.string(),
    commentId: z.string().nullable(),
    status: z.string(),
    reasons: z.record(z.string(), z.int()),
    reportCount: z.int().min(0),
    createdAt: z.iso.datetime(),
    lastDecision: z.object({ action: z.string(), reasonCode: z.string().nullable(), moderatorId: MemberId, decidedAt: z.iso.datetime() }).nullable(),
  })
  .meta({ id: 'ContentCase', description: "a moderation item about the member's content: its decision and reports (never who reported)" });

export const MemberRecord = z
  .object({
    memberId: MemberId,
    firstSeenAt: z.iso.datetime().nullable(),
    approvedContributions: z.int().min(0),
    restriction: orNull(Restriction),
    sanctions: z.array(Sanction),
    content: z.array(ContentCase),
    notes: z.array(MemberNote),
  })
  .meta({ id: 'MemberRecord', description: 'moderators only: the latest `limit` of each list' });
export const RecordQuery = z.strictObject({ limit: pageLimit });

export const ExportJob = z
  .object({
    exportId: Ulid,
    status: z.enum(['running', 'ready', 'failed']),
    requestedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    url: z.string().nullable().describe('ready: a pre-signed HTTPS URL of the JSON archive, valid for `urlExpiresAt`'),
    urlExpiresAt: z.iso.datetime().nullable(),
    archiveExpiresAt: z.iso.datetime().nullable().describe('the archive is deleted 7 days after it was made'),
    itemCount: z.int().min(0).nullable(),
  })
  .meta({ id: 'ExportJob' });

const ERASURE_CONTENT = ['de-identify', 'delete'] as const;
export const ErasureQuery = z.strictObject({
  content: z.enum(ERASURE_CONTENT).default('de-identify').describe('de-identify: posts and comments stay, by "former member"; delete: they go too'),
});
export const ErasureRequest = z
  .strictObject({
    content: z.enum(ERASURE_CONTENT).default('de-identify'),
    reference: text('reference', 1, 100).optional().describe("the request's reference where it was received (a ticket number): kept in the audit"),
  })
  .meta({ id: 'ErasureRequest' });
export const ErasureReceipt = z
  .object({
    erasureId: Ulid,
    requestedBy: z.enum(['member', 'community-manager']),
    managerId: MemberId.nullable().describe('the community manager who asked; null when the member did'),
    reference: z.string().nullable(),
    content: z.enum(ERASURE_CONTENT),
    requestedAt: z.iso.datetime(),
    status: z.enum(['accepted', 'done']),
    erasedAt: z.iso.datetime().nullable(),
    counts: z.record(z.string(), z.int().min(0)).describe('items erased or de-identified, by kind (once done)'),
  })
  .meta({ id: 'ErasureReceipt', description: 'an erasure and its audit: who asked, when, what was erased; never who the member was' });
export const ErasureParams = z.strictObject({ erasureId: Ulid });
