import type { Reaction } from '../api/schemas';
import type { Caller } from '../domain/caller';
import { NotFoundError } from '../domain/errors';
import type { ChorusDeps } from '../domain/ports';

/** What the reaction use cases need: the reaction store writes the post's counters too. */
export type ReactionsDeps = Pick<ChorusDeps, 'reactions' | 'clock'>;

export interface ReactionState {
  readonly postId: string;
  readonly reaction: Reaction;
  readonly reacted: boolean;
  readonly count: number;
}

/**
 * Idempotent: reacting twice with the same reaction counts once. No read first: the write's own
 * condition (the post exists and is published) decides whether the post is there to react to.
 */
export async function addReaction(deps: ReactionsDeps, caller: Caller, postId: string, reaction: Reaction): Promise<ReactionState> {
  const outcome = await deps.reactions.addReaction(postId, reaction, caller.memberId, deps.clock().toISOString());
  if (outcome === 'missing') throw new NotFoundError(`post ${postId} does not exist`);
  return { postId, reaction, reacted: true, count: outcome.count };
}

/** Idempotent: taking back a reaction one does not have changes nothing. */
export async function removeReaction(deps: ReactionsDeps, caller: Caller, postId: string, reaction: Reaction): Promise<ReactionState> {
  const outcome = await deps.reactions.removeReaction(postId, reaction, caller.memberId, deps.clock().toISOString());
  if (outcome === 'missing') throw new NotFoundError(`post ${postId} does not exist`);
  return { postId, reaction, reacted: false, count: outcome.count };
}
