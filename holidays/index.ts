/**
 * Vietnamese civil-service working-day calendar (lịch làm việc của cơ quan hành chính nhà nước).
 * Pure and deterministic: safe to import from Temporal workflows. Module-level functions use the
 * national calendar; use `buildCalendar(overlay)` for a province or centre.
 */
import { buildCalendar, Calendar, type DueDateInput, type DueDateResult } from './calendar';
import { fromLunar as fromLunarParts, toLunar, type LunarDate } from './lunar';

export { buildCalendar, Calendar, CALENDAR_MAX, CALENDAR_MIN, DEFAULT_OFFICE_HOURS, DEFAULT_SAME_DAY_CUTOFF } from './calendar';
export type { DayInfo, DayReason, DayReasonKind, DueDateInput, DueDateResult, DurationUnit, ExplanationLine, YearSummary } from './calendar';
export { LUNAR_MAX, LUNAR_MIN, leapMonthOf, lunarMonthLength, toLunar } from './lunar';
export type { LunarDate } from './lunar';
export { CalendarInputError } from './civil';
export { CITATIONS, RULE_PACKS } from './rules';
export { localOverlaySchema, yearScheduleSchema } from './schema';
export type { LocalCalendarOverlay, YearSchedule } from './schema';
export { BASE_SCHEDULES, NATIONAL_SCHEDULES, SCHEDULE_PATCHES, schedulesWithPatches, withPatches } from './data/index';
export type { SchedulePatch } from './data/index';

/** The national calendar (no local overlay). */
export const defaultCalendar: Calendar = buildCalendar();

export const isWorkingDay = (isoDate: string): boolean => defaultCalendar.isWorkingDay(isoDate);
export const addWorkingDays = (isoDate: string, n: number): string => defaultCalendar.addWorkingDays(isoDate, n);
export const workingDaysBetween = (a: string, b: string): number => defaultCalendar.workingDaysBetween(a, b);
export const nextWorkingDay = (isoDate: string): string => defaultCalendar.nextWorkingDay(isoDate);
export const previousWorkingDay = (isoDate: string): string => defaultCalendar.previousWorkingDay(isoDate);
export const addWorkingHours = (instantIso: string, hours: number): string => defaultCalendar.addWorkingHours(instantIso, hours);
export const workingHoursBetween = (aIso: string, bIso: string, pauses?: ReadonlyArray<{ from: string; to: string }>): number =>
  defaultCalendar.workingHoursBetween(aIso, bIso, pauses);

/** Due date of a dossier; `calendar` defaults to the national calendar. */
export function dueDate(input: DueDateInput, calendar: Calendar = defaultCalendar): DueDateResult {
  return calendar.dueDate(input);
}

/** Lunar → Gregorian `YYYY-MM-DD`: `fromLunar(2025, 1, 1)` or `fromLunar({ year: 2025, month: 1, day: 1 })`. */
export function fromLunar(year: number | LunarDate | Omit<LunarDate, 'leap'>, month?: number, day?: number, leap = false): string {
  if (typeof year === 'object') return fromLunarParts(year.year, year.month, year.day, 'leap' in year ? year.leap : false);
  return fromLunarParts(year, month as number, day as number, leap);
}
