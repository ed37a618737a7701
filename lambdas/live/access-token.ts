/**
 * Verifies the Cognito access token a socket opens with, with aws-jwt-verify (the AWS-maintained
 * verifier): the signature against the issuer's JWKS (fetched once per container, refetched for an
 * unknown kid), `iss`, `exp`/`nbf`, then what makes it a Chorus access token: `token_use` access (an
 * ID token grants nothing) and `client_id` one of our app clients. The same code verifies the user
 * pool's tokens in AWS and the local issuer's locally; only the configuration differs.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AccessTokenConfig } from '../config';
import { callerFromClaims, type Caller } from '../domain/caller';
import { UnauthorizedError } from '../domain/errors';

export type VerifyAccessToken = (token: string) => Promise<Caller>;

/**
 * aws-jwt-verify's fetcher speaks HTTPS only (node:https). The local issuer's JWKS is served over
 * plain HTTP on localhost, so a JWKS URI with http: is fetched with Node's fetch; every other URI
 * (Cognito's) goes through the library's own fetcher, timeouts and retry included.
 */
class JwksFetcher implements Fetcher {
  private readonly https = new SimpleFetcher();

  async fetch(uri: string, requestOptions?: Record<string, unknown>, data?: ArrayBuffer): Promise<ArrayBuffer> {
    if (!uri.startsWith('http:')) return this.https.fetch(uri, requestOptions, data);
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) throw new Error(`${uri} answered ${response.status}, expected 200`);
    return response.arrayBuffer();
  }
}

export function createAccessTokenVerifier(config: AccessTokenConfig): VerifyAccessToken {
  const verifier = JwtVerifier.create(
    {
      issuer: config.issuer,
      jwksUri: config.jwksUri,
      // Cognito access tokens carry no aud; the app client is in client_id (checked below).
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') {
          throw new UnauthorizedError(`token_use must be access (send the access token, not the ID token), got ${String(payload.token_use)}`);
        }
        if (typeof payload.client_id !== 'string' || !config.clientIds.includes(payload.client_id)) {
          throw new UnauthorizedError(`the token was issued to client ${String(payload.client_id)}, expected one of ${config.clientIds.join(', ')}`);
        }
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new JwksFetcher() }) },
  );
  return async (token) => {
    let payload: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      payload = await verifier.verify(token);
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      throw new UnauthorizedError(`the access token was refused: ${(error as Error).message}`);
    }
    return callerFromClaims(payload as Parameters<typeof callerFromClaims>[0]);
  };
}
