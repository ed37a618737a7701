import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { FollowTarget } from '../notifications/model';
import type { FollowsDeps, InboxDeps } from '../notifications/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoFollowStore, dynamoInboxStore } from '../store/dynamo-notification-store';
import { dynamoStore } from '../store/dynamo-store';
import { courtesyPush } from './live';

let content: ReturnType<typeof dynamoStore> | undefined;

/** Whether a follow names something everyone can see: a published post (of kind idea for an idea), a community; any SKU. */
async function exists(target: FollowTarget): Promise<boolean> {
  const contentStore = () => (content ??= dynamoStore(documentClient, tableName()));
  switch (target.targetType) {
    case 'product':
      return true;
    case 'community':
      return (await contentStore().getCommunity(target.targetId)) !== undefined;
    default: {
      if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(target.targetId)) return false;
      const post = await contentStore().getPost(target.targetId, { eventual: true });
      return post?.status === 'published' && (target.targetType === 'post' || post.kind === 'idea');
    }
  }
}

let deps: (FollowsDeps & InboxDeps) | undefined;

/** The notifications group reads posts and communities (what a follow names) and keeps follows and inboxes; no idempotency records (its writes are idempotent by nature). */
export const notificationsRuntime: Runtime<FollowsDeps & InboxDeps> = {
  deps: () =>
    (deps ??= {
      follows: dynamoFollowStore(documentClient, tableName()),
      inbox: dynamoInboxStore(documentClient, tableName()),
      targets: { exists },
      clock: systemClock,
      live: courtesyPush(),
    }),
};
