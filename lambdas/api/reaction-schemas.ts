/** The reactions group's request and response schemas. */
import * as z from 'zod/mini';
import { Reaction, Ulid } from './common-schemas';

export const ReactionState = z
  .object({ postId: Ulid, reaction: Reaction, reacted: z.boolean(), count: z.int().check(z.minimum(0)) })
  .register(z.globalRegistry, { id: 'ReactionState' });

export const ReactionParams = z.strictObject({ postId: Ulid, reaction: Reaction });
