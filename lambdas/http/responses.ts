/** Success responses. Handlers return these; the HTTP layer serialises them. */
export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export const ok = (body: unknown, headers?: Record<string, string>): HttpResult => ({ status: 200, body, ...(headers ? { headers } : {}) });
export const created = (body: unknown, location: string, headers?: Record<string, string>): HttpResult => ({
  status: 201,
  body,
  headers: { location, ...headers },
});
/** Accepted for a job: the job's state, and where to ask how it goes. */
export const accepted = (body: unknown, location: string): HttpResult => ({ status: 202, body, headers: { location } });
export const noContent = (): HttpResult => ({ status: 204 });
