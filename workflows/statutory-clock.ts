/**
 * The statutory clock of one dossier as data: received at, due at, paused intervals, extensions.
 * Every date is computed by the pure calendar in holidays/, so replaying a history months later gives the
 * same dates as long as the recorded calendar version is the same.
 *
 * Units: procedure shares are in nominal working hours (8 per working day, Decision 188/1999/QĐ-TTg); the calendar
 * counts real office hours (07:30–11:30, 13:30–17:00 by default). The conversion happens here and nowhere else.
 * All instants leave this module as UTC ISO strings (`…Z`), so the workflow can compare them as strings.
 */
import { defaultCalendar, dueDate } from '../holidays';
import { HOURS_PER_WORKING_DAY, type DurationUnit } from './shared/procedure-definition';

export interface PauseInterval {
  from: string;
  /** Undefined while the pause is still running. */
  to?: string;
  reason: string;
}

export interface Extension {
  /** Nominal working hours. */
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

const utc = (iso: string) => new Date(Date.parse(iso)).toISOString();
const officePerNominal = () => defaultCalendar.hoursPerWorkingDay / HOURS_PER_WORKING_DAY;

export const calendarVersion = (): string => defaultCalendar.version;

/** `hours` nominal working hours after `instant`, counted within office hours on working days. */
export function addWorkingHours(instant: string, hours: number): string {
  return utc(defaultCalendar.addWorkingHours(instant, hours * officePerNominal()));
}

/** Nominal working hours between two instants. */
export function workingHoursBetween(a: string, b: string, pauses?: ReadonlyArray<{ from: string; to: string }>): number {
  return defaultCalendar.workingHoursBetween(a, b, pauses) / officePerNominal();
}

function closedPauses(clock: ClockState): Array<{ from: string; to: string }> {
  return clock.pauses.filter((p): p is PauseInterval & { to: string } => !!p.to).map(({ from, to }) => ({ from, to }));
}

/** Appointment for the result: statutory due date, shifted by closed pauses and granted extensions. */
export function computeDueAt(clock: ClockState): string {
  const base = dueDate({ receivedAt: clock.receivedAt, duration: clock.duration, pauses: closedPauses(clock) }).dueAt;
  const extra = clock.extensions.reduce((s, e) => s + e.hours, 0);
  return extra > 0 ? addWorkingHours(base, extra) : utc(base);
}

/** Nominal working hours of closed pauses that overlap [from, ∞). */
export function pausedHoursSince(clock: ClockState, from: string): number {
  const fromMs = Date.parse(from);
  let total = 0;
  for (const p of closedPauses(clock)) {
    const start = Math.max(Date.parse(p.from), fromMs);
    if (Date.parse(p.to) > start) total += workingHoursBetween(new Date(start).toISOString(), p.to);
  }
  return total;
}

/** Due time of a step that started at `startedAt` with a share of `shareHours` nominal working hours. */
export function stepDueAt(clock: ClockState, startedAt: string, shareHours: number): string {
  return addWorkingHours(startedAt, shareHours + pausedHoursSince(clock, startedAt));
}

/**
 * The latest instant `hours` nominal working hours before `at` (for reminders and the one-day notice before an
 * appointment). Found by bisection on workingHoursBetween, to the minute.
 */
export function workingInstantBefore(at: string, hours: number): string {
  if (hours <= 0) return utc(at);
  const end = Date.parse(at);
  const MIN = 60_000;
  // Even the longest holiday run (Tết + weekends) leaves working hours within three calendar weeks.
  let lo = end - Math.ceil((hours / HOURS_PER_WORKING_DAY) * 1.5 + 21) * 86_400_000;
  let hi = end;
  while (hi - lo > MIN) {
    const mid = Math.floor((lo + hi) / 2 / MIN) * MIN;
    if (mid === lo || mid === hi) break;
    if (workingHoursBetween(new Date(mid).toISOString(), at) >= hours) lo = mid;
    else hi = mid;
  }
  return new Date(lo).toISOString();
}
