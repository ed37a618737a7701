/**
 * The local stand-in for the Cognito user pool: an RS256 key pair kept in `<data>/issuer.json`
 * (created once, so tokens survive restarts and `npm run token` works while the server runs), a
 * JWKS, token minting with the claims Cognito puts in an access token (or, to try them, an ID
 * token), and the checks API Gateway's JWT authorizer performs, refusing what it refuses:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { LocalRuntimeError } from './local-runtime-error';

const ALGORITHM = 'RS256';
/** API Gateway verifies only RSA signatures; this issuer's key is RS256. */
const RSA_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** What an SRP sign-in's access token carries (lambdas/api/route-spec.ts requires it on every protected route). */
const ACCESS_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';
/** The app client id local tokens are issued to (an access token's `client_id`, an ID token's `aud`). */
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
  /** The `custom:team` claim (a partner's or staff member's team), as the pre-token-generation trigger adds it. Default none. */
  readonly team?: string;
  /** Lifetime in seconds. Default 3600 (Cognito's default access token lifetime). */
  readonly ttlSeconds?: number;
  /** Issue time. Default now; set it in the past to mint an already expired token. */
  readonly issuedAt?: Date;
  /** `id` mints what Cognito gives an app to show who signed in, which the API must refuse. Default `access`. */
  readonly tokenUse?: 'access' | 'id';
}

/**
 * Why a token was refused, in words a developer can act on. `insufficient-scope`: the token is
 * valid but lacks the route's scope (API Gateway answers 403); `invalid-token` otherwise (401).
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    message: string,
    readonly reason: 'invalid-token' | 'insufficient-scope' = 'invalid-token',
  ) {
    super(message);
  }
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
  /**
   * Signs exactly these claims under this header with the issuer's key, checking nothing: a token
   * the issuer would never mint (no exp, a foreign aud), to show what verify refuses.
   */
  sign(claims: JWTPayload, header?: Partial<JWTHeaderParameters>): Promise<string>;
  /**
   * Verifies like API Gateway's JWT authorizer on a route requiring `scopes` (one of them must be in
   * the token's `scope`; none required: no scope check); throws TokenRejectedError saying why.
   */
  verify(token: string, scopes?: readonly string[]): Promise<JWTPayload>;
}

export interface LocalIssuerOptions {
  readonly file: string;
  readonly baseUrl: string;
  /** Ends the message for an unreadable file. Default: delete the file. */
  readonly startFreshHint?: string;
  /** The time tokens are checked against. Default: the system clock. */
  readonly clock?: () => Date;
}

/** Opens the issuer whose keys are in `file` (creating them if missing) for a runtime at `baseUrl`. */
export async function openLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const keys = await loadOrCreateIssuerFile(options.file, options.startFreshHint);
  const issuer = localIssuerUrl(options.baseUrl);
  let privateKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    privateKey = await importJWK(keys.privateJwk, ALGORITHM);
  } catch {
    throw new LocalRuntimeError(`${options.file} holds no usable RS256 key: ${startFresh(options.file, options.startFreshHint)}`);
  }
  const keySet = createLocalJWKSet({ keys: [keys.publicJwk] });
  const clock = options.clock ?? (() => new Date());

  return {
    issuer,
    clientId: keys.clientId,
    file: options.file,
    jwks: () => ({ keys: [keys.publicJwk] }),

    async mintToken({ user, groups = [], team, ttlSeconds = 3600, issuedAt = new Date(), tokenUse = 'access' }) {
      if (!user) throw new TypeError('mintToken needs a user name');
      const iat = Math.floor(issuedAt.getTime() / 1000);
      const common = {
        'cognito:groups': [...groups],
        ...(team ? { 'custom:team': team } : {}),
        auth_time: iat,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
      };
      // Cognito's two shapes: an access token names its app client in client_id, carries the scope
      // and no aud; an ID token is addressed to the app client (aud) and carries no scope.
      const claims =
        tokenUse === 'access'
          ? { ...common, token_use: 'access', scope: ACCESS_TOKEN_SCOPE, client_id: keys.clientId, username: user }
          : { ...common, token_use: 'id', aud: keys.clientId, 'cognito:username': user, email_verified: true };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALGORITHM, kid: keys.kid, typ: 'JWT' })
        .setSubject(subjectFor(user))
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },

    sign: (claims, header = {}) => new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, kid: keys.kid, typ: 'JWT', ...header }).sign(privateKey),

    async verify(token, scopes = []) {
      const header = protectedHeaderOf(token);
      // API Gateway picks the key by kid from the issuer's JWKS; jose alone would take the only key.
      if (typeof header.kid !== 'string' || header.kid === '') throw new TokenRejectedError("the token's header has no kid naming the key that signed it");
      if (!RSA_ALGORITHMS.has(String(header.alg)))
        throw new TokenRejectedError(`the token is signed with ${String(header.alg)}: only RSA signatures (RS256) are accepted`);
      const now = clock();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, { issuer, algorithms: [ALGORITHM], currentDate: now, requiredClaims: ['exp'] }));
      } catch (error) {
        throw new TokenRejectedError(rejectionReason(error, issuer, header.kid));
      }
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (typeof payload.iat === 'number' && payload.iat > nowSeconds) {
        throw new TokenRejectedError(`the token was issued at ${new Date(payload.iat * 1000).toISOString()}, after now (${now.toISOString()})`);
      }
      checkAudience(payload, keys.clientId);
      checkScopes(payload, scopes);
      return payload;
    },
  };
}

function protectedHeaderOf(token: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw new TokenRejectedError('the Authorization header does not hold a well-formed JWT');
  }
}

/** As API Gateway does: `aud` when the token has one, `client_id` only when it has no `aud`. */
function checkAudience(payload: JWTPayload, clientId: string): void {
  if (payload.aud !== undefined) {
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
    if (!audiences.includes(clientId)) throw new TokenRejectedError(`the token's audience is ${audiences.join(', ')}, expected ${clientId}`);
    return;
  }
  if (payload.client_id !== clientId) throw new TokenRejectedError(`the token was issued to client ${String(payload.client_id)}, expected ${clientId}`);
}

/** The token must carry at least one of the route's scopes, in `scope` (space-separated) or `scp`. */
function checkScopes(payload: JWTPayload, required: readonly string[]): void {
  if (required.length === 0) return;
  const granted = scopesOf(payload);
  if (required.some((scope) => granted.includes(scope))) return;
  const tokenUse = payload.token_use === 'id' ? ' (an ID token: send the access token instead)' : '';
  throw new TokenRejectedError(`the token's scopes (${granted.join(' ') || 'none'}) include none of ${required.join(', ')}${tokenUse}`, 'insufficient-scope');
}

/** The scopes a token grants: `scope` is a space-separated string (RFC 8693), `scp` a string or a list. */
export function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter((s) => s.length > 0);
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
}

function rejectionReason(error: unknown, issuer: string, kid: string): string {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : 'an unknown time';
    return `the token expired at ${exp}: mint a new one (npm run token -- --user <name>)`;
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return `the token's issuer is ${String(error.payload.iss)}, expected ${issuer}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') return `the token has no ${error.claim} claim`;
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return `the token is not valid before ${new Date(Number(error.payload.nbf) * 1000).toISOString()}`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is invalid: ${error.reason}`;
  if (error instanceof errors.JWKSNoMatchingKey) return `the token's kid ${kid} names no key of the local issuer's JWKS`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify against the local issuer's keys";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token must be signed with RS256';
  return 'the Authorization header does not hold a well-formed JWT';
}
