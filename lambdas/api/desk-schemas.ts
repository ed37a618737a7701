/**
 * The response desk's request and response schemas: response policies, desk items, claims, closes,
 * stats and the SLO. Served by the moderation group's function (one leased-queue function).
 */
import * as z from 'zod';
import { CLOSE_REASONS, DESK_KINDS, DESK_STATUSES, RESPONSE_VIAS, RESPONDER_ROLES } from '../desk/model';
import { CommunityId, MemberId, orNull, Ulid } from './common-schemas';

/** The IANA time zones the runtime's Intl knows (its canonical names): the document lists exactly what the clock accepts. */
const TIME_ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])] as [string, ...string[]];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times must be HH:MM, 00:00 to 23:59');

export const BusinessHours = z
  .strictObject({
    timeZone: z.enum(TIME_ZONES, { error: 'timeZone must be an IANA time zone, e.g. Europe/Paris' }).describe('an IANA time zone, e.g. Europe/Paris'),
    days: z
      .array(z.int().min(1, 'days are 1 (Monday) to 7 (Sunday)').max(7, 'days are 1 (Monday) to 7 (Sunday)'))
      .min(1, 'days must have at least 1 item')
      .max(7)
      .default([1, 2, 3, 4, 5])
      .describe('ISO weekdays the working hours start on, 1 = Monday … 7 = Sunday'),
    start: clock.default('09:00').describe('local time the working hours start, HH:MM'),
    hours: z
      .int('hours must be a whole number from 1 to 24')
      .min(1, 'hours must be from 1 to 24')
      .max(24, 'hours must be from 1 to 24')
      .default(9)
      .describe('how long they last (a shift may run past midnight)'),
  })
  .meta({ id: 'BusinessHours', description: 'the response clock runs only within these hours (local time of timeZone)' });

const within = z.int('withinHours must be a whole number of hours').min(1, 'withinHours must be from 1 to 168').max(168, 'withinHours must be from 1 to 168');

export const ResponsePolicy = z
  .strictObject({
    question: orNull(z.strictObject({ withinHours: within }))
      .default({ withinHours: 4 })
      .describe('every published question, or null: none'),
    review: orNull(z.strictObject({ withinHours: within, maxRating: z.int().min(1).max(5).default(2) }))
      .default({ withinHours: 24, maxRating: 2 })
      .describe('published reviews rated maxRating or less, or null: none'),
    idea: orNull(z.strictObject({ withinHours: within }))
      .default({ withinHours: 72 })
      .describe('every published idea, or null: none'),
    businessHours: BusinessHours.nullable().default(null).describe('null: the clock runs around the clock'),
    objective: z
      .strictObject({
        targetPercent: z.number().min(50).max(99.99).default(95),
        windowDays: z.int().min(1).max(90).default(28),
      })
      .default({ targetPercent: 95, windowDays: 28 })
      .describe('the SLO: this share of desk items get a first staff response within their due time, over this many days'),
  })
  .meta({ id: 'ResponsePolicy', description: 'which content needs a staff reaction, and how fast; a community without one has no desk' });

export const DeskItemId = z
  .string()
  .regex(/^desk-[0-9A-HJKMNP-TV-Z]{26}$/, 'itemId must be desk- followed by a 26-character ULID')
  .meta({ id: 'DeskItemId', example: 'desk-01JD0000000000000000000000' });

export const DeskLease = z.object({ holder: MemberId, expiresAt: z.iso.datetime() });

export const DeskResponse = z
  .object({
    at: z.iso.datetime(),
    by: MemberId,
    role: z.enum(RESPONDER_ROLES),
    via: z.enum(RESPONSE_VIAS),
    commentId: Ulid.nullable(),
    reasonCode: z.enum(CLOSE_REASONS).nullable(),
    seconds: z.int().min(0).describe('from entering the desk to the first staff reaction'),
    met: z.boolean().describe('at or before the due time'),
  })
  .meta({ id: 'DeskResponse' });

export const DeskItem = z
  .object({
    itemId: DeskItemId,
    communityId: CommunityId,
    postId: Ulid,
    kind: z.enum(DESK_KINDS),
    rating: z.int().min(1).max(5).nullable(),
    authorId: MemberId,
    title: z.string(),
    status: z.enum(DESK_STATUSES),
    enteredAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    overdue: z.boolean().describe('open and past its due time'),
    version: z.int().min(1),
    lease: orNull(DeskLease),
    response: orNull(DeskResponse),
  })
  .meta({ id: 'DeskItem' });

export const DeskItemPage = z.object({ items: z.array(DeskItem), nextCursor: z.string().nullable() }).meta({ id: 'DeskItemPage' });

const limit = z.coerce.number().int().min(1, 'limit must be between 1 and 100').max(100, 'limit must be between 1 and 100').default(20);
const flag = z.enum(['true', 'false'], { error: 'must be true or false' });

export const DeskItemsQuery = z.strictObject({
  communityId: CommunityId.optional(),
  kind: z.enum(DESK_KINDS).optional(),
  overdue: flag.optional().describe('true: only items past due; false: only items not yet due'),
  limit,
  cursor: z.string().max(2048).optional(),
});
export const DeskClaimQuery = z.strictObject({ communityId: CommunityId.optional().describe('only items of this community') });
export const DeskItemParams = z.strictObject({ deskItemId: DeskItemId });

export const DeskClose = z
  .strictObject({ reasonCode: z.enum(CLOSE_REASONS), note: z.string().max(1000, 'note must be at most 1000 characters').optional() })
  .meta({ id: 'DeskClose' });

export const DeskStatsQuery = z.strictObject({ communityId: CommunityId, windowDays: z.coerce.number().int().min(1).max(90).default(7) });
export const DeskSloQuery = z.strictObject({ communityId: CommunityId });

const KindStats = z.object({
  responded: z.int(),
  met: z.int(),
  missed: z.int(),
  attainmentPercent: z.number().nullable().describe('met / responded × 100, null when nothing was responded to'),
  p50Seconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});

export const DeskStats = z
  .object({
    communityId: CommunityId,
    windowDays: z.int(),
    byKind: z.record(z.enum(DESK_KINDS), KindStats),
    total: KindStats,
    open: z.object({ total: z.int(), byKind: z.record(z.enum(DESK_KINDS), z.int()) }),
    overdue: z.int(),
    oldestWaiting: z.object({ itemId: DeskItemId, enteredAt: z.iso.datetime(), waitingSeconds: z.int() }).nullable(),
  })
  .meta({
    id: 'DeskStats',
    description:
      'time to first staff response (p50/p90: lower bound of the 5 % histogram bucket, exact under a minute) and attainment over the window, by kind; open, overdue and oldest waiting now',
  });

export const DeskSlo = z
  .object({
    communityId: CommunityId,
    objective: z.object({ targetPercent: z.number(), windowDays: z.int() }),
    window: z.object({ responded: z.int(), met: z.int(), missed: z.int(), attainmentPercent: z.number().nullable() }),
    errorBudget: z.object({
      allowedMisses: z.number().describe('(1 - target) × responded'),
      spentMisses: z.int(),
      remainingPercent: z.number().describe('100 - spent / allowed × 100; negative when overspent'),
    }),
    burnRates: z
      .record(z.string(), z.number().nullable())
      .describe('missed share over the last 1h, 6h, 24h and 72h divided by the error budget share (1 - target); 1 spends the budget exactly in the window'),
  })
  .meta({ id: 'DeskSlo' });

export const AcceptedAnswer = z.strictObject({ commentId: Ulid }).meta({ id: 'AcceptedAnswer' });

export type ResponsePolicy = z.infer<typeof ResponsePolicy>;
export type BusinessHours = z.infer<typeof BusinessHours>;
export type DeskItem = z.infer<typeof DeskItem>;
export type DeskResponse = z.infer<typeof DeskResponse>;
export type DeskStats = z.infer<typeof DeskStats>;
export type DeskSlo = z.infer<typeof DeskSlo>;
export type DeskClose = z.infer<typeof DeskClose>;
