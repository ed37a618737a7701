/**
 * The identity options the local CLIs share (`npm run token`, `npm run live`): who the token is for and
 * which Cognito groups it carries, checked the way the user pool would name them.
 */
import { GROUPS } from '../lambdas/domain/caller';

export const IDENTITY_OPTIONS = {
  user: { type: 'string', short: 'u' },
  groups: { type: 'string', short: 'g' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const GROUPS_USAGE = `  groups: ${GROUPS.join(', ')}`;

/** The user and groups from parsed options; `fail` prints the problem with the usage and exits. */
export function identityOf(
  values: { user?: string; groups?: string },
  defaultGroups: string,
  fail: (message: string) => never,
): { user: string; groups: string[] } {
  const user = values.user?.trim();
  if (!user) fail('--user is required');
  if (!/^[A-Za-z0-9._@+-]{1,128}$/.test(user)) fail(`--user must be 1-128 letters, digits or . _ @ + -, got ${JSON.stringify(user)}`);
  const groups = (values.groups ?? defaultGroups)
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
  const known: readonly string[] = GROUPS;
  const unknown = groups.filter((g) => !known.includes(g));
  if (unknown.length > 0) fail(`unknown group(s) ${unknown.join(', ')}: expected some of ${GROUPS.join(', ')}`);
  return { user, groups };
}
