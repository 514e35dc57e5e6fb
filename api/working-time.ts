/**
 * Working-time helpers for lists: time left before a due date and idle time, in office hours of the calendar in
 * force at the centre (api/local-calendar.ts; 1 working day = calendar.hoursPerWorkingDay office hours).
 */
import { CALENDAR_MAX, CALENDAR_MIN, defaultCalendar, type Calendar } from '../holidays/index';

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Instants outside the calendar's range (stray or imported data) are counted from its nearest edge, not refused. */
export function withinCalendar(iso: string): string {
  const t = Date.parse(iso);
  const min = Date.parse(`${CALENDAR_MIN}T00:00:00+07:00`);
  const max = Date.parse(`${CALENDAR_MAX}T00:00:00+07:00`);
  return new Date(Math.min(Math.max(t, min), max)).toISOString();
}

/** The smallest amount shown (0.1 h): a deadline that has passed is never shown as "0 hours left". */
export const PAST_DUE_MIN_HOURS = 0.1;

/**
 * Office hours (and working days) from `now` until `dueAt`; negative once the deadline has passed.
 * A dossier whose deadline has passed is overdue whatever office hours are counted: a deadline that passed on
 * Friday evening has 0 office hours behind it on Sunday or during Tết, and is still overdue. Then the hours are
 * at most −0.1 and `overdue: true` is set (callers spread it after the read model's own flag).
 */
export function timeLeft(now: string, dueAt: string, cal: Calendar = defaultCalendar): { workingHoursLeft: number; workingDaysLeft: number; overdue?: true } {
  const h = round1(cal.workingHoursBetween(withinCalendar(now), withinCalendar(dueAt)));
  if (Date.parse(dueAt) <= Date.parse(now)) {
    const hours = Math.min(h, -PAST_DUE_MIN_HOURS);
    return { workingHoursLeft: hours, workingDaysLeft: round1(hours / cal.hoursPerWorkingDay) || 0, overdue: true };
  }
  return { workingHoursLeft: Math.max(h, 0), workingDaysLeft: round1(Math.max(h, 0) / cal.hoursPerWorkingDay) };
}

/** Past due at `now`: the deadline has passed (whatever office hours are left) or the workflow flagged it. */
export const isPastDue = (now: string, dueAt: string | null, flagged = false): boolean =>
  flagged || (dueAt !== null && Date.parse(dueAt) <= Date.parse(now));

/** The instant one working day after `now`: a dossier due at or before it has at most a day left. */
export const oneWorkingDayAfter = (now: string, cal: Calendar = defaultCalendar): string =>
  new Date(cal.addWorkingHours(now, cal.hoursPerWorkingDay)).toISOString();

/** The latest instant with at least `hours` office hours before `now` (bisection to the minute). */
export function workingInstantBefore(now: string, hours: number, cal: Calendar = defaultCalendar): string {
  const end = Date.parse(now);
  if (hours <= 0) return new Date(end).toISOString();
  const MIN = 60_000;
  // Widen the search window until it holds enough working hours (long holidays, Tết).
  let span = Math.ceil(hours / cal.hoursPerWorkingDay + 1) * 2 * 86_400_000;
  while (cal.workingHoursBetween(new Date(end - span).toISOString(), now) < hours) span *= 2;
  let lo = end - span, hi = end;
  while (hi - lo > MIN) {
    const mid = Math.floor((lo + hi) / 2);
    if (cal.workingHoursBetween(new Date(mid).toISOString(), now) >= hours) lo = mid;
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
