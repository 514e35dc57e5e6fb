/**
 * Working-time helpers for lists: time left before a due date and idle time, in office hours of the national
 * calendar (1 working day = defaultCalendar.hoursPerWorkingDay office hours).
 */
import { addWorkingHours, defaultCalendar, workingHoursBetween } from '../holidays/index';

export const hoursPerWorkingDay = (): number => defaultCalendar.hoursPerWorkingDay;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Office hours (and working days) from `now` until `dueAt`; negative when already past. */
export function timeLeft(now: string, dueAt: string): { workingHoursLeft: number; workingDaysLeft: number } {
  const h = workingHoursBetween(now, dueAt);
  return { workingHoursLeft: round1(h), workingDaysLeft: round1(h / hoursPerWorkingDay()) };
}

/** The instant one working day after `now`: a dossier due at or before it has at most a day left. */
export const oneWorkingDayAfter = (now: string): string => new Date(addWorkingHours(now, hoursPerWorkingDay())).toISOString();

/** The latest instant with at least `hours` office hours before `now` (bisection to the minute). */
export function workingInstantBefore(now: string, hours: number): string {
  const end = Date.parse(now);
  if (hours <= 0) return new Date(end).toISOString();
  const MIN = 60_000;
  // Widen the search window until it holds enough working hours (long holidays, Tết).
  let span = Math.ceil(hours / hoursPerWorkingDay() + 1) * 2 * 86_400_000;
  while (workingHoursBetween(new Date(end - span).toISOString(), now) < hours) span *= 2;
  let lo = end - span, hi = end;
  while (hi - lo > MIN) {
    const mid = Math.floor((lo + hi) / 2);
    if (workingHoursBetween(new Date(mid).toISOString(), now) >= hours) lo = mid;
    else hi = mid;
  }
  return new Date(lo).toISOString();
}

/** `YYYY-MM-DD` (a day in Vietnam) or an ISO instant → ISO instant; `end` gives the start of the next day. */
export function instantOf(s: string, edge: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const start = Date.parse(`${s}T00:00:00+07:00`);
    return new Date(edge === 'start' ? start : start + 86_400_000).toISOString();
  }
  return new Date(s).toISOString();
}
