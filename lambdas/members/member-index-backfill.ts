/**
 * The byMember backfill: items written before the byMember index existed (posts, their revisions,
 * comments, reactions, reports filed, queue items about a member's content) lack its keys, so an
 * export or an erasure would not find them. This one-off maintenance job pages through the whole
 * table (a Scan: it serves no request) and adds the keys where they are missing.
 *
 * Resumable: its progress (the scan's cursor, counts) is saved after every page, so a run stopped
 * anywhere goes on from the last saved page. Idempotent: a key is added only where none is, and
 * only while the item still names its member, so a page done twice (a run stopped after a page and
 * before its progress was saved) changes nothing, and an item an erasure de-identified stays so.
 */
import type { Clock } from '../domain/clock';

/** The backfill's one job name (the progress item is kept under it). */
export const MEMBER_INDEX_BACKFILL = 'member-index';

export interface BackfillProgress {
  readonly name: string;
  /** Where the next page starts; null before the first page and once finished. */
  readonly cursor: string | null;
  readonly pages: number;
  readonly scanned: number;
  /** Items that got their byMember keys. */
  readonly keyed: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface BackfillPage {
  readonly scanned: number;
  readonly keyed: number;
  /** The next page's start; null after the last page. */
  readonly cursor: string | null;
}

export interface MemberIndexBackfillStore {
  progress(name: string): Promise<BackfillProgress | undefined>;
  saveProgress(progress: BackfillProgress): Promise<void>;
  /** Reads one page of the table from `cursor` and keys what lacks its byMember keys. */
  keyPage(cursor: string | null, limit: number): Promise<BackfillPage>;
}

export interface BackfillOptions {
  /** Items scanned per page. */
  readonly pageSize: number;
  /** Stop after this many pages (the rest on the next run); undefined: until the table's end. */
  readonly maxPages?: number | undefined;
  /** Start again from the table's beginning, even if a run finished. */
  readonly restart?: boolean | undefined;
  /** The progress item's name (tests run their own). */
  readonly name?: string | undefined;
}

/** Runs (or resumes) the backfill; answers its progress, `finishedAt` set once the whole table is done. */
export async function backfillMemberIndex(
  deps: { readonly store: MemberIndexBackfillStore; readonly clock: Clock },
  options: BackfillOptions,
  onPage: (progress: BackfillProgress) => void = () => undefined,
): Promise<BackfillProgress> {
  const name = options.name ?? MEMBER_INDEX_BACKFILL;
  const now = () => deps.clock().toISOString();
  const saved = options.restart ? undefined : await deps.store.progress(name);
  if (saved?.finishedAt) return saved;
  let progress: BackfillProgress = saved ?? { name, cursor: null, pages: 0, scanned: 0, keyed: 0, startedAt: now(), updatedAt: now(), finishedAt: null };
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const page = await deps.store.keyPage(progress.cursor, options.pageSize);
    const at = now();
    progress = {
      ...progress,
      cursor: page.cursor,
      pages: progress.pages + 1,
      scanned: progress.scanned + page.scanned,
      keyed: progress.keyed + page.keyed,
      updatedAt: at,
      finishedAt: page.cursor === null ? at : null,
    };
    await deps.store.saveProgress(progress);
    onPage(progress);
    if (progress.finishedAt) break;
  }
  return progress;
}
