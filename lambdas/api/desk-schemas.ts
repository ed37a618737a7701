/**
 * The response desk's request and response schemas: response policies, desk items, claims, closes,
 * stats and the SLO. Served by the desk group's function (lambdas/handlers/desk.ts).
 */
import * as z from 'zod/mini';
import { CLOSE_REASONS, DESK_KINDS, DESK_STATUSES, RESPONDER_ROLES, RESPONSE_VIAS } from '../desk/model';
import { CommunityId, cursor, MemberId, orNull, pageLimit, Ulid } from './common-schemas';

/** Adds a description to a schema, as the document states it. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

/** The IANA time zones the runtime's Intl knows (its canonical names): the document lists exactly what the clock accepts. */
const TIME_ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])] as [string, ...string[]];

const clock = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times must be HH:MM, 00:00 to 23:59'));
const whole = (min: number, max: number, message: string) => z.int(message).check(z.minimum(min, message), z.maximum(max, message));

export const BusinessHours = z
  .strictObject({
    timeZone: described(z.enum(TIME_ZONES, { error: 'timeZone must be an IANA time zone, e.g. Europe/Paris' }), 'an IANA time zone, e.g. Europe/Paris'),
    days: described(
      z._default(
        z
          .array(whole(1, 7, 'days are 1 (Monday) to 7 (Sunday)'))
          .check(z.minLength(1, 'days must have at least 1 item'), z.maxLength(7, 'days must have at most 7 items')),
        [1, 2, 3, 4, 5],
      ),
      'ISO weekdays the working hours start on, 1 = Monday … 7 = Sunday',
    ),
    start: described(z._default(clock, '09:00'), 'local time the working hours start, HH:MM'),
    hours: described(z._default(whole(1, 24, 'hours must be from 1 to 24'), 9), 'how long they last (a shift may run past midnight)'),
  })
  .register(z.globalRegistry, { id: 'BusinessHours', description: 'the response clock runs only within these hours (local time of timeZone)' });

const within = whole(1, 168, 'withinHours must be a whole number from 1 to 168');

export const ResponsePolicy = z
  .strictObject({
    question: described(z._default(orNull(z.strictObject({ withinHours: within })), { withinHours: 4 }), 'every published question, or null: none'),
    review: described(
      z._default(orNull(z.strictObject({ withinHours: within, maxRating: z._default(whole(1, 5, 'maxRating must be from 1 to 5'), 2) })), {
        withinHours: 24,
        maxRating: 2,
      }),
      'published reviews rated maxRating or less, or null: none',
    ),
    idea: described(z._default(orNull(z.strictObject({ withinHours: within })), { withinHours: 72 }), 'every published idea, or null: none'),
    businessHours: described(z._default(z.nullable(BusinessHours), null), 'null: the clock runs around the clock'),
    objective: described(
      z._default(
        z.strictObject({
          targetPercent: z._default(
            z.number().check(z.minimum(50, 'targetPercent must be from 50 to 99.99'), z.maximum(99.99, 'targetPercent must be from 50 to 99.99')),
            95,
          ),
          windowDays: z._default(whole(1, 90, 'windowDays must be from 1 to 90'), 28),
        }),
        { targetPercent: 95, windowDays: 28 },
      ),
      'the SLO: this share of desk items get a first staff response within their due time, over this many days',
    ),
  })
  .register(z.globalRegistry, { id: 'ResponsePolicy', description: 'which content needs a staff reaction, and how fast; a community without one has no desk' });

export const DeskItemId = z
  .string()
  .check(z.regex(/^desk-[0-9A-HJKMNP-TV-Z]{26}$/, 'itemId must be desk- followed by a 26-character ULID'))
  .register(z.globalRegistry, { id: 'DeskItemId', example: 'desk-01JD0000000000000000000000' });

export const DeskLease = z.object({ holder: MemberId, expiresAt: z.iso.datetime() });

export const DeskResponse = z
  .object({
    at: z.iso.datetime(),
    by: MemberId,
    role: z.enum(RESPONDER_ROLES),
    via: z.enum(RESPONSE_VIAS),
    commentId: z.nullable(Ulid),
    reasonCode: z.nullable(z.enum(CLOSE_REASONS)),
    seconds: described(z.int().check(z.minimum(0)), 'from entering the desk to the first staff reaction'),
    met: described(z.boolean(), 'at or before the due time'),
  })
  .register(z.globalRegistry, { id: 'DeskResponse' });

export const DeskItem = z
  .object({
    itemId: DeskItemId,
    communityId: CommunityId,
    postId: Ulid,
    kind: z.enum(DESK_KINDS),
    rating: z.nullable(z.int().check(z.minimum(1), z.maximum(5))),
    authorId: MemberId,
    title: z.string(),
    status: z.enum(DESK_STATUSES),
    enteredAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    overdue: described(z.boolean(), 'open and past its due time'),
    version: z.int().check(z.minimum(1)),
    lease: orNull(DeskLease),
    response: orNull(DeskResponse),
  })
  .register(z.globalRegistry, { id: 'DeskItem' });

export const DeskItemPage = z.object({ items: z.array(DeskItem), nextCursor: z.nullable(z.string()) }).register(z.globalRegistry, { id: 'DeskItemPage' });

export const DeskItemsQuery = z.strictObject({
  communityId: z.optional(CommunityId),
  kind: z.optional(z.enum(DESK_KINDS)),
  overdue: described(
    z.optional(z.enum(['true', 'false'], { error: 'overdue must be true or false' })),
    'true: only items past due; false: only items not yet due',
  ),
  limit: pageLimit,
  cursor,
});
export const DeskClaimQuery = z.strictObject({ communityId: described(z.optional(CommunityId), 'only items of this community') });
export const DeskItemParams = z.strictObject({ deskItemId: DeskItemId });

export const DeskClose = z
  .strictObject({ reasonCode: z.enum(CLOSE_REASONS), note: z.optional(z.string().check(z.maxLength(1000, 'note must be at most 1000 characters'))) })
  .register(z.globalRegistry, { id: 'DeskClose' });

export const DeskStatsQuery = z.strictObject({
  communityId: CommunityId,
  windowDays: z._default(
    z.coerce.number().check(z.int(), z.minimum(1, 'windowDays must be from 1 to 90'), z.maximum(90, 'windowDays must be from 1 to 90')),
    7,
  ),
});
export const DeskSloQuery = z.strictObject({ communityId: CommunityId });

const KindStats = z.object({
  responded: z.int(),
  met: z.int(),
  missed: z.int(),
  attainmentPercent: described(z.nullable(z.number()), 'met / responded × 100, null when nothing was responded to'),
  p50Seconds: z.nullable(z.number()),
  p90Seconds: z.nullable(z.number()),
});

export const DeskStats = z
  .object({
    communityId: CommunityId,
    windowDays: z.int(),
    byKind: z.record(z.enum(DESK_KINDS), KindStats),
    total: KindStats,
    open: z.object({ total: z.int(), byKind: z.record(z.enum(DESK_KINDS), z.int()) }),
    overdue: z.int(),
    oldestWaiting: z.nullable(z.object({ itemId: DeskItemId, enteredAt: z.iso.datetime(), waitingSeconds: z.int() })),
  })
  .register(z.globalRegistry, {
    id: 'DeskStats',
    description:
      'time to first staff response (p50/p90: lower bound of the 5 % histogram bucket, exact under a minute) and attainment over the window, by kind; open, overdue and oldest waiting now',
  });

export const DeskSlo = z
  .object({
    communityId: CommunityId,
    objective: z.object({ targetPercent: z.number(), windowDays: z.int() }),
    window: z.object({ responded: z.int(), met: z.int(), missed: z.int(), attainmentPercent: z.nullable(z.number()) }),
    errorBudget: z.object({
      allowedMisses: described(z.number(), '(1 - target) × responded'),
      spentMisses: z.int(),
      remainingPercent: described(z.number(), '100 - spent / allowed × 100; negative when overspent'),
    }),
    burnRates: described(
      z.record(z.string(), z.nullable(z.number())),
      'missed share over the last 1h, 6h, 24h and 72h divided by the error budget share (1 - target); 1 spends the budget exactly in the window',
    ),
  })
  .register(z.globalRegistry, { id: 'DeskSlo' });

export type ResponsePolicy = z.infer<typeof ResponsePolicy>;
export type BusinessHours = z.infer<typeof BusinessHours>;
export type DeskItem = z.infer<typeof DeskItem>;
export type DeskResponse = z.infer<typeof DeskResponse>;
export type DeskStats = z.infer<typeof DeskStats>;
export type DeskSlo = z.infer<typeof DeskSlo>;
export type DeskClose = z.infer<typeof DeskClose>;
