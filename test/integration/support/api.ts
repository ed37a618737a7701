/**
 * A tiny HTTP client for the integration tests, and tokens for it.
 *
 * - Against the local runtime (the global setup sets CHORUS_BASE_URL and CHORUS_ISSUER_FILE),
 *   tokens are minted by the local issuer.
 * - Against a deployed stack (CHORUS_BASE_URL set by you), set CHORUS_TOKEN_COMMAND to a command
 *   that prints a Cognito access token for `<user> <group,group>` given as its two arguments.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { openLocalIssuer, type LocalIssuer } from '../../../local/local-issuer';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON for JSON content types (including problem+json), the text otherwise, undefined when empty. */
  readonly body: T;
}

export type RequestHeaders = Readonly<Record<string, string>>;

export interface ApiClient {
  get(path: string, headers?: RequestHeaders): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: RequestHeaders): Promise<ApiResponse>;
  put(path: string, body?: unknown, headers?: RequestHeaders): Promise<ApiResponse>;
  patch(path: string, body?: unknown, headers?: RequestHeaders): Promise<ApiResponse>;
  delete(path: string, headers?: RequestHeaders): Promise<ApiResponse>;
}

/** The API under test: the local runtime's URL, or the deployed stack's. */
export function baseUrl(): string {
  const url = process.env.CHORUS_BASE_URL;
  if (!url) throw new Error('CHORUS_BASE_URL is not set: run the integration tests through jest (the global setup starts the local runtime)');
  return url.replace(/\/$/, '');
}

async function send(method: string, path: string, token: string | undefined, body: unknown, headers: RequestHeaders = {}): Promise<ApiResponse> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const isJson = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: text.length === 0 ? undefined : isJson ? JSON.parse(text) : text };
}

/** A client calling as the holder of `token` (anonymous without one). */
export function api(token?: string): ApiClient {
  return {
    get: (path, headers) => send('GET', path, token, undefined, headers),
    post: (path, body, headers) => send('POST', path, token, body, headers),
    put: (path, body, headers) => send('PUT', path, token, body, headers),
    patch: (path, body, headers) => send('PATCH', path, token, body, headers),
    delete: (path, headers) => send('DELETE', path, token, undefined, headers),
  };
}

let localIssuer: Promise<LocalIssuer> | undefined;
const runCommand = promisify(execFile);
const commandTokens = new Map<string, Promise<string>>();

/**
 * An access token for `user` in `groups`: minted by the local issuer, or (deployed stack) printed
 * by CHORUS_TOKEN_COMMAND run as `<command> <user> <groups comma-separated>`.
 */
export async function tokenFor(user: string, groups: readonly string[] = [], team?: string): Promise<string> {
  const issuerFile = process.env.CHORUS_ISSUER_FILE;
  if (issuerFile) {
    localIssuer ??= openLocalIssuer({ file: issuerFile, baseUrl: baseUrl() });
    return (await localIssuer).mintToken({ user, groups, ...(team ? { team } : {}) });
  }
  const command = process.env.CHORUS_TOKEN_COMMAND;
  if (!command) {
    throw new Error(
      `no way to get a token for ${user}: CHORUS_BASE_URL targets ${baseUrl()}, so set CHORUS_TOKEN_COMMAND to a command printing a token for "<user> <groups>"`,
    );
  }
  const key = `${user} ${groups.join(',')}`;
  let token = commandTokens.get(key);
  if (!token) {
    token = runCommand('sh', ['-c', `${command} "$@"`, 'chorus-token', user, groups.join(',')], { timeout: 30_000 }).then(({ stdout }) => {
      const printed = stdout.trim().split('\n').at(-1)?.trim() ?? '';
      if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(printed)) throw new Error(`CHORUS_TOKEN_COMMAND printed no JWT for ${key}: ${JSON.stringify(printed.slice(0, 80))}`);
      return printed;
    });
    commandTokens.set(key, token);
  }
  return token;
}

const runId = `${Date.now().toString(36).slice(-4)}${randomBytes(3).toString('hex')}`;
let counter = 0;

/**
 * An id unique to this run and call, valid as a community id (3-40 lowercase letters, digits and
 * dashes, starting and ending with a letter or digit): "feed-kx3fa9c2e1-7".
 */
export function uniqueId(prefix: string): string {
  counter += 1;
  const suffix = `-${runId}-${counter}`;
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'id';
  return `${clean.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
}
