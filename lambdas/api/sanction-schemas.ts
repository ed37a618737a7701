/**
 * A sanction as a moderator issues it (NewSanction) and its kinds and reasons: the members group's
 * sanction routes and the moderation group's reject decisions (which may carry one) both take it, so it
 * lives apart from the rest of member-schemas.ts and the moderation bundle carries only this part.
 */
import * as z from 'zod/mini';
import { MAX_SANCTION_DAYS, SANCTION_KINDS, SANCTION_REASONS } from '../members/standing';
import { text } from './common-schemas';

/** Adds a description to a schema, as the document states it, keeping what it already says (a text's lengths and pattern). */
export const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), description });
  return schema;
};

export const SanctionKind = z.enum(SANCTION_KINDS).register(z.globalRegistry, { id: 'SanctionKind' });
export const SanctionReason = z.enum(SANCTION_REASONS).register(z.globalRegistry, { id: 'SanctionReason' });

export const NewSanction = z
  .strictObject({
    kind: described(SanctionKind, 'warn (a notice), silence (read only), suspend (own account only), ban (indefinite; senior-moderators)'),
    reasonCode: SanctionReason,
    note: described(z.optional(text('note', 0, 2000)), 'for moderators: never shown to the member'),
    durationDays: described(
      z.optional(
        z
          .int('durationDays must be a whole number of days')
          .check(z.minimum(1, 'durationDays must be at least 1'), z.maximum(MAX_SANCTION_DAYS, `durationDays must be at most ${MAX_SANCTION_DAYS}`)),
      ),
      'silence and suspend: required; warn and ban: not allowed',
    ),
  })
  .check(
    z.superRefine((s, ctx) => {
      const timed = s.kind === 'silence' || s.kind === 'suspend';
      if (timed !== (s.durationDays !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['durationDays'],
          message: timed ? `a ${s.kind} needs durationDays (1-${MAX_SANCTION_DAYS})` : `a ${s.kind} has no period: leave durationDays out`,
        });
      }
    }),
  )
  .register(z.globalRegistry, {
    id: 'NewSanction',
    description: 'durationDays is required for silence and suspend, and not allowed for warn and ban',
    allOf: [
      { if: { properties: { kind: { enum: ['warn', 'ban'] } } }, else: { required: ['durationDays'] } },
      { if: { properties: { kind: { enum: ['silence', 'suspend'] } } }, else: { not: { required: ['durationDays'] } } },
    ],
  });
export type NewSanctionBody = z.infer<typeof NewSanction>;
