/**
 * Wire schemas every route group shares: ids, the text rules, paging, path parameters, the problem
 * body, and the enums that more than one group's objects embed. Each group's own schemas live in
 * <group>-schemas.ts, so a group's bundle carries its schemas and these, and no other group's.
 */
import * as z from 'zod';
import { POST_KINDS } from '../posts/model';
import { REACTIONS } from '../reactions/model';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A JSON Schema pattern that holds exactly when a string, trimmed, keeps at least `min` characters:
 * what the refinements below check, said so the document states it (both count code points).
 */
export const nonBlankPattern = (min: number): string | undefined => (min <= 0 ? undefined : min === 1 ? '\\S' : `\\S[\\s\\S]{${min - 2},}\\S`);

/** Free text: well-formed Unicode, with at least `min` non-blank and at most `max` characters. */
export const text = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => s.isWellFormed(), { message: `${field} must be well-formed Unicode (no lone surrogates)` })
    .refine((s) => [...s.trim()].length >= min, { message: `${field} must have at least ${min} non-blank character(s)` })
    .refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` })
    // The refinements above, as JSON Schema says them (lengths count code points in both).
    .meta({
      ...(min > 0 ? { minLength: min, pattern: nonBlankPattern(min) } : {}),
      maxLength: max,
      description: `well-formed Unicode (no lone surrogates)${min > 0 ? `, at least ${min} non-blank character(s)` : ''}, at most ${max} characters`,
    });

/**
 * A named schema (one with a meta id) or null. `Named.nullable()` makes zod-to-openapi write the null
 * into the shared component itself, so every other use (a path parameter, a request field) would
 * accept null too; a union keeps the component as it is.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const PostKind = z.enum(POST_KINDS).meta({ id: 'PostKind' });
export const Reaction = z.enum(REACTIONS).meta({ id: 'Reaction' });

export const CommunityId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'communityId must be 3-40 lowercase letters, digits or dashes')
  .meta({ id: 'CommunityId', example: 'outdoor-gear' });
export const ProductId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'productId must be a SKU of 1-64 letters, digits, dots, dashes or underscores')
  .meta({ id: 'ProductId', example: 'SKU-10442' });
/** Ids the API mints are ULIDs: time-sortable, 26 Crockford base-32 characters. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a 26-character ULID');
export const MemberId = z.string().min(1).max(128).meta({ id: 'MemberId' });

export const ModerationNote = z
  .object({
    reasonCode: z.string().nullable().describe('why the content is not published (see ReasonCode)'),
    rule: z.string().nullable().describe('the rule that fired, e.g. `blocked-term:<term>`; moderators only: null for everyone else, the author included'),
  })
  .meta({ id: 'ModerationNote' });

/** A page of a list: its items and the cursor of the next page. */
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('opaque; pass as ?cursor= for the next page, null on the last page'),
    })
    .meta({ id });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    sanction: z
      .object({
        sanctionId: z.string(),
        kind: z.enum(['silence', 'suspend', 'ban']),
        reasonCode: z.string(),
        until: z.iso.datetime().nullable().describe('when it ends by itself; null: never (a ban)'),
      })
      .optional()
      .describe('a 403 because of a sanction: which, why and until when'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

// Query strings and path parameters
export const pageLimit = z.coerce
  .number({ error: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  .int(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .min(1, `limit must be between 1 and ${MAX_PAGE_SIZE}`)
  .max(MAX_PAGE_SIZE, `limit must be between 1 and ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE);
export const PageQuery = z.strictObject({ limit: pageLimit, cursor: z.string().max(2048).optional() });

export const CommunityParams = z.strictObject({ communityId: CommunityId });
export const PostParams = z.strictObject({ postId: Ulid });

export type PostKind = z.infer<typeof PostKind>;
export type Reaction = z.infer<typeof Reaction>;
export type ModerationNote = z.infer<typeof ModerationNote>;
export type Problem = z.infer<typeof Problem>;
