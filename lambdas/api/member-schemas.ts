/**
 * The members group's schemas: who the caller is (trust, sanctions), sanctions and their appeals,
 * the moderators' record of a member. Export and erasure are the privacy group's (privacy-schemas.ts).
 */
import * as z from 'zod/mini';
import { GROUPS } from '../domain/caller';
import { TRUST_LEVELS } from '../members/standing';
import { describedNullableDateTime, MemberId, orNull, page, pageLimit, text, Ulid } from './common-schemas';
import { described, SanctionKind, SanctionReason } from './sanction-schemas';

export { NewSanction, type NewSanctionBody, SanctionKind, SanctionReason } from './sanction-schemas';

const whole = (min: number) => z.int().check(z.minimum(min));
const dateTime = () => z.iso.datetime();
const nullableDateTime = () => z.nullable(z.iso.datetime());

export const TrustLevel = z.enum(TRUST_LEVELS).register(z.globalRegistry, { id: 'TrustLevel' });

export const Restriction = z
  .object({
    level: z.enum(['silenced', 'suspended']),
    sanctionId: Ulid,
    kind: z.enum(['silence', 'suspend', 'ban']),
    reasonCode: SanctionReason,
    until: describedNullableDateTime('when it ends by itself; null: never (a ban)'),
  })
  .register(z.globalRegistry, {
    id: 'Restriction',
    description: 'the strongest sanction in force: silenced members may read only, suspended (or banned) ones may use only their own account',
  });

export const Me = z
  .object({
    memberId: MemberId,
    username: z.string(),
    groups: z.array(z.enum(GROUPS)),
    trustLevel: described(TrustLevel, 'new, member or trusted: from approved contributions and the days since the first one (the default thresholds)'),
    approvedContributions: whole(0),
    firstSeenAt: describedNullableDateTime('the first contribution; null before it'),
    restriction: orNull(Restriction),
  })
  .register(z.globalRegistry, { id: 'Me' });

export const MemberParams = z.strictObject({ memberId: MemberId });
export const SanctionParams = z.strictObject({ memberId: MemberId, sanctionId: Ulid });
export const OwnSanctionParams = z.strictObject({ sanctionId: Ulid });

const appealFields = {
  text: z.string(),
  at: dateTime(),
  status: z.enum(['open', 'upheld', 'lifted']),
  decidedAt: nullableDateTime(),
};

export const Sanction = z
  .object({
    sanctionId: Ulid,
    memberId: MemberId,
    kind: SanctionKind,
    reasonCode: SanctionReason,
    note: z.nullable(z.string()),
    createdAt: dateTime(),
    until: nullableDateTime(),
    issuedBy: MemberId,
    sourceItemId: described(z.nullable(z.string()), 'the moderation item whose decision issued it'),
    lifted: z.nullable(z.object({ at: dateTime(), by: MemberId, note: z.nullable(z.string()) })),
    appeal: z.nullable(
      z.object({
        ...appealFields,
        itemId: described(z.nullable(z.string()), 'its moderation queue item (sanction-<sanctionId>); null for an appeal made before appeals were queue items'),
        decidedBy: z.nullable(MemberId),
        note: z.nullable(z.string()),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'Sanction', description: 'a sanction as moderators see it' });
export const SanctionPage = page(Sanction, 'SanctionPage');

export const OwnSanction = z
  .object({
    sanctionId: Ulid,
    kind: SanctionKind,
    reasonCode: SanctionReason,
    createdAt: dateTime(),
    until: nullableDateTime(),
    lifted: z.boolean(),
    appeal: z.nullable(z.object(appealFields)),
  })
  .register(z.globalRegistry, { id: 'OwnSanction', description: 'a sanction as its member sees it: no moderator, no note' });
export const OwnSanctionPage = page(OwnSanction, 'OwnSanctionPage');

export const SanctionAppealBody = z
  .strictObject({ text: described(text('text', 1, 2000), 'why the sanction should be lifted') })
  .register(z.globalRegistry, { id: 'SanctionAppeal' });
export const LiftSanctionQuery = z.strictObject({ note: described(z.optional(text('note', 0, 500)), 'why it is lifted early (kept on the sanction)') });
export const AppealDecision = z
  .strictObject({ outcome: z.enum(['lift', 'uphold']), note: z.optional(text('note', 0, 2000)) })
  .register(z.globalRegistry, { id: 'SanctionAppealDecision' });

export const NewMemberNote = z.strictObject({ text: text('text', 1, 2000) }).register(z.globalRegistry, { id: 'NewMemberNote' });
export const MemberNote = z
  .object({ noteId: Ulid, memberId: MemberId, authorId: MemberId, text: z.string(), createdAt: dateTime() })
  .register(z.globalRegistry, { id: 'MemberNote' });

export const ContentCase = z
  .object({
    itemId: z.string(),
    kind: z.string(),
    communityId: z.nullable(z.string()),
    postId: z.nullable(z.string()),
    commentId: z.nullable(z.string()),
    status: z.string(),
    reasons: z.record(z.string(), z.int()),
    reportCount: whole(0),
    createdAt: dateTime(),
    lastDecision: z.nullable(z.object({ action: z.string(), reasonCode: z.nullable(z.string()), moderatorId: MemberId, decidedAt: dateTime() })),
  })
  .register(z.globalRegistry, {
    id: 'ContentCase',
    description: "a moderation item about the member's content: its decision and reports (never who reported)",
  });

export const MemberRecord = z
  .object({
    memberId: MemberId,
    firstSeenAt: nullableDateTime(),
    approvedContributions: whole(0),
    restriction: orNull(Restriction),
    sanctions: z.array(Sanction),
    content: z.array(ContentCase),
    notes: z.array(MemberNote),
  })
  .register(z.globalRegistry, { id: 'MemberRecord', description: 'moderators only: the latest `limit` of each list' });
export const RecordQuery = z.strictObject({ limit: pageLimit });
