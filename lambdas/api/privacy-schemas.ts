/**
 * The privacy group's schemas: a member's export of their data, and erasure (the member's own, or a
 * community manager's on a request received elsewhere) with its audit. Apart from member-schemas.ts
 * so the members bundle carries none of them.
 */
import * as z from 'zod/mini';
import { describedNullableDateTime, MemberId, text, Ulid } from './common-schemas';

/** Adds a description to a schema, as the document states it, keeping what it already says (a text's lengths and pattern). */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), description });
  return schema;
};
const whole = (min: number) => z.int().check(z.minimum(min));
const dateTime = () => z.iso.datetime();
const nullableDateTime = () => z.nullable(z.iso.datetime());

export const MemberParams = z.strictObject({ memberId: MemberId });
export const ErasureParams = z.strictObject({ erasureId: Ulid });

export const ExportJob = z
  .object({
    exportId: Ulid,
    status: z.enum(['running', 'ready', 'failed']),
    requestedAt: dateTime(),
    completedAt: nullableDateTime(),
    url: described(z.nullable(z.string()), 'ready: a pre-signed HTTPS URL of the JSON archive, valid until `urlExpiresAt`'),
    urlExpiresAt: nullableDateTime(),
    archiveExpiresAt: describedNullableDateTime('the archive is deleted 7 days after it was made'),
    itemCount: z.nullable(whole(0)),
  })
  .register(z.globalRegistry, { id: 'ExportJob' });

const ERASURE_CONTENT = ['de-identify', 'delete'] as const;
export const ErasureQuery = z.strictObject({
  content: described(z._default(z.enum(ERASURE_CONTENT), 'de-identify'), 'de-identify: posts and comments stay, by "former member"; delete: they go too'),
});
export const ErasureRequest = z
  .strictObject({
    content: z._default(z.enum(ERASURE_CONTENT), 'de-identify'),
    reference: described(z.optional(text('reference', 1, 100)), "the request's reference where it was received (a ticket number): kept in the audit"),
  })
  .register(z.globalRegistry, { id: 'ErasureRequest' });
export const ErasureReceipt = z
  .object({
    erasureId: Ulid,
    requestedBy: z.enum(['member', 'community-manager']),
    managerId: described(z.nullable(MemberId), 'the community manager who asked; null when the member did'),
    reference: z.nullable(z.string()),
    content: z.enum(ERASURE_CONTENT),
    requestedAt: dateTime(),
    status: z.enum(['accepted', 'done']),
    erasedAt: nullableDateTime(),
    counts: described(z.record(z.string(), whole(0)), 'items erased or de-identified, by kind (once done)'),
  })
  .register(z.globalRegistry, { id: 'ErasureReceipt', description: 'an erasure and its audit: who asked, when, what was erased; never who the member was' });
