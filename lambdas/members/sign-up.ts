/**
 * What happens when someone confirms a self sign-up: they become a member. A signed-in account in no
 * group may only read (lambdas/domain/caller.ts), so without this a fresh account could not post
 * until an operator added it to `members`.
 */
import type { Group } from '../domain/caller';

/** An account of the user pool, as the pool names it. */
export interface PoolAccount {
  readonly userPoolId: string;
  readonly userName: string;
}

/** The user pool's groups, as far as sign-up needs them. */
export interface MemberGroups {
  /** Adds the account to `group`; adding it again changes nothing. */
  addToGroup(account: PoolAccount, group: Group): Promise<void>;
}

/** Why the account was confirmed: its sign-up, or a password reset (of an account that already has its groups). */
export type Confirmation = 'sign-up' | 'forgot-password';

/** The group every confirmed sign-up joins. */
export const SIGN_UP_GROUP: Group = 'members';

/**
 * Makes a confirmed sign-up a member; a confirmed password reset changes nothing (an operator may
 * have taken the account out of `members` since). Says whether it added the account.
 */
export async function admitConfirmedAccount(groups: MemberGroups, account: PoolAccount, confirmation: Confirmation): Promise<boolean> {
  if (confirmation !== 'sign-up') return false;
  await groups.addToGroup(account, SIGN_UP_GROUP);
  return true;
}
