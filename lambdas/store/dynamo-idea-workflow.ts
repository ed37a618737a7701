/**
 * The staff's and partners' side of ideas in DynamoDB (the idea-workflow group): settings, owner
 * teams with their timeline entries, timelines, the changelog and partners' lists. Sends what the
 * entity modules build; decides no next state.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdeaWorkflow } from '../ideas/ports';
import type { IdeaStoreTools } from './dynamo-idea-reads';
import * as changelog from './entities/changelog-entry';
import * as assignment from './entities/idea-assignment';
import * as settings from './entities/idea-settings';
import * as timeline from './entities/idea-timeline';
import { queryPage } from './query-page';
import { sendTransaction } from './transactions';

export function dynamoIdeaWorkflow(client: DynamoDBDocumentClient, table: string, tools: IdeaStoreTools): IdeaWorkflow {
  const { batchGet } = tools;

  return {
    async putIdeaSettings(communityId, s) {
      await client.send(new PutCommand(settings.putIdeaSettings(table, communityId, s)));
    },

    async assignment(postId) {
      const out = await client.send(new GetCommand(assignment.getAssignment(table, postId)));
      return out.Item ? assignment.toAssignment(out.Item) : undefined;
    },
    async assign(a, entry) {
      await sendTransaction(client, { TransactItems: [assignment.putAssignment(table, a), timeline.putTimelineEntry(table, entry)] });
    },

    timeline: (postId, request) =>
      queryPage(
        client,
        timeline.timelineList(postId),
        request,
        (limit, start) => timeline.timelineQuery(table, postId, limit, start),
        timeline.toTimelineEntry,
      ),
    async changelog(communityId, request) {
      const ids = await queryPage(
        client,
        changelog.changelogList(communityId),
        request,
        (limit, start) => changelog.changelogQuery(table, communityId, limit, start),
        (item) => (item.pk as string).slice('POST#'.length),
      );
      const entries = new Map(
        (await batchGet(changelog.getChangelogEntries(table, ids.items))).map((item) => [item.postId as string, changelog.toChangelogEntry(item)]),
      );
      return {
        items: ids.items.flatMap((id) => {
          const e = entries.get(id);
          return e ? [{ postId: e.postId, shippedAt: e.shippedAt, note: e.note, team: e.team }] : [];
        }),
        nextCursor: ids.nextCursor,
      };
    },
    teamIdeas: (team, status, request) =>
      queryPage(
        client,
        assignment.teamIdeasList(team, status),
        request,
        (limit, start) => assignment.teamIdeasQuery(table, team, status, limit, start),
        (item) => (item.pk as string).slice('POST#'.length),
      ),
  };
}
