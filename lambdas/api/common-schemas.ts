/**
 * Wire schemas every route group shares: ids, the text rules, paging, path parameters, the problem
 * body, and the enums that more than one group's objects embed. Each group's own schemas live in
 * <group>-schemas.ts, so a group's bundle carries its schemas and these, and no other group's.
 */
import * as z from 'zod/mini';
import { POST_KINDS } from '../posts/model';
import { REACTIONS } from '../reactions/model';
import './zod-english';

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
    .check(
      z.refine((s) => s.isWellFormed(), { message: `${field} must be well-formed Unicode (no lone surrogates)` }),
      z.refine((s) => [...s.trim()].length >= min, { message: `${field} must have at least ${min} non-blank character(s)` }),
      z.refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` }),
    )
    // The refinements above, as JSON Schema says them (lengths count code points in both).
    .register(z.globalRegistry, {
      ...(min > 0 ? { minLength: min, pattern: nonBlankPattern(min) } : {}),
      maxLength: max,
      description: `well-formed Unicode (no lone surrogates)${min > 0 ? `, at least ${min} non-blank character(s)` : ''}, at most ${max} characters`,
    });

/**
 * A named schema (one with an id) or null: the document states it as the shared component or null
 * (`anyOf`), and every other use of the component (a path parameter, a request field) stays non-null.
 */
export const orNull = <T extends z.ZodMiniType>(schema: T) => z.union([schema, z.null()]);

export const PostKind = z.enum(POST_KINDS).register(z.globalRegistry, { id: 'PostKind' });
export const Reaction = z.enum(REACTIONS).register(z.globalRegistry, { id: 'Reaction' });

export const CommunityId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'communityId must be 3-40 lowercase letters, digits or dashes'))
  .register(z.globalRegistry, { id: 'CommunityId', example: 'outdoor-gear' });
export const ProductId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'productId must be a SKU of 1-64 letters, digits, dots, dashes or underscores'))
  .register(z.globalRegistry, { id: 'ProductId', example: 'SKU-10442' });
/** Ids the API mints are ULIDs: time-sortable, 26 Crockford base-32 characters. */
export const Ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a 26-character ULID'));
export const MemberId = z.string().check(z.minLength(1), z.maxLength(128)).register(z.globalRegistry, { id: 'MemberId' });

/** Adds a description to a schema (a wrapper of its own: a shared schema keeps none), as the document states it. */
export const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

/** A string or null, with a description. */
export const describedNullableString = (description: string) => z.nullable(z.string()).register(z.globalRegistry, { description });
export const describedNullableDateTime = (description: string) => z.nullable(z.iso.datetime()).register(z.globalRegistry, { description });

export const ModerationNote = z
  .object({
    reasonCode: describedNullableString('why the content is not published (see ReasonCode)'),
    rule: describedNullableString('the rule that fired, e.g. `blocked-term:<term>`; moderators only: null for everyone else, the author included'),
  })
  .register(z.globalRegistry, { id: 'ModerationNote' });

/** A page of a list: its items and the cursor of the next page. */
export const page = <T extends z.ZodMiniType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: describedNullableString('opaque; pass as ?cursor= for the next page, null on the last page'),
    })
    .register(z.globalRegistry, { id });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    sanction: z
      .optional(
        z.object({
          sanctionId: z.string(),
          kind: z.enum(['silence', 'suspend', 'ban']),
          reasonCode: z.string(),
          until: describedNullableDateTime('when it ends by itself; null: never (a ban)'),
        }),
      )
      .register(z.globalRegistry, { description: 'a 403 because of a sanction: which, why and until when' }),
  })
  .register(z.globalRegistry, { id: 'Problem', description: 'RFC 9457 problem details' });

// Query strings and path parameters
export const pageLimit = z._default(
  z.coerce
    .number({ error: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
    .check(
      z.int(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`),
      z.minimum(1, `limit must be between 1 and ${MAX_PAGE_SIZE}`),
      z.maximum(MAX_PAGE_SIZE, `limit must be between 1 and ${MAX_PAGE_SIZE}`),
    ),
  DEFAULT_PAGE_SIZE,
);
/** An opaque paging cursor, as a query parameter. */
export const cursor = z.optional(z.string().check(z.maxLength(2048)));
export const PageQuery = z.strictObject({ limit: pageLimit, cursor });

export const CommunityParams = z.strictObject({ communityId: CommunityId });
export const PostParams = z.strictObject({ postId: Ulid });

export type PostKind = z.infer<typeof PostKind>;
export type Reaction = z.infer<typeof Reaction>;
export type ModerationNote = z.infer<typeof ModerationNote>;
export type Problem = z.infer<typeof Problem>;
