/**
 * Cognito's pre-token-generation trigger (event version 2): copies the user's `custom:team` attribute
 * into the access token, which otherwise carries no custom attribute. The API reads the team there
 * (lambdas/domain/caller.ts): a partner's team decides which ideas they may move. Only administrators
 * write the attribute (the app client may not), so a member cannot give themselves a team.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

export const TEAM_CLAIM = 'custom:team';

export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  const team = event.request.userAttributes[TEAM_CLAIM];
  if (!team) return event;
  event.response = {
    claimsAndScopeOverrideDetails: {
      ...event.response?.claimsAndScopeOverrideDetails,
      accessTokenGeneration: { claimsToAddOrOverride: { [TEAM_CLAIM]: team } },
    },
  };
  return event;
}
