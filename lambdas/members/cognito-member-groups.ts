/**
 * The user pool's groups in Cognito: AdminAddUserToGroup, the one call the post-confirmation
 * trigger's role may make. One client per container.
 */
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { MemberGroups } from './sign-up';

const client = new CognitoIdentityProviderClient({});

export function cognitoMemberGroups(cognito: Pick<CognitoIdentityProviderClient, 'send'> = client): MemberGroups {
  return {
    async addToGroup({ userPoolId, userName }, group) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: userName, GroupName: group }));
    },
  };
}
