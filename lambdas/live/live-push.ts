/**
 * The push itself, over the two ports: read the member's (or group's) open sockets, send the frame
 * to each at once, and forget the ones the Management API reports gone (a socket whose $disconnect
 * never arrived, or that closed while we sent). A socket that fails otherwise (throttled, a network
 * error) is kept, and the push rejects once every socket was tried, so a caller that retries (a
 * queue consumer) tries again.
 */
import type { Group } from '../domain/caller';
import type { ConnectionStore, FrameSender, LiveConnection, LiveFrame, LivePush } from './ports';

export interface LivePushDeps {
  readonly connections: ConnectionStore;
  readonly sender: FrameSender;
}

/** What one push did: sockets reached, sockets found gone (and forgotten). */
export interface PushOutcome {
  readonly sent: number;
  readonly gone: number;
}

/** Some sockets could not be reached for a reason other than being gone; `outcome` says what did happen. */
export class LivePushFailedError extends Error {
  override readonly name = 'LivePushFailedError';
  constructor(
    readonly outcome: PushOutcome,
    readonly failures: readonly unknown[],
  ) {
    super(`${failures.length} socket(s) could not be reached (sent ${outcome.sent}, gone ${outcome.gone}): ${String(failures[0])}`);
  }
}

export class ConnectionsLivePush implements LivePush {
  constructor(private readonly deps: LivePushDeps) {}

  async toMember(memberId: string, frame: LiveFrame): Promise<void> {
    await this.send(await this.deps.connections.ofMember(memberId), frame);
  }

  async toGroup(group: Group, frame: LiveFrame): Promise<void> {
    await this.toGroups([group], frame);
  }

  /** Sends once to every socket of a member in any of `groups` (a senior moderator is also a moderator: one frame, not two). */
  async toGroups(groups: readonly Group[], frame: LiveFrame): Promise<PushOutcome> {
    const lists = await Promise.all(groups.map((group) => this.deps.connections.ofGroup(group)));
    const unique = new Map<string, LiveConnection>();
    for (const connection of lists.flat()) unique.set(connection.connectionId, connection);
    return this.send([...unique.values()], frame);
  }

  /** Sends `frame` to each of `connections`; what is gone is forgotten. */
  async send(connections: readonly LiveConnection[], frame: LiveFrame): Promise<PushOutcome> {
    const results = await Promise.allSettled(
      connections.map(async (connection) => {
        const result = await this.deps.sender.send(connection.connectionId, frame);
        if (result === 'gone') await this.deps.connections.remove(connection);
        return result;
      }),
    );
    const outcome = {
      sent: results.filter((r) => r.status === 'fulfilled' && r.value === 'sent').length,
      gone: results.filter((r) => r.status === 'fulfilled' && r.value === 'gone').length,
    };
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    if (failures.length > 0) throw new LivePushFailedError(outcome, failures);
    return outcome;
  }
}

/**
 * A push that never fails its caller: a frame is a courtesy next to what was written (the inbox
 * entry, the read marks), and a caller that failed because a socket could not be reached would
 * answer 500 for a write that succeeded, or retry a message whose entries are already written (and
 * so never pushed again). What could not be sent is reported to `onFailure` (a log line).
 */
export function bestEffort(push: LivePush, onFailure: (error: unknown) => void): LivePush {
  return {
    toMember: (memberId, frame) => push.toMember(memberId, frame).catch(onFailure),
    toGroup: (group, frame) => push.toGroup(group, frame).catch(onFailure),
  };
}
