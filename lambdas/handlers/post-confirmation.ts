/**
 * Cognito's post-confirmation trigger: a confirmed sign-up joins `members`. Cognito waits for the
 * answer (the event, unchanged); a failure is logged and thrown, so it shows in the function's
 * error alarm and the app's confirmation reports it, and an operator adds the account by hand.
 */
import middy from '@middy/core';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { injectLambdaContext, logger } from '../http/logger';
import { cognitoMemberGroups } from '../members/cognito-member-groups';
import { admitConfirmedAccount, type Confirmation, type MemberGroups } from '../members/sign-up';

const CONFIRMATIONS: Readonly<Record<PostConfirmationTriggerEvent['triggerSource'], Confirmation>> = {
  PostConfirmation_ConfirmSignUp: 'sign-up',
  PostConfirmation_ConfirmForgotPassword: 'forgot-password',
};

/** The handler's work with its port given: what the unit test calls with a fake. */
export async function onConfirmation(groups: MemberGroups, event: PostConfirmationTriggerEvent): Promise<PostConfirmationTriggerEvent> {
  const account = { userPoolId: event.userPoolId, userName: event.userName };
  try {
    if (await admitConfirmedAccount(groups, account, CONFIRMATIONS[event.triggerSource])) logger.info('confirmed sign-up added to members', account);
  } catch (error) {
    logger.error('confirmed sign-up not added to members; add it by hand (README, Members workflow)', { ...account, error });
    throw error;
  }
  return event;
}

const groups = cognitoMemberGroups();

export const handler = middy<PostConfirmationTriggerEvent, PostConfirmationTriggerEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => onConfirmation(groups, event));
