/** Where a create finds the marker of an earlier attempt (lambdas/domain/once.ts). */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServedRequests } from '../domain/once';
import * as createMarker from './entities/create-marker';

export function dynamoServedRequests(client: DynamoDBDocumentClient, table: string): ServedRequests {
  return {
    async earlierCreate(memberId, requestId) {
      const out = await client.send(new GetCommand(createMarker.getCreateMarker(table, memberId, requestId)));
      // An expired marker the TTL has not removed yet is as good as gone, like the key it answers for.
      return out.Item && createMarker.isLiveMarker(out.Item, new Date()) ? createMarker.toEarlierCreate(out.Item) : undefined;
    },
  };
}
