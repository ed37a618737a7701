/**
 * A member's open WebSocket connections as member data: they live in the connections table, not in
 * the community table the registry walks (lambdas/store/member-data/registry.ts), so they are their
 * own part of the member's data. The export lists them (when each opened, with which groups); the
 * erasure closes each socket through the Management API and forgets it, rather than leaving it to
 * the table's TTL (up to 2 h 10 min).
 */
import type { ConnectionStore, SocketCloser } from '../live/ports';
import type { MemberData } from './member-data';

export const LIVE_CONNECTIONS = 'live-connections';

export function liveConnectionsData(connections: ConnectionStore, closer: SocketCloser): MemberData {
  return {
    async collect(memberId) {
      const open = await connections.ofMember(memberId);
      return { [LIVE_CONNECTIONS]: open.map(({ connectionId, groups, connectedAt }) => ({ connectionId, groups, connectedAt })) };
    },
    async erase(memberId): Promise<Record<string, number>> {
      const open = await connections.ofMember(memberId);
      for (const connection of open) {
        // Closed first, then forgotten: a redelivered job finds what is left, and a gone socket closes as `gone`.
        await closer.close(connection.connectionId);
        await connections.remove(connection);
      }
      return open.length === 0 ? {} : { [LIVE_CONNECTIONS]: open.length };
    },
  };
}
