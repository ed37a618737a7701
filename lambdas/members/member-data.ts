/**
 * A member's data: the export (a JSON archive of everything stored about them, made by a job and
 * fetched through a time-limited URL) and the erasure (their data deleted, their posts and comments
 * kept de-identified or deleted, the lake's pseudonym made unproducible), also a job. Both read what
 * to do from one registry of the member's data kinds (lambdas/store/member-data/registry.ts): a new
 * kind of member data is one entry there, and both follow.
 */
import { isCommunityManager, type Caller } from '../domain/caller';
import { newId, type Clock } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';

/** What erasure does to the member's posts and comments; everything else of theirs is deleted either way. */
export type ErasureContent = 'de-identify' | 'delete';

/** A job of the member-data queue (one SQS message, one Lambda invocation). */
export type MemberDataJob =
  | { readonly kind: 'export'; readonly memberId: string; readonly exportId: string }
  | {
      readonly kind: 'erase';
      readonly memberId: string;
      readonly erasureId: string;
      readonly content: ErasureContent;
    };

export interface ExportJob {
  readonly exportId: string;
  readonly memberId: string;
  readonly status: 'running' | 'ready' | 'failed';
  readonly requestedAt: string;
  readonly completedAt: string | null;
  readonly objectKey: string | null;
  readonly itemCount: number | null;
}

/** An erasure's audit: who asked and when, what was erased (counts by kind). Never who the member was. */
export interface ErasureAudit {
  readonly erasureId: string;
  readonly requestedBy: 'member' | 'community-manager';
  /** The community manager who asked; null when the member asked themselves. */
  readonly managerId: string | null;
  readonly reference: string | null;
  readonly content: ErasureContent;
  readonly requestedAt: string;
  readonly status: 'accepted' | 'done';
  readonly erasedAt: string | null;
  readonly counts: Readonly<Record<string, number>>;
}

/** The member's data by kind, as the registry reads and erases it. */
export interface MemberData {
  /** Every kind's items, for the archive. */
  collect(memberId: string): Promise<Record<string, readonly unknown[]>>;
  /** Erases every kind; how many items of each were erased or de-identified. */
  erase(memberId: string, content: ErasureContent, at: string): Promise<Record<string, number>>;
}

/**
 * Several stores' parts of the member's data as one: collected side by side into one archive,
 * erased one after another in the order given (the live connections first: nothing is pushed to an
 * account being erased).
 */
export function combinedMemberData(parts: readonly MemberData[]): MemberData {
  return {
    async collect(memberId) {
      return Object.assign({}, ...(await Promise.all(parts.map((part) => part.collect(memberId)))));
    },
    async erase(memberId, content, at) {
      const counts: Record<string, number> = {};
      for (const part of parts) {
        for (const [kind, n] of Object.entries(await part.erase(memberId, content, at))) counts[kind] = (counts[kind] ?? 0) + n;
      }
      return counts;
    },
  };
}

export interface MemberDataStore {
  /** Starts a job unless one of the member's is running (and not stale); false if one is. */
  startExport(job: ExportJob, staleBefore: string): Promise<boolean>;
  getExport(memberId: string): Promise<ExportJob | undefined>;
  finishExport(job: ExportJob): Promise<void>;
  putErasureAudit(audit: ErasureAudit): Promise<void>;
  getErasureAudit(erasureId: string): Promise<ErasureAudit | undefined>;
}

/** The archives as the worker uses them: written by an export, deleted by an erasure. */
export interface Archives {
  put(key: string, body: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The archives as the API hands them out. */
export interface ArchiveUrls {
  /** A pre-signed GET URL of the object, valid for `seconds`. */
  urlOf(key: string, seconds: number): Promise<string>;
}

export interface JobQueue {
  send(job: MemberDataJob): Promise<void>;
}

export interface MemberDataDeps {
  readonly jobs: MemberDataStore;
  readonly queue: JobQueue;
  readonly clock: Clock;
}

export interface MemberDataWorkerDeps {
  readonly jobs: MemberDataStore;
  readonly data: MemberData;
  readonly archives: Archives;
  readonly clock: Clock;
}

/** How long an archive is kept (the bucket's lifecycle deletes it) and how long one URL to it works. */
export const ARCHIVE_DAYS = 7;
export const URL_SECONDS = 15 * 60;
/** A job still running after this long died (the worker's timeout is 15 minutes): another may start. */
const STALE_MS = 60 * 60 * 1000;

export const archiveKeyOf = (exportId: string): string => `exports/${exportId}.json`;

/** Starts an export; 409 while one of the member's is running. */
export async function startExport(deps: MemberDataDeps, caller: Caller) {
  const now = deps.clock();
  const job: ExportJob = {
    exportId: newId(deps.clock),
    memberId: caller.memberId,
    status: 'running',
    requestedAt: now.toISOString(),
    completedAt: null,
    objectKey: null,
    itemCount: null,
  };
  if (!(await deps.jobs.startExport(job, new Date(now.getTime() - STALE_MS).toISOString()))) {
    throw new ConflictError('an export of yours is running: one at a time; GET /v1/me/export says when it is ready');
  }
  try {
    await deps.queue.send({ kind: 'export', memberId: caller.memberId, exportId: job.exportId });
  } catch (error) {
    await deps.jobs.finishExport({ ...job, status: 'failed', completedAt: deps.clock().toISOString() });
    throw error;
  }
  return presentExport(job, null, now);
}

/** The member's latest export, with a fresh pre-signed URL while its archive is kept. */
export async function getExport(deps: MemberDataDeps & { readonly archiveUrls: ArchiveUrls }, caller: Caller) {
  const job = await deps.jobs.getExport(caller.memberId);
  if (!job) throw new NotFoundError('you have not asked for an export: POST /v1/me/export starts one');
  const now = deps.clock();
  const live = job.status === 'ready' && job.objectKey !== null && expiresAt(job)! > now.getTime();
  return presentExport(job, live ? await deps.archiveUrls.urlOf(job.objectKey!, URL_SECONDS) : null, now);
}

const expiresAt = (job: ExportJob): number | null => (job.completedAt ? Date.parse(job.completedAt) + ARCHIVE_DAYS * 86_400_000 : null);

function presentExport(job: ExportJob, url: string | null, now: Date) {
  const archiveExpires = job.status === 'ready' ? expiresAt(job) : null;
  return {
    exportId: job.exportId,
    status: job.status,
    requestedAt: job.requestedAt,
    completedAt: job.completedAt,
    url,
    urlExpiresAt: url ? new Date(now.getTime() + URL_SECONDS * 1000).toISOString() : null,
    archiveExpiresAt: archiveExpires === null ? null : new Date(archiveExpires).toISOString(),
    itemCount: job.itemCount,
  };
}

/** Accepts an erasure: audited as accepted now, done by the worker. The member's own, or a community manager's for a request received elsewhere. */
export async function requestErasure(
  deps: MemberDataDeps,
  caller: Caller,
  request: { readonly memberId: string; readonly content: ErasureContent; readonly reference?: string | undefined },
): Promise<ErasureAudit> {
  const self = request.memberId === caller.memberId;
  if (!self && !isCommunityManager(caller)) throw new ForbiddenError("erasing another member's data is for community-managers");
  const audit: ErasureAudit = {
    erasureId: newId(deps.clock),
    requestedBy: self ? 'member' : 'community-manager',
    managerId: self ? null : caller.memberId,
    reference: request.reference ?? null,
    content: request.content,
    requestedAt: deps.clock().toISOString(),
    status: 'accepted',
    erasedAt: null,
    counts: {},
  };
  await deps.jobs.putErasureAudit(audit);
  await deps.queue.send({ kind: 'erase', memberId: request.memberId, erasureId: audit.erasureId, content: request.content });
  return audit;
}

export async function erasureAudit(deps: Pick<MemberDataDeps, 'jobs'>, caller: Caller, erasureId: string): Promise<ErasureAudit> {
  if (!isCommunityManager(caller)) throw new ForbiddenError('erasure audits are for community-managers');
  const audit = await deps.jobs.getErasureAudit(erasureId);
  if (!audit) throw new NotFoundError(`no erasure ${erasureId}`);
  return audit;
}

/** Runs one job of the queue. Redelivery is harmless: an export already finished is skipped, an erasure finds less to erase. */
export async function runMemberDataJob(deps: MemberDataWorkerDeps, job: MemberDataJob): Promise<void> {
  if (job.kind === 'export') return runExport(deps, job);
  const audit = await deps.jobs.getErasureAudit(job.erasureId);
  if (!audit) throw new Error(`erasure ${job.erasureId} has no audit entry`);
  const at = deps.clock().toISOString();
  // The archive of an earlier export goes first: its job item names it, and erasure deletes the item.
  const previous = await deps.jobs.getExport(job.memberId);
  if (previous?.objectKey) await deps.archives.delete(previous.objectKey);
  const counts = await deps.data.erase(job.memberId, job.content, at);
  const merged = Object.fromEntries(
    [...new Set([...Object.keys(audit.counts), ...Object.keys(counts)])].map((kind) => [kind, (audit.counts[kind] ?? 0) + (counts[kind] ?? 0)]),
  );
  await deps.jobs.putErasureAudit({ ...audit, status: 'done', erasedAt: at, counts: merged });
}

async function runExport(deps: MemberDataWorkerDeps, job: Extract<MemberDataJob, { kind: 'export' }>): Promise<void> {
  const current = await deps.jobs.getExport(job.memberId);
  if (current?.exportId !== job.exportId || current.status !== 'running') return;
  const data = await deps.data.collect(job.memberId);
  const exportedAt = deps.clock().toISOString();
  const archive = { format: 'chorus-member-export/1', memberId: job.memberId, exportedAt, data };
  const key = archiveKeyOf(job.exportId);
  await deps.archives.put(key, JSON.stringify(archive, null, 1));
  const itemCount = Object.values(data).reduce((sum, items) => sum + items.length, 0);
  await deps.jobs.finishExport({ ...current, status: 'ready', completedAt: deps.clock().toISOString(), objectKey: key, itemCount });
}
