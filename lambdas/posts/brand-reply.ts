/**
 * The brand's reply to a review: staff post one official reply per review, shown on the review, and
 * edit or withdraw it. The first reply is the official response that takes the review out of the
 * response desk (if it waits there), in the same transaction.
 *
 * Concurrency: a PUT without `version` posts the first reply, on the condition that the review has
 * none; of two staff members posting at once, one gets 201 and the other 409 with the reply that won
 * (a repeat of the same text by its writer is 200, so a retried PUT is harmless). Editing names the
 * version it was made on, and a version that moved meanwhile is 409 with the current reply: nobody
 * overwrites a colleague's words without having seen them.
 */
import type { BrandReply, BrandReplyInput, Post } from '../api/post-schemas';
import { brandRepliedWith, requireStaff } from '../desk/desk';
import { roleOf, type DeskWrite } from '../desk/desk-item';
import type { Caller } from '../domain/caller';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { BrandReplyStore, ChorusDeps } from '../domain/ports';
import { getPost } from './posts';

export type BrandReplyDeps = Pick<ChorusDeps, 'posts' | 'desk' | 'communities' | 'clock'> & { readonly brandReplies: BrandReplyStore };

/** A stored reply: what the review shows, its review, and whether it was withdrawn (a tombstone keeps its versions going). */
export interface BrandReplyRecord extends BrandReply {
  readonly postId: string;
  readonly communityId: string;
  readonly withdrawn: boolean;
}

/** A reply's next state over the one it was read as (null: none was ever written), with the desk's first reaction when it is one. */
export interface BrandReplyWrite {
  readonly next: BrandReplyRecord;
  readonly previous: BrandReplyRecord | null;
  readonly desk?: DeskWrite;
}

/** written; reply-moved: the reply is not at the version read; review-moved: the review is no longer a published review; desk-moved: its desk item changed. */
export type BrandReplyOutcome = 'written' | 'reply-moved' | 'review-moved' | 'desk-moved';

/** How often a first reply reads the desk item again when it moved under it (a lease, a competing reaction). */
const MAX_DESK_ATTEMPTS = 5;

const view = ({ postId: _p, communityId: _c, withdrawn: _w, ...reply }: BrandReplyRecord): BrandReply => reply;

async function reviewFor(deps: BrandReplyDeps, caller: Caller, postId: string): Promise<Post> {
  requireStaff(caller);
  const post = await getPost(deps, caller, postId);
  if (post.kind !== 'review')
    throw new UnprocessableError(`post ${postId} is a ${post.kind}; only reviews take a brand reply (answer other posts with an official comment)`, [
      { field: 'path.postId', message: 'not a review' },
    ]);
  return post;
}

/** The review as it reads once `reply` (or its withdrawal) is written. */
function withReply(post: Post, reply: BrandReplyRecord, previous: BrandReplyRecord | null): Post {
  const { brandReply: _old, ...rest } = post;
  const count = post.officialResponseCount + (reply.withdrawn ? 0 : 1) - (previous && !previous.withdrawn ? 1 : 0);
  return { ...rest, ...(reply.withdrawn ? {} : { brandReply: view(reply) }), officialResponseCount: count, hasOfficialResponse: count > 0 };
}

/** Posts the first reply (created: true) or edits the current one on the version the caller saw. */
export async function putBrandReply(deps: BrandReplyDeps, caller: Caller, postId: string, input: BrandReplyInput): Promise<{ post: Post; created: boolean }> {
  const post = await reviewFor(deps, caller, postId);
  if (post.status !== 'published') throw new ConflictError(`review ${postId} is ${post.status}; only a published review takes a brand reply`);
  for (let attempt = 1; ; attempt++) {
    const current = (await deps.brandReplies.getBrandReply(postId)) ?? null;
    const live = current && !current.withdrawn ? current : null;
    if (input.version === undefined && live) {
      // The same words from the same writer: a retried PUT, already done.
      if (live.body === input.body && live.editedBy === caller.memberId) return { post: withReply(post, live, live), created: false };
      throw new ConflictError(`review ${postId} already has a brand reply (version ${live.version}); to change it, PUT with "version": ${live.version}`, {
        brandReply: view(live),
      });
    }
    if (input.version !== undefined && live?.version !== input.version) {
      throw new ConflictError(
        live
          ? `the brand reply of review ${postId} is at version ${live.version}, the edit was made on version ${input.version}; read it again`
          : `review ${postId} has no brand reply to edit; omit version to post one`,
        live ? { brandReply: view(live) } : undefined,
      );
    }
    const now = deps.clock();
    const at = now.toISOString();
    const next: BrandReplyRecord = {
      postId,
      communityId: post.communityId,
      body: input.body,
      responderTeam: caller.team ?? null,
      responderRole: roleOf(caller),
      createdAt: live?.createdAt ?? at,
      updatedAt: at,
      editedBy: caller.memberId,
      version: (current?.version ?? 0) + 1,
      withdrawn: false,
    };
    // The first reply (not an edit) is the official response its desk item waits for.
    const desk = live ? undefined : await brandRepliedWith(deps, caller, postId, now);
    const outcome = await deps.brandReplies.writeBrandReply({ next, previous: current, ...(desk ? { desk } : {}) });
    if (outcome === 'written') return { post: withReply(post, next, current), created: live === null };
    if (outcome === 'review-moved') throw new ConflictError(`review ${postId} was deleted or held meanwhile; it takes no brand reply now`);
    // reply-moved: another staff member wrote first; the next round answers with theirs. desk-moved: read the item again.
    if (attempt >= MAX_DESK_ATTEMPTS) throw new ConflictError(`the brand reply of review ${postId} keeps changing; read it again`);
  }
}

/** Withdraws the reply (204 whether or not there was one). The desk item keeps its first reaction. */
export async function withdrawBrandReply(deps: BrandReplyDeps, caller: Caller, postId: string): Promise<void> {
  await reviewFor(deps, caller, postId);
  const current = await deps.brandReplies.getBrandReply(postId);
  if (!current || current.withdrawn) return;
  const at = deps.clock().toISOString();
  const next: BrandReplyRecord = { ...current, body: '', withdrawn: true, updatedAt: at, editedBy: caller.memberId, version: current.version + 1 };
  const outcome = await deps.brandReplies.writeBrandReply({ next, previous: current });
  if (outcome === 'reply-moved') throw new ConflictError(`the brand reply of review ${postId} changed meanwhile; read it again before withdrawing it`);
  if (outcome !== 'written') throw new NotFoundError(`post ${postId} does not exist`);
}
