/**
 * Labor, measured: the handle time of each human task, read from what the system records (the
 * moderation audit), priced at loaded hourly rates per role, plus the fixed staffing a community
 * declares. Pure: the steps come from a LaborSource (the table's audit, read by community and time).
 *
 * A task is one person holding one item: it starts when they take it (claim), goes on while they
 * extend it, and ends when they decide, release it, or their lease runs out. Time between tasks is
 * not counted; a person holding several items at once counts the overlap once.
 */
import { DECISION_ACTIONS } from '../moderation/decisions';
import { LEASE_SECONDS } from '../moderation/queue';
import { weekIndexOf } from './weeks';

/** A step of a human task, as the audit records it. */
export interface TaskStep {
  readonly itemId: string;
  /** ISO time of the step. */
  readonly at: string;
  readonly actorId: string;
  readonly action: string;
  /** The item's status before the step (an escalated item is senior work). */
  readonly statusBefore: string;
  readonly communityId: string;
}

/** How a kind of task reads from its audit. The response desk (#13) is one more entry here. */
export interface TaskKind {
  readonly label: string;
  /** Where its steps come from, printed beside the figures. */
  readonly source: string;
  readonly starts: readonly string[];
  readonly extends: readonly string[];
  /** Steps that end the task with the work done (a decision, an official response). */
  readonly completes: readonly string[];
  /** Steps that end the task without it done (released, lease expired): their held time counts. */
  readonly abandons: readonly string[];
  /** A hold lasts this long unless extended; a hold with no recorded end ends then. */
  readonly holdSeconds: number;
  readonly roleOf: (step: TaskStep) => Role;
}

export const ROLES = ['moderator', 'senior-moderator', 'community-manager', 'retail-staff'] as const;
export type Role = (typeof ROLES)[number];

export const TASK_KINDS = {
  moderation: {
    label: 'moderation',
    source: 'the moderation audit: claim -> decision; released or expired leases count their held time',
    starts: ['claim'],
    extends: ['extend-lease'],
    completes: DECISION_ACTIONS,
    abandons: ['release-lease', 'lease-expired'],
    holdSeconds: LEASE_SECONDS,
    roleOf: (step) => (step.statusBefore === 'escalated' ? 'senior-moderator' : 'moderator'),
  },
  desk: {
    label: 'desk responses',
    source: 'the desk audit: claim -> official response or close; released or expired leases count their held time',
    starts: ['claim'],
    extends: ['extend-lease'],
    completes: ['respond', 'close'],
    abandons: ['release-lease', 'lease-expired'],
    holdSeconds: LEASE_SECONDS,
    // The audit names the responder, not their group: desk work is priced as retail staff's.
    roleOf: () => 'retail-staff',
  },
} as const satisfies Record<string, TaskKind>;
export type TaskKindName = keyof typeof TASK_KINDS;

/** Human work the ledger does not measure yet, named in the report rather than guessed. */
export const UNMEASURED_TASKS: readonly string[] = [];

/** One task: who held which item, from when to when, and how it ended. */
export interface Task {
  readonly kind: TaskKindName;
  readonly itemId: string;
  readonly actorId: string;
  readonly role: Role;
  readonly communityId: string;
  readonly start: number;
  readonly end: number;
  readonly completed: boolean;
}

/**
 * The tasks in `steps` (any order). A hold whose end is not recorded ends when its lease ran out, if
 * that is before `now`; one still running at `now` is not counted yet.
 */
export function tasksOf(kindName: TaskKindName, steps: readonly TaskStep[], now: Date): Task[] {
  const kind: TaskKind = TASK_KINDS[kindName];
  const byItem = new Map<string, TaskStep[]>();
  for (const step of steps) byItem.set(step.itemId, [...(byItem.get(step.itemId) ?? []), step]);
  const tasks: Task[] = [];
  for (const [itemId, itemSteps] of byItem) {
    itemSteps.sort((a, b) => a.at.localeCompare(b.at));
    let open: { step: TaskStep; start: number; holdUntil: number } | undefined;
    const close = (end: number, completed: boolean) => {
      if (!open) return;
      tasks.push({
        kind: kindName,
        itemId,
        actorId: open.step.actorId,
        role: kind.roleOf(open.step),
        communityId: open.step.communityId,
        start: open.start,
        end: Math.max(open.start, end),
        completed,
      });
      open = undefined;
    };
    for (const step of itemSteps) {
      const at = Date.parse(step.at);
      if (kind.starts.includes(step.action)) {
        // A new hold with the previous one unended: that one ran out.
        if (open) close(Math.min(at, open.holdUntil), false);
        open = { step, start: at, holdUntil: at + kind.holdSeconds * 1000 };
        continue;
      }
      // Only the holder's own steps move their task on.
      if (!open || step.actorId !== open.step.actorId) continue;
      if (kind.extends.includes(step.action)) open.holdUntil = at + kind.holdSeconds * 1000;
      else if (kind.completes.includes(step.action)) close(at, true);
      else if (kind.abandons.includes(step.action)) close(at, false);
    }
    if (open && open.holdUntil <= now.getTime()) close(open.holdUntil, false);
  }
  return tasks;
}

/** Handle time per task: each person's held time, overlaps between their own holds counted once. */
export function handleSeconds(tasks: readonly Task[]): { task: Task; seconds: number }[] {
  const byActor = new Map<string, Task[]>();
  for (const task of tasks) byActor.set(task.actorId, [...(byActor.get(task.actorId) ?? []), task]);
  const out: { task: Task; seconds: number }[] = [];
  for (const own of byActor.values()) {
    own.sort((a, b) => a.start - b.start || a.end - b.end);
    let coveredUntil = Number.NEGATIVE_INFINITY;
    for (const task of own) {
      const from = Math.max(task.start, coveredUntil);
      out.push({ task, seconds: Math.max(0, task.end - from) / 1000 });
      coveredUntil = Math.max(coveredUntil, task.end);
    }
  }
  return out;
}

/** What finance sets: loaded rates per role, people's hours a week, fixed staffing, per-community overrides. */
export interface LaborRates {
  readonly version: string;
  readonly currency: 'USD';
  readonly note: string;
  readonly hoursPerPersonWeek: number;
  /** Share of staffed time spent on tasks that still meets due times (the forecast divides by it). */
  readonly occupancy: number;
  readonly roles: Readonly<Record<Role, { readonly usdPerHour: number; readonly basis: string; readonly source: string; readonly checked: string }>>;
  readonly defaultFixedStaffing: readonly FixedStaffing[];
  readonly communities: Readonly<Record<string, { readonly rates?: Partial<Record<Role, number>>; readonly fixedStaffing?: readonly FixedStaffing[] }>>;
}

export interface FixedStaffing {
  readonly role: Role;
  readonly hoursPerWeek: number;
  readonly what: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(message: string): never {
  throw new Error(`pricing/labor.json: ${message}`);
}

function parseStaffing(value: unknown, where: string): FixedStaffing[] {
  if (!Array.isArray(value)) fail(`${where} must be a list of { role, hoursPerWeek, what }`);
  return value.map((s, i) => {
    if (!isRecord(s) || !(ROLES as readonly unknown[]).includes(s.role) || typeof s.what !== 'string')
      fail(`${where}[${i}] must name a role (${ROLES.join(', ')}) and what the hours are for`);
    const hours = s.hoursPerWeek;
    if (typeof hours !== 'number' || !(hours >= 0 && hours <= 168)) fail(`${where}[${i}].hoursPerWeek must be 0 to 168, got ${String(hours)}`);
    return { role: s.role as Role, hoursPerWeek: hours, what: s.what };
  });
}

/** Checks the rate table: every role priced, positive rates, overrides naming known roles. */
export function parseLaborRates(json: unknown): LaborRates {
  if (!isRecord(json) || typeof json.version !== 'string' || json.currency !== 'USD' || !isRecord(json.roles)) fail('needs version, currency USD and roles');
  const roles = {} as Record<Role, LaborRates['roles'][Role]>;
  for (const role of ROLES) {
    const r = json.roles[role];
    if (!isRecord(r) || typeof r.usdPerHour !== 'number' || !(r.usdPerHour > 0)) fail(`roles.${role}.usdPerHour must be a number > 0`);
    if (typeof r.source !== 'string' || typeof r.checked !== 'string' || typeof r.basis !== 'string')
      fail(`roles.${role} needs its basis, source and checked date`);
    roles[role] = { usdPerHour: r.usdPerHour, basis: r.basis, source: r.source, checked: r.checked };
  }
  const hours = json.hoursPerPersonWeek;
  if (typeof hours !== 'number' || !(hours > 0 && hours <= 80)) fail(`hoursPerPersonWeek must be 1 to 80, got ${String(hours)}`);
  const occupancy = json.occupancy;
  if (typeof occupancy !== 'number' || !(occupancy > 0 && occupancy <= 1)) fail(`occupancy must be above 0 and at most 1, got ${String(occupancy)}`);
  const communities: Record<string, LaborRates['communities'][string]> = {};
  for (const [id, c] of Object.entries(isRecord(json.communities) ? json.communities : {})) {
    if (!isRecord(c)) fail(`communities.${id} must be an object`);
    const rates: Partial<Record<Role, number>> = {};
    for (const [role, usd] of Object.entries(isRecord(c.rates) ? c.rates : {})) {
      if (!(ROLES as readonly string[]).includes(role) || typeof usd !== 'number' || !(usd > 0))
        fail(`communities.${id}.rates.${role} must be a known role (${ROLES.join(', ')}) at a rate > 0`);
      rates[role as Role] = usd;
    }
    communities[id] = { rates, ...(c.fixedStaffing === undefined ? {} : { fixedStaffing: parseStaffing(c.fixedStaffing, `communities.${id}.fixedStaffing`) }) };
  }
  return {
    version: json.version,
    currency: 'USD',
    note: typeof json.note === 'string' ? json.note : '',
    hoursPerPersonWeek: hours,
    occupancy,
    roles,
    defaultFixedStaffing: parseStaffing(json.defaultFixedStaffing ?? [], 'defaultFixedStaffing'),
    communities,
  };
}

/** A community's rates and fixed staffing: its overrides over the defaults. */
export function ratesFor(
  table: LaborRates,
  communityId: string,
): { usdPerHour: Record<Role, number>; fixedStaffing: readonly FixedStaffing[]; overridden: Role[] } {
  const own = table.communities[communityId];
  const usdPerHour = Object.fromEntries(ROLES.map((r) => [r, own?.rates?.[r] ?? table.roles[r].usdPerHour])) as Record<Role, number>;
  return { usdPerHour, fixedStaffing: own?.fixedStaffing ?? table.defaultFixedStaffing, overridden: ROLES.filter((r) => own?.rates?.[r] !== undefined) };
}

/** One week's measured labor. */
export interface WeekLabor {
  readonly handleHoursByRole: Partial<Record<Role, number>>;
  readonly tasks: number;
  readonly completed: number;
  /** Items whose task completed (a decision): the volume the staffing forecast projects. */
  readonly itemsCompleted: number;
  readonly measuredUsd: number;
  readonly fixedUsd: number;
  readonly fixedHours: number;
}

/** Labor per week index (weeks counted from `anchor`, a Monday): handle time x rate + fixed staffing. */
export function laborByWeek(
  tasks: readonly Task[],
  rates: { usdPerHour: Record<Role, number>; fixedStaffing: readonly FixedStaffing[] },
  anchor: Date,
  weeks: number,
): WeekLabor[] {
  const fixedHours = rates.fixedStaffing.reduce((sum, s) => sum + s.hoursPerWeek, 0);
  const fixedUsd = rates.fixedStaffing.reduce((sum, s) => sum + s.hoursPerWeek * rates.usdPerHour[s.role], 0);
  const out = Array.from({ length: weeks }, () => ({
    handleHoursByRole: {} as Partial<Record<Role, number>>,
    tasks: 0,
    completed: 0,
    items: new Set<string>(),
    measuredUsd: 0,
  }));
  for (const { task, seconds } of handleSeconds(tasks)) {
    const week = out[weekIndexOf(anchor, task.start)];
    if (!week) continue;
    const hours = seconds / 3600;
    week.handleHoursByRole[task.role] = (week.handleHoursByRole[task.role] ?? 0) + hours;
    week.measuredUsd += hours * rates.usdPerHour[task.role];
    week.tasks += 1;
    if (task.completed) {
      week.completed += 1;
      week.items.add(task.itemId);
    }
  }
  return out.map(({ items, ...w }) => ({ ...w, itemsCompleted: items.size, fixedUsd, fixedHours }));
}
