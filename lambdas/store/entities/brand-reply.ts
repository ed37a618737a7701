/**
 * Brand reply: the brand's one official reply to a review, in the review's item collection, with a
 * copy on the review's item (`brandReply`) so every feed shows it with no read of its own. The reply
 * item is what the stream turns into events (posted, edited, withdrawn) and what erasure finds under
 * its last editor (byMember); a withdrawal leaves a tombstone, so the event says who withdrew it and
 * a later reply continues its versions.
 *
 *   pk POST#<postId>   sk BRANDREPLY
 *   byMember   MEMBER#<editedBy> / BRANDREPLY#<postId>   (the staff member who wrote the current version)
 *
 * Every write is one transaction: the reply (position 0, conditional on the version read: a first
 * reply on none existing), the review's copy and its official count (position 1, the review must be
 * published to take a reply), and the desk item's first reaction when it has an open one.
 */
import type { GetCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BrandReply } from '../../api/post-schemas';
import type { BrandReplyRecord, BrandReplyWrite } from '../../posts/brand-reply';
import { readItem, type StoredItem } from '../attributes';
import { exists, getItem, indexes, isNew, key, memberKeys, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { postKey } from './post';

export const brandReplyKey = (postId: string): Key => key(`POST#${postId}`, 'BRANDREPLY');

/** The reply as the review shows it. */
export const brandReplyView = (r: BrandReplyRecord): BrandReply => ({
  body: r.body,
  responderTeam: r.responderTeam,
  responderRole: r.responderRole,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  editedBy: r.editedBy,
  version: r.version,
});

export const brandReplyItem = (r: BrandReplyRecord): Item => ({
  ...brandReplyKey(r.postId),
  type: ITEM_TYPES.brandReply,
  ...memberKeys(r.editedBy, `BRANDREPLY#${r.postId}`),
  ...r,
});

export function toBrandReplyRecord(item: StoredItem): BrandReplyRecord {
  const read = readItem(item, ITEM_TYPES.brandReply);
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    body: read.string('body'),
    responderTeam: read.nullableString('responderTeam'),
    responderRole: read.string('responderRole') as BrandReply['responderRole'],
    createdAt: read.string('createdAt'),
    updatedAt: read.string('updatedAt'),
    editedBy: read.string('editedBy'),
    version: read.number('version'),
    withdrawn: read.boolean('withdrawn'),
  };
}

export const getBrandReply = (table: string, postId: string): GetCommandInput => getItem(table, brandReplyKey(postId), true);

/** The reply's write: a first one only if none was ever written, any other only on the version read. */
function putReply(table: string, write: BrandReplyWrite): TransactItem {
  const condition = write.previous
    ? {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': write.previous.version },
      }
    : isNew;
  return { Put: { TableName: table, Item: brandReplyItem(write.next), ...condition } };
}

const live = (r: BrandReplyRecord | null): boolean => r !== null && !r.withdrawn;

/** The review's copy and its official count: set (published reviews only) or removed (the review must still exist). */
function reviewCopy(table: string, write: BrandReplyWrite): TransactItem {
  const delta = (live(write.next) ? 1 : 0) - (live(write.previous) ? 1 : 0);
  const add = delta === 0 ? '' : ' ADD officialResponseCount :delta';
  const values = delta === 0 ? {} : { ':delta': delta };
  if (write.next.withdrawn) {
    return {
      Update: {
        TableName: table,
        Key: postKey(write.next.postId),
        UpdateExpression: `REMOVE brandReply${add}`,
        ...exists,
        ...(delta === 0 ? {} : { ExpressionAttributeValues: values }),
      },
    };
  }
  return {
    Update: {
      TableName: table,
      Key: postKey(write.next.postId),
      UpdateExpression: `SET brandReply = :reply${add}`,
      ConditionExpression: '#status = :published AND #kind = :review',
      ExpressionAttributeNames: { '#status': 'status', '#kind': 'kind' },
      ExpressionAttributeValues: { ':reply': brandReplyView(write.next), ':published': 'published', ':review': 'review', ...values },
    },
  };
}

/** Position 0 the reply, 1 the review; the desk's writes (if any) follow. */
export const brandReplyTransaction = (table: string, write: BrandReplyWrite, deskItems: readonly TransactItem[]): TransactWriteCommandInput => ({
  TransactItems: [putReply(table, write), reviewCopy(table, write), ...deskItems],
});

/** Erasure of the reply's last editor: the brand's reply stays, its editor becomes the former member (the review's copy too, while live). */
export function deIdentifyBrandReply(table: string, item: StoredItem, memberId: string, former: string): TransactItem[] {
  const reply = toBrandReplyRecord(item);
  const names = { '#memberPk': indexes.byMember.partitionKey, '#memberSk': indexes.byMember.sortKey };
  return [
    {
      Update: {
        TableName: table,
        Key: brandReplyKey(reply.postId),
        UpdateExpression: 'SET editedBy = :former REMOVE #memberPk, #memberSk',
        ConditionExpression: 'editedBy = :member',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':former': former, ':member': memberId },
      },
    },
    ...(reply.withdrawn
      ? []
      : [
          {
            Update: {
              TableName: table,
              Key: postKey(reply.postId),
              UpdateExpression: 'SET brandReply.editedBy = :former',
              ConditionExpression: 'brandReply.editedBy = :member',
              ExpressionAttributeValues: { ':former': former, ':member': memberId },
            },
          },
        ]),
  ];
}
