/**
 * The local stand-in for the Cognito user pool: an RS256 key pair kept in `<data>/issuer.json`
 * (created once, so tokens survive restarts and `npm run token` works while the server runs), a
 * JWKS, token minting with the claims Cognito puts in an access token, and the verification API
 * Gateway's JWT authorizer performs (signature, issuer, audience, expiry).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SignJWT, createLocalJWKSet, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { LocalRuntimeError } from './local-runtime-error';

const ALGORITHM = 'RS256';
/** The app client id local tokens are issued to (Cognito's `client_id`, and `aud`). */
export const LOCAL_CLIENT_ID = 'chorus-local-app-client';
export const ISSUER_PATH = '/local-issuer';
export const JWKS_PATH = `${ISSUER_PATH}/.well-known/jwks.json`;

/** The issuer URL for a local runtime at `baseUrl` ("http://localhost:3000"). */
export const localIssuerUrl = (baseUrl: string): string => `${baseUrl.replace(/\/$/, '')}${ISSUER_PATH}`;

interface IssuerFile {
  readonly version: 1;
  readonly kid: string;
  readonly clientId: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface MintTokenOptions {
  /** The user name; `sub` is a UUID derived from it, so it is stable across restarts. */
  readonly user: string;
  readonly groups?: readonly string[];
  /** Lifetime in seconds. Default 3600 (Cognito's default access token lifetime). */
  readonly ttlSeconds?: number;
  /** Issue time. Default now; set it in the past to mint an already expired token. */
  readonly issuedAt?: Date;
}

/** Why a token was refused, in words a developer can act on. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

/** A stable UUID (v5 layout) for a user name, so `sub` is the same every time `alice` logs in. */
export function subjectFor(user: string): string {
  const hash = createHash('sha1').update(`chorus-local-issuer:${user}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const isIssuerFile = (value: unknown): value is IssuerFile => {
  const v = value as Partial<IssuerFile> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.kid === 'string' &&
    typeof v.clientId === 'string' &&
    typeof v.privateJwk === 'object' &&
    typeof v.publicJwk === 'object'
  );
};

async function createIssuerFile(file: string): Promise<IssuerFile> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const keys: IssuerFile = {
    version: 1,
    kid,
    clientId: LOCAL_CLIENT_ID,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' },
  };
  await mkdir(dirname(file), { recursive: true });
  try {
    // 'wx': if the server and `npm run token` race to create it, one wins and the other reads it.
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readIssuerFile(file);
    throw error;
  }
}

const startFresh = (file: string, hint: string | undefined): string => hint ?? `delete ${file} to start fresh`;

async function readIssuerFile(file: string, startFreshHint?: string): Promise<IssuerFile> {
  const text = await readFile(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isIssuerFile(parsed)) throw new LocalRuntimeError(`${file} is not a local issuer key file: ${startFresh(file, startFreshHint)}`);
  return parsed;
}

async function loadOrCreateIssuerFile(file: string, startFreshHint?: string): Promise<IssuerFile> {
  try {
    return await readIssuerFile(file, startFreshHint);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return createIssuerFile(file);
    throw error;
  }
}

export interface LocalIssuer {
  /** `http://localhost:<port>/local-issuer` */
  readonly issuer: string;
  readonly clientId: string;
  readonly file: string;
  /** The JSON Web Key Set served at JWKS_PATH. */
  jwks(): { keys: JWK[] };
  mintToken(options: MintTokenOptions): Promise<string>;
  /** Verifies like API Gateway's JWT authorizer; throws TokenRejectedError saying why. */
  verify(token: string): Promise<JWTPayload>;
}

/**
 * Opens the issuer whose keys are in `file` (creating them if missing) for a runtime at `baseUrl`.
 * `startFreshHint` ends the message for an unreadable file (default: delete the file).
 */
export async function openLocalIssuer(options: { readonly file: string; readonly baseUrl: string; readonly startFreshHint?: string }): Promise<LocalIssuer> {
  const keys = await loadOrCreateIssuerFile(options.file, options.startFreshHint);
  const issuer = localIssuerUrl(options.baseUrl);
  let privateKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    privateKey = await importJWK(keys.privateJwk, ALGORITHM);
  } catch {
    throw new LocalRuntimeError(`${options.file} holds no usable RS256 key: ${startFresh(options.file, options.startFreshHint)}`);
  }
  const keySet = createLocalJWKSet({ keys: [keys.publicJwk] });

  return {
    issuer,
    clientId: keys.clientId,
    file: options.file,
    jwks: () => ({ keys: [keys.publicJwk] }),

    async mintToken({ user, groups = [], ttlSeconds = 3600, issuedAt = new Date() }) {
      if (!user) throw new TypeError('mintToken needs a user name');
      const iat = Math.floor(issuedAt.getTime() / 1000);
      // The claims of a Cognito access token, plus `aud` (Cognito access tokens carry only client_id;
      // API Gateway's authorizer accepts either, and so does verify below).
      return new SignJWT({
        'cognito:groups': [...groups],
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: iat,
        client_id: keys.clientId,
        username: user,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: keys.kid, typ: 'JWT' })
        .setSubject(subjectFor(user))
        .setIssuer(issuer)
        .setAudience(keys.clientId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },

    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, { issuer, algorithms: [ALGORITHM] }));
      } catch (error) {
        throw new TokenRejectedError(rejectionReason(error, issuer));
      }
      const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
      if (!audiences.includes(keys.clientId) && payload.client_id !== keys.clientId) {
        throw new TokenRejectedError(`the token was issued to ${String(payload.aud ?? payload.client_id)}, expected audience ${keys.clientId}`);
      }
      return payload;
    },
  };
}

function rejectionReason(error: unknown, issuer: string): string {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : 'an unknown time';
    return `the token expired at ${exp}: mint a new one (npm run token -- --user <name>)`;
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return `the token's issuer is ${String(error.payload.iss)}, expected ${issuer}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is invalid: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return "the token's signature does not verify against the local issuer's keys";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token must be signed with RS256';
  return 'the Authorization header does not hold a well-formed JWT';
}
