/** The $connect authorizer's token verifier, made once per container; only the authorizer's bundle carries aws-jwt-verify. */
import { readAccessTokenConfig } from '../config';
import { createAccessTokenVerifier, type VerifyAccessToken } from '../live/access-token';

let verify: VerifyAccessToken | undefined;

/** The $connect authorizer's verifier, from LIVE_TOKEN_ISSUER, LIVE_TOKEN_JWKS_URI and LIVE_TOKEN_CLIENT_IDS. */
export const accessTokenVerifier = (): VerifyAccessToken => (verify ??= createAccessTokenVerifier(readAccessTokenConfig()));
