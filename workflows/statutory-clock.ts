/**
 * The statutory clock of one dossier as data: received at, due at, paused intervals, extensions.
 * Every date is computed by the pure calendar in holidays/, so replaying a history months later gives the
 * same dates as long as the recorded calendar version is the same.
 *
 * Units: procedure shares are in nominal working hours (8 per working day, Decision 188/1999/QĐ-TTg); the calendar
 * counts real office hours (07:30–11:30, 13:30–17:00 by default). The conversion happens here and nowhere else.
 * All instants leave this module as UTC ISO strings (`…Z`), so the workflow can compare them as strings.
 *
 * Which calendar: the national data the dossier started with plus the centre's local overlay (ngày nghỉ địa phương,
 * giờ làm việc) that was in force when the dossier was received. The API passes that overlay in the workflow input, so it is recorded in the
 * history and a later change of the local calendar never moves the dates of a running dossier on replay.
 */
import { buildCalendar, defaultCalendar, NATIONAL_SCHEDULES, type Calendar, type LocalCalendarOverlay, type YearSchedule } from '../holidays';
import { HOURS_PER_WORKING_DAY } from './procedures/define';
import type { DurationUnit } from './procedures/schema';

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

function closedPauses(clock: ClockState): Array<{ from: string; to: string }> {
  return clock.pauses.filter((p): p is PauseInterval & { to: string } => !!p.to).map(({ from, to }) => ({ from, to }));
}

/** Working-time arithmetic of one dossier, in nominal working hours, on one calendar. */
export class StatutoryTime {
  private readonly officePerNominal: number;

  constructor(readonly calendar: Calendar) {
    this.officePerNominal = calendar.hoursPerWorkingDay / HOURS_PER_WORKING_DAY;
  }

  /** Stable identifier of the calendar data + overlay + algorithm, shown to auditors. */
  get version(): string {
    return this.calendar.version;
  }

  /** `hours` nominal working hours after `instant`, counted within office hours on working days. */
  addWorkingHours(instant: string, hours: number): string {
    return utc(this.calendar.addWorkingHours(instant, hours * this.officePerNominal));
  }

  /** Nominal working hours between two instants. */
  workingHoursBetween(a: string, b: string, pauses?: ReadonlyArray<{ from: string; to: string }>): number {
    return this.calendar.workingHoursBetween(a, b, pauses) / this.officePerNominal;
  }

  /** Appointment for the result: statutory due date, shifted by closed pauses and granted extensions. */
  computeDueAt(clock: ClockState): string {
    const base = this.calendar.dueDate({ receivedAt: clock.receivedAt, duration: clock.duration, pauses: closedPauses(clock) }).dueAt;
    const extra = clock.extensions.reduce((s, e) => s + e.hours, 0);
    return extra > 0 ? this.addWorkingHours(base, extra) : utc(base);
  }

  /** Nominal working hours of closed pauses that overlap [from, ∞). */
  pausedHoursSince(clock: ClockState, from: string): number {
    const fromMs = Date.parse(from);
    let total = 0;
    for (const p of closedPauses(clock)) {
      const start = Math.max(Date.parse(p.from), fromMs);
      if (Date.parse(p.to) > start) total += this.workingHoursBetween(new Date(start).toISOString(), p.to);
    }
    return total;
  }

  /** Due time of a step that started at `startedAt` with a share of `shareHours` nominal working hours. */
  stepDueAt(clock: ClockState, startedAt: string, shareHours: number): string {
    return this.addWorkingHours(startedAt, shareHours + this.pausedHoursSince(clock, startedAt));
  }

  /**
   * The latest instant `hours` nominal working hours before `at` (for reminders and the one-day notice before an
   * appointment). Found by bisection on workingHoursBetween, to the minute.
   */
  workingInstantBefore(at: string, hours: number): string {
    if (hours <= 0) return utc(at);
    const end = Date.parse(at);
    const MIN = 60_000;
    // Even the longest holiday run (Tết + weekends) leaves working hours within three calendar weeks.
    let lo = end - Math.ceil((hours / HOURS_PER_WORKING_DAY) * 1.5 + 21) * 86_400_000;
    let hi = end;
    while (hi - lo > MIN) {
      const mid = Math.floor((lo + hi) / 2 / MIN) * MIN;
      if (mid === lo || mid === hi) break;
      if (this.workingHoursBetween(new Date(mid).toISOString(), at) >= hours) lo = mid;
      else hi = mid;
    }
    return new Date(lo).toISOString();
  }
}

/** The national calendar, for dossiers received without a local overlay. */
export const nationalTime = new StatutoryTime(defaultCalendar);

/**
 * Working time for a dossier: the national data it started with (see holidays/data/index.ts on schedule patches),
 * plus the local overlay recorded in its input if any.
 */
export function statutoryTimeFor(
  overlay: LocalCalendarOverlay | null | undefined,
  schedules: readonly YearSchedule[] = NATIONAL_SCHEDULES,
): StatutoryTime {
  if (!overlay && schedules === NATIONAL_SCHEDULES) return nationalTime;
  return new StatutoryTime(buildCalendar(overlay ?? undefined, schedules));
}
