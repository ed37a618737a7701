/**
 * Post: the post item and the feeds it appears on. Feeds are sparse indexes: a post carries their
 * keys only while it is published, so tombstones and held posts drop out by themselves.
 *
 *   pk POST#<postId>   sk POST
 *   byCommunityFeed      COMMUNITY#<communityId>               / <postId>   (newest first: ULIDs sort by time)
 *   byCommunityKindFeed  COMMUNITY#<communityId>#KIND#<kind>   / <postId>
 *   byAuthor             MEMBER#<authorId>                     / <postId>
 *   byAnsweredQuestions  COMMUNITY#<communityId>#ANSWERED#<yes|no>  / <postId>   (published questions only)
 *   byMember             MEMBER#<authorId>                     / POST#<postId>   (every status: export, erasure)
 *
 * Counters (comments, reactions) move with ADD and are never part of a post's replacement.
 */
import type { BatchGetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post, PostKind, Reaction } from '../../api/schemas';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { exists, getItem, indexList, indexQuery, indexes, isNew, key, memberKeys, setAndRemove, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const postKey = (postId: string): Key => key(`POST#${postId}`, 'POST');

const feedPk = (communityId: string) => `COMMUNITY#${communityId}`;
const kindFeedPk = (communityId: string, kind: PostKind) => `COMMUNITY#${communityId}#KIND#${kind}`;
const authorPk = (memberId: string) => `MEMBER#${memberId}`;
const answeredPk = (communityId: string, answered: boolean) => `COMMUNITY#${communityId}#ANSWERED#${answered ? 'yes' : 'no'}`;

/** The index keys a post carries while it is published; none otherwise. */
export const feedKeys = (p: Post): Item =>
  p.status === 'published'
    ? {
        [indexes.byCommunityFeed.partitionKey]: feedPk(p.communityId),
        [indexes.byCommunityKindFeed.partitionKey]: kindFeedPk(p.communityId, p.kind),
        [indexes.byAuthor.partitionKey]: authorPk(p.authorId),
        [indexes.byCommunityFeed.sortKey]: p.postId,
        ...answeredKeys(p),
      }
    : {};

/** A published question sits in the answered or the unanswered partition of its community. */
const answeredKeys = (p: Post): Item =>
  p.kind === 'question' ? { [indexes.byAnsweredQuestions.partitionKey]: answeredPk(p.communityId, p.acceptedAnswer !== undefined) } : {};

/** `hasOfficialResponse` is read from the count, never stored: only `ADD officialResponseCount` moves it. */
export function postItem(post: Post): Item {
  const { hasOfficialResponse: _derived, ...p } = post;
  return { ...postKey(p.postId), type: ITEM_TYPES.post, ...feedKeys(post), ...memberKeys(p.authorId, `POST#${p.postId}`), ...p };
}

export function toPost(item: StoredItem): Post {
  const read = readItem(item, ITEM_TYPES.post);
  const rating = read.optionalNumber('rating');
  const ideaStatus = read.optionalString('ideaStatus');
  const moderation = read.optionalMap<NonNullable<Post['moderation']>>('moderation');
  const deletedAt = read.optionalString('deletedAt');
  const acceptedAnswer = read.optionalMap<NonNullable<Post['acceptedAnswer']>>('acceptedAnswer');
  const mergedInto = read.optionalString('mergedInto');
  const brandReply = read.optionalMap<NonNullable<Post['brandReply']>>('brandReply');
  // Posts written before official responses were counted carry no count: none was counted.
  const officialResponseCount = read.optionalNumber('officialResponseCount') ?? 0;
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    kind: read.string('kind') as Post['kind'],
    title: read.string('title'),
    body: read.string('body'),
    productIds: read.strings('productIds'),
    tags: read.strings('tags'),
    ...(rating !== undefined ? { rating } : {}),
    ...(ideaStatus !== undefined ? { ideaStatus: ideaStatus as NonNullable<Post['ideaStatus']> } : {}),
    authorId: read.string('authorId'),
    authorName: read.string('authorName'),
    status: read.string('status') as Post['status'],
    ...(moderation !== undefined ? { moderation } : {}),
    version: read.number('version'),
    commentCount: read.number('commentCount'),
    reactionCounts: read.map<Post['reactionCounts']>('reactionCounts'),
    createdAt: read.string('createdAt'),
    updatedAt: read.string('updatedAt'),
    ...(deletedAt !== undefined ? { deletedAt } : {}),
    ...(acceptedAnswer !== undefined ? { acceptedAnswer } : {}),
    ...(brandReply !== undefined ? { brandReply } : {}),
    officialResponseCount,
    hasOfficialResponse: officialResponseCount > 0,
    ...(mergedInto !== undefined ? { mergedInto } : {}),
  };
}

/** Strongly consistent unless the caller says staleness cannot matter. */
export const getPost = (table: string, postId: string, consistent: boolean) => getItem(table, postKey(postId), consistent);

/** Posts by id, one BatchGet (at most 100 ids, a page of a feed). */
export const getPostsByIds = (table: string, postIds: readonly string[]): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: postIds.map((id) => postKey(id)) } },
});

/**
 * What POST /v1/events checks an engagement event against, for up to 100 posts in one BatchGet:
 * eventually consistent (half the read units; a post an app has just been shown is not that new),
 * projected to the four attributes the check reads (the units are the whole item's all the same).
 */
export const getPostFactsByIds = (table: string, postIds: readonly string[]): BatchGetCommandInput => ({
  RequestItems: {
    [table]: {
      Keys: postIds.map((id) => postKey(id)),
      ProjectionExpression: '#type, #postId, #communityId, #status, #productIds',
      ExpressionAttributeNames: { '#type': 'type', '#postId': 'postId', '#communityId': 'communityId', '#status': 'status', '#productIds': 'productIds' },
      ConsistentRead: false,
    },
  },
});

/** The projection getPostFactsByIds reads, checked. */
export function toPostFacts(item: StoredItem): { postId: string; communityId: string; status: string; productIds: string[] } {
  const read = readItem(item, ITEM_TYPES.post);
  return { postId: read.string('postId'), communityId: read.string('communityId'), status: read.string('status'), productIds: read.strings('productIds') };
}

/** Writes a new post; refused if the id is taken. */
export const putNewPost = (table: string, p: Post): TransactItem => ({ Put: { TableName: table, Item: postItem(p), ...isNew } });

/** What a post's owner may change; the rest is fixed at creation or moved by counters. */
const REPLACEABLE = [
  'title',
  'body',
  'productIds',
  'tags',
  'rating',
  'ideaStatus',
  'mergedInto',
  'status',
  'moderation',
  'deletedAt',
  'acceptedAnswer',
  'version',
  'updatedAt',
] as const;

/**
 * Moves a post from `before` to `after` if it is still at `before.version` (returning the stored item
 * when it is not, so the caller can tell stale from missing). Joins or leaves the feeds when it
 * becomes or stops being published.
 *
 * `changedBy` (the member who made this version, null when the system did, e.g. a report threshold)
 * is stored with each version so the stream image says who acted: the lake's actor. It is never
 * read back into a Post, so the API never shows who moderated.
 */
export function replacePost(table: string, before: Post, after: Post, changedBy: string | null, actor?: PostActor): TransactItem {
  // A field absent before and after needs no REMOVE; one absent only after is removed (undefined).
  const fields = REPLACEABLE.filter((field) => after[field] !== undefined || before[field] !== undefined);
  const set: Record<string, unknown> = {
    ...Object.fromEntries(fields.map((field) => [field, after[field]])),
    changedBy: changedBy ?? undefined,
    // Who moved an idea, as the lake's idea.status-changed says it; dropped by any other change.
    changedByRole: actor?.role,
    changedByTeam: actor?.team ?? undefined,
    timelineEntry: actor?.timelineEntry,
  };
  const wasPublished = before.status === 'published';
  const isPublished = after.status === 'published';
  if (isPublished && !wasPublished) Object.assign(set, feedKeys(after));
  // A question whose accepted answer changes moves between the answered and unanswered partitions.
  if (isPublished && wasPublished && (before.acceptedAnswer === undefined) !== (after.acceptedAnswer === undefined)) Object.assign(set, answeredKeys(after));
  const leaving = wasPublished && !isPublished ? Object.keys(feedKeys(before)) : [];
  const update = setAndRemove(set, leaving);
  return {
    Update: {
      TableName: table,
      Key: postKey(before.postId),
      ...update,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expected': before.version },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The role and team of whoever moved an idea, and the timeline entry that holds their note (lambdas/store/entities/idea-timeline.ts). */
export interface PostActor {
  readonly role: string;
  readonly team: string | null;
  readonly timelineEntry: string;
}

/** The condition that the post is published, merged with the names and values of the write it guards. */
const whenPublished = (names: Record<string, string> = {}, values: Record<string, unknown> = {}) => ({
  ConditionExpression: '#status = :published',
  ExpressionAttributeNames: { '#status': 'status', ...names },
  ExpressionAttributeValues: { ':published': 'published', ...values },
});

/** Refuses the transaction unless the post is published. */
export const postIsPublished = (table: string, postId: string): TransactItem => ({
  ConditionCheck: { TableName: table, Key: postKey(postId), ...whenPublished() },
});

/**
 * Moves the post's comment count by `delta`, only if it is published when `requirePublished`; an
 * official comment (a staff member's) moves the post's official responses with it, so a feed item
 * says whether the brand responded without reading its comments.
 */
export const countComments = (table: string, postId: string, delta: number, requirePublished: boolean, official = false): TransactItem => ({
  Update: {
    TableName: table,
    Key: postKey(postId),
    UpdateExpression: official ? 'ADD commentCount :delta, officialResponseCount :delta' : 'ADD commentCount :delta',
    ...(requirePublished ? whenPublished({}, { ':delta': delta }) : { ExpressionAttributeValues: { ':delta': delta } }),
  },
});

/**
 * Moves one reaction's count by `delta`. Adding needs a published post; taking back needs only that
 * the post exists (a member may take back a reaction on a post since held).
 */
export const countReactions = (table: string, postId: string, reaction: Reaction, delta: 1 | -1): TransactItem => ({
  Update: {
    TableName: table,
    Key: postKey(postId),
    UpdateExpression: 'ADD reactionCounts.#reaction :delta',
    ...(delta > 0
      ? whenPublished({ '#reaction': reaction }, { ':delta': delta })
      : { ...exists, ExpressionAttributeNames: { ...exists.ExpressionAttributeNames, '#reaction': reaction }, ExpressionAttributeValues: { ':delta': delta } }),
  },
});

export const communityFeedList = (communityId: string, kind: PostKind | undefined): ListRef =>
  kind
    ? indexList('byCommunityKindFeed', `feed#${communityId}#${kind}`, kindFeedPk(communityId, kind))
    : indexList('byCommunityFeed', `feed#${communityId}`, feedPk(communityId));

export const answeredQuestionsList = (communityId: string, answered: boolean): ListRef =>
  indexList('byAnsweredQuestions', `answered#${communityId}#${answered}`, answeredPk(communityId, answered));

/** A community's published questions with or without an accepted answer, newest first: one Query of its own partition. */
export const answeredQuestionsQuery = (table: string, communityId: string, answered: boolean, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byAnsweredQuestions', answeredQuestionsList(communityId, answered), limit, start, true);

/** A community's published posts (of one kind), newest first. */
export const communityFeedQuery = (table: string, communityId: string, kind: PostKind | undefined, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, kind ? 'byCommunityKindFeed' : 'byCommunityFeed', communityFeedList(communityId, kind), limit, start, true);

export const memberFeedList = (memberId: string): ListRef => indexList('byAuthor', `member#${memberId}`, authorPk(memberId));

/** A member's published posts, newest first. */
export const memberFeedQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byAuthor', memberFeedList(memberId), limit, start, true);
