import type { MemberState } from '../members/standing';
import { ForbiddenError, UnauthorizedError } from './errors';

/** The authorisation groups a caller can belong to: the user pool's groups, the token's `cognito:groups`. */
export const GROUPS = ['members', 'moderators', 'senior-moderators', 'community-managers', 'finance', 'retail-staff', 'partners'] as const;
export type Group = (typeof GROUPS)[number];

/** The authenticated member making a request, as the domain sees them. */
export interface Caller {
  readonly memberId: string;
  readonly username: string;
  readonly groups: ReadonlySet<Group>;
  /**
   * The internal team the caller works in (`custom:team`: a user pool attribute only admins write,
   * copied into the access token by the pre-token-generation trigger), e.g. a partner's
   * `supply-chain`. Absent when the token carries none.
   */
  readonly team?: string;
  /**
   * The caller's state as the request's sanction check read it (trust, account age), so a use case
   * needs no second read; absent on routes that skip the check, or before the member's first write.
   */
  readonly standing?: MemberState;
}

type ClaimValue = string | number | boolean | readonly string[] | undefined;

/**
 * Reads a caller from JWT claims. API Gateway's JWT authorizer hands claims over as strings, with
 * array claims flattened to "[a b]"; a verified token's raw claims have real arrays. Both are read.
 * Only access tokens are credentials: an ID token tells the app who signed in, it grants nothing.
 */
export function callerFromClaims(claims: Readonly<Record<string, ClaimValue>> | undefined): Caller {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new UnauthorizedError('the token has no subject (sub) claim');
  const tokenUse = claims?.token_use;
  if (tokenUse !== 'access') {
    throw new UnauthorizedError(`token_use must be access (send the access token, not the ID token), got ${String(tokenUse)}`);
  }
  const username = claims?.username ?? claims?.['cognito:username'];
  const team = claims?.['custom:team'];
  return {
    memberId: sub,
    username: typeof username === 'string' && username ? username : sub,
    groups: new Set(parseGroups(claims?.['cognito:groups'])),
    ...(typeof team === 'string' && team ? { team } : {}),
  };
}

export function parseGroups(value: ClaimValue): Group[] {
  const names =
    typeof value === 'string'
      ? value
          .replace(/^\[/, '')
          .replace(/\]$/, '')
          .split(/[\s,]+/)
      : Array.isArray(value)
        ? value
        : [];
  const known: readonly string[] = GROUPS;
  return names.filter((name): name is Group => known.includes(name));
}

/**
 * A signed-in caller in no group is a reader: they may read what is published and ask who they are,
 * but contribute nothing (post, comment, react, report, appeal, send events) until they are in
 * `members` or a staff group. Membership is then something an operator grants and can take back
 * without deleting the account. Throws ForbiddenError for a caller in no group.
 */
export function assertMayContribute(caller: Caller): void {
  if (caller.groups.size === 0) {
    throw new ForbiddenError(`the caller is in no group, so may read but not contribute: this needs the members group (or one of ${GROUPS.join(', ')})`);
  }
}

export const isModerator = (caller: Caller): boolean => caller.groups.has('moderators') || caller.groups.has('senior-moderators');

export const isCommunityManager = (caller: Caller): boolean => caller.groups.has('community-managers');

/** Retail staff answer for the brand; community managers count as staff too. */
export const isStaff = (caller: Caller): boolean => caller.groups.has('retail-staff') || caller.groups.has('community-managers');
/** A partner and nothing else: limited to the routes open to partners and to their team's ideas. */
export const isPartnerOnly = (caller: Caller): boolean => caller.groups.has('partners') && caller.groups.size === 1;

/** Refuses a partner-only caller on a route not open to partners. */
export function assertRouteOpenToCaller(caller: Caller, openToPartners: boolean): void {
  if (isPartnerOnly(caller) && !openToPartners) {
    throw new ForbiddenError("partners may read and move their team's ideas (GET /v1/partners/ideas, PUT /v1/posts/{postId}/idea-status) and nothing else");
  }
}
