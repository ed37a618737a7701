/**
 * The desk SLO's alarm design, shared by the functions that publish the metrics and the CDK
 * construct that alarms on them (lib/constructs/desk-slo-alarms.ts): names, windows and the
 * threshold math of multi-window burn-rate alerts (the Google SRE workbook's, chapter 5).
 */

/** EMF metrics of the desk (Powertools Metrics): one count per item entering, and per first response that met or missed its due time. */
export const DESK_METRICS = {
  namespace: 'Chorus/Desk',
  service: 'desk',
  entered: 'DeskItemsEntered',
  met: 'DeskResponsesMet',
  missed: 'DeskResponsesMissed',
} as const;

/** The objective the alarms hold the desk to (per-community objectives are data, /v1/desk/slo). */
export const DEFAULT_SLO_TARGET_PERCENT = 95;
export const SLO_WINDOW_DAYS = 28;

export interface BurnRateAlarmDesign {
  readonly name: 'fast' | 'slow';
  /** The long window: the budget really burns at this rate. */
  readonly longWindowMinutes: number;
  /** The short window: it still does now (so the alarm resets soon after the burn stops). */
  readonly shortWindowMinutes: number;
  readonly burnRate: number;
}

/** Fast: 2 % of a 30-day budget in an hour; slow: 5 % in six hours. Both windows must exceed the rate. */
export const BURN_RATE_ALARMS: readonly BurnRateAlarmDesign[] = [
  { name: 'fast', longWindowMinutes: 60, shortWindowMinutes: 5, burnRate: 14.4 },
  { name: 'slow', longWindowMinutes: 360, shortWindowMinutes: 30, burnRate: 6 },
];

/** The missed share of responses above which a window burns the budget `burnRate` times too fast. */
export const errorRateThreshold = (burnRate: number, targetPercent: number): number => Math.round(burnRate * (1 - targetPercent / 100) * 1e9) / 1e9;

/** The share of the whole SLO window's budget a burn at `burnRate` spends in `windowMinutes`. */
export const budgetSpent = (burnRate: number, windowMinutes: number, sloWindowDays: number): number => (burnRate * windowMinutes) / (sloWindowDays * 24 * 60);
