import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import type { Group } from '../../../lambdas/domain/caller';
import { onConfirmation } from '../../../lambdas/handlers/post-confirmation';
import type { MemberGroups, PoolAccount } from '../../../lambdas/members/sign-up';

/** A fake of the pool's groups that remembers each call, or fails them all. */
function fakeGroups(failure?: Error): MemberGroups & { readonly added: [PoolAccount, Group][] } {
  const added: [PoolAccount, Group][] = [];
  return {
    added,
    async addToGroup(account, group) {
      if (failure) throw failure;
      added.push([account, group]);
    },
  };
}

const confirmation = (triggerSource: PostConfirmationTriggerEvent['triggerSource']): PostConfirmationTriggerEvent => ({
  version: '1',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Pool',
  userName: '2f1c6a3e-0000-4000-8000-000000000001',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'app' },
  triggerSource,
  request: { userAttributes: { sub: '2f1c6a3e-0000-4000-8000-000000000001', email: 'new@example.com' } },
  response: {},
});

describe('post-confirmation trigger', () => {
  it('adds a confirmed sign-up to members of its pool and answers Cognito with the event unchanged', async () => {
    const groups = fakeGroups();
    const event = confirmation('PostConfirmation_ConfirmSignUp');

    const answer = await onConfirmation(groups, event);

    expect(groups.added).toEqual([[{ userPoolId: 'eu-west-1_Pool', userName: '2f1c6a3e-0000-4000-8000-000000000001' }, 'members']]);
    expect(answer).toEqual(confirmation('PostConfirmation_ConfirmSignUp'));
  });

  it('leaves the groups of an account that confirmed a password reset as they are', async () => {
    const groups = fakeGroups();

    const answer = await onConfirmation(groups, confirmation('PostConfirmation_ConfirmForgotPassword'));

    expect(groups.added).toEqual([]);
    expect(answer.triggerSource).toBe('PostConfirmation_ConfirmForgotPassword');
  });

  it('fails the confirmation when the account cannot be added, so the failure is seen, not swallowed', async () => {
    const groups = fakeGroups(new Error('ResourceNotFoundException: group members not found'));

    await expect(onConfirmation(groups, confirmation('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(/group members not found/);
  });
});
