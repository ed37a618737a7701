import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  LambdaVersion,
  StringAttribute,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolOperation,
  VerificationEmailStyle,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { GROUPS } from '../../lambdas/api/schemas';
import { ChorusFunction } from './chorus-function';

const POST_CONFIRMATION_ENTRY = fileURLToPath(new URL('../../lambdas/handlers/post-confirmation.ts', import.meta.url));
const PRE_TOKEN_GENERATION_ENTRY = fileURLToPath(new URL('../../lambdas/handlers/pre-token-generation.ts', import.meta.url));

export interface MemberUserPoolProps {
  /**
   * Cognito threat protection (the Plus feature plan, billed per monthly active user): blocks
   * compromised credentials and adapts authentication to risk. When off, the pool is on the
   * Essentials plan.
   * @default false
   */
  readonly threatProtection?: boolean;
  /**
   * How long the post-confirmation trigger's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Members' identities: self sign-up with e-mail verification, a strong password policy, optional
 * MFA (TOTP), the authorisation groups (`GROUPS`), and one public app client (mobile and web apps; no secret)
 * using SRP and refresh tokens. A post-confirmation trigger adds every confirmed sign-up to
 * `members` (an account in no group may only read). The pool is retained and deletion-protected:
 * deleting it deletes every member's account.
 */
export class MemberUserPool extends Construct {
  readonly userPool: IUserPool;
  readonly appClient: IUserPoolClient;
  /** The post-confirmation trigger: adds each confirmed sign-up to `members`. */
  readonly postConfirmation: ChorusFunction;
  /** The pre-token-generation trigger: copies `custom:team` into access tokens. */
  readonly preTokenGeneration: ChorusFunction;

  constructor(scope: Construct, id: string, props: MemberUserPoolProps = {}) {
    super(scope, id);

    const threatProtection = props.threatProtection ?? false;
    const pool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: 'Your Chorus verification code',
        emailBody: 'Your Chorus verification code is {####}',
      },
      standardAttributes: { email: { required: true, mutable: true } },
      // A partner's (or staff member's) team: set by administrators only (the app client cannot
      // write it), copied into access tokens by the pre-token-generation trigger.
      customAttributes: { team: new StringAttribute({ minLen: 2, maxLen: 40, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The groups reach the API as the `cognito:groups` claim; their names are the ones the handlers
    // authorise with (lambdas/api/schemas.ts), so they are fixed names, not generated ones.
    for (const groupName of GROUPS) {
      pool.addGroup(groupName, { groupName, description: `Chorus ${groupName}` });
    }

    // A self sign-up is a member once confirmed: without a group it could only read.
    this.postConfirmation = new ChorusFunction(this, 'PostConfirmation', {
      entry: POST_CONFIRMATION_ENTRY,
      description: 'Chorus post-confirmation trigger: adds confirmed sign-ups to members',
      memorySize: 256,
      timeout: Duration.seconds(5),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    pool.addTrigger(UserPoolOperation.POST_CONFIRMATION, this.postConfirmation);
    this.postConfirmation.bindUserPoolGroups(pool);

    // Access tokens carry no custom attribute unless a V2 trigger adds it (access token customisation).
    this.preTokenGeneration = new ChorusFunction(this, 'PreTokenGeneration', {
      entry: PRE_TOKEN_GENERATION_ENTRY,
      description: 'Chorus pre-token-generation trigger: copies custom:team into access tokens',
      memorySize: 128,
      timeout: Duration.seconds(5),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenGeneration, LambdaVersion.V2_0);

    this.appClient = pool.addClient('AppClient', {
      generateSecret: false,
      // The apps sign in with SRP against the pool directly; no hosted UI, so no OAuth flows. That
      // is what puts aws.cognito.signin.user.admin in every access token (the user pools API grants
      // it to every sign-in) and in no ID token: the scope the API requires on every protected route
      // (ACCESS_TOKEN_SCOPE, lambdas/api/route-spec.ts), so that API Gateway refuses ID tokens. A hosted-UI client would get it only with
      // OAuthScope.COGNITO_ADMIN allowed; a resource server's custom scope would need OAuth flows,
      // a domain and callback URLs, and SRP tokens would not carry it.
      disableOAuth: true,
      authFlows: { userSrp: true },
      // The apps may write what a member owns; `custom:team` is only administrators' to write.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });

    this.userPool = pool;

    Validations.of(pool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional by product decision: a consumer community cannot demand a second factor at sign-up. Members can enrol TOTP; moderators and managers are asked to by policy.',
    });
    if (!threatProtection) {
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus plan is billed per monthly active user; at community scale that is a budget decision for security and finance. It is one prop away (threatProtection: true); until then the Essentials plan with a strong password policy applies.',
      });
    }
  }
}
