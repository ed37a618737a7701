/**
 * The desk's SLO metrics, counted from the same committed writes as its lake events: items that
 * entered the desk, and first responses that met or missed their due time. The publisher emits them
 * as EMF metrics (lambdas/desk/slo-design.ts names them), which the burn-rate alarms read.
 */
import type { EventEnvelope } from './envelope';

export interface DeskCounts {
  readonly entered: number;
  readonly met: number;
  readonly missed: number;
}

export function deskCountsOf(events: readonly (EventEnvelope | undefined)[]): DeskCounts {
  let [entered, met, missed] = [0, 0, 0];
  for (const event of events) {
    if (event?.event_type === 'desk.entered') entered += 1;
    if (event?.event_type === 'desk.responded' || event?.event_type === 'desk.closed') {
      if (event.data.met === true) met += 1;
      else missed += 1;
    }
  }
  return { entered, met, missed };
}
