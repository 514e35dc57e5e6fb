/**
 * The statutory clock of one dossier as data: received at, due at, paused intervals, extensions.
 * Every date is computed by the pure calendar in holidays/, so replaying a history months later gives the
 * same dates as long as the recorded calendar version is the same.
 */
import { addWorkingHours, defaultCalendar, dueDate, workingHoursBetween } from '../holidays';
import type { DurationUnit } from './shared/procedure-definition';

export interface PauseInterval {
  from: string;
  /** Undefined while the pause is still running. */
  to?: string;
  reason: string;
}

export interface Extension {
  hours: number;
  reason: string;
  at: string;
}

export interface ClockState {
  receivedAt: string;
  duration: { unit: DurationUnit; amount: number };
  pauses: PauseInterval[];
  extensions: Extension[];
}

export const calendarVersion = (): string => defaultCalendar.version;

function closedPauses(clock: ClockState): Array<{ from: string; to: string }> {
  return clock.pauses.filter((p): p is PauseInterval & { to: string } => !!p.to).map(({ from, to }) => ({ from, to }));
}

/** Appointment for the result: statutory due date, shifted by closed pauses and granted extensions. */
export function computeDueAt(clock: ClockState): string {
  const base = dueDate({ receivedAt: clock.receivedAt, duration: clock.duration, pauses: closedPauses(clock) }).dueAt;
  const extra = clock.extensions.reduce((s, e) => s + e.hours, 0);
  return extra > 0 ? addWorkingHours(base, extra) : base;
}

/** Working hours of closed pauses that overlap [from, ∞). */
export function pausedHoursSince(clock: ClockState, from: string): number {
  const fromMs = Date.parse(from);
  let total = 0;
  for (const p of closedPauses(clock)) {
    const start = Math.max(Date.parse(p.from), fromMs);
    const end = Date.parse(p.to);
    if (end > start) total += workingHoursBetween(new Date(start).toISOString(), p.to);
  }
  return total;
}

/** Due time of a step that started at `startedAt` with a share of `shareHours` working hours. */
export function stepDueAt(clock: ClockState, startedAt: string, shareHours: number): string {
  return addWorkingHours(startedAt, shareHours + pausedHoursSince(clock, startedAt));
}

export { addWorkingHours, workingHoursBetween };

/**
 * The latest instant `hours` working hours before `at` (for reminders and the one-day notice before an
 * appointment). Found by bisection on workingHoursBetween, to the minute.
 */
export function workingInstantBefore(at: string, hours: number): string {
  if (hours <= 0) return at;
  const end = Date.parse(at);
  const MIN = 60_000;
  // Even the longest holiday run (Tết + weekends) leaves a working hour within 3 calendar weeks.
  let lo = end - Math.ceil((hours / 8) * 1.5 + 21) * 86_400_000;
  let hi = end;
  while (hi - lo > MIN) {
    const mid = Math.floor((lo + hi) / 2 / MIN) * MIN;
    if (mid === lo || mid === hi) break;
    if (workingHoursBetween(new Date(mid).toISOString(), at) >= hours) lo = mid;
    else hi = mid;
  }
  return new Date(lo).toISOString();
}
