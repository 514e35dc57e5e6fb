/**
 * The civil-service working-day calendar: national schedules + rule-pack projections + a local overlay,
 * precomputed into day tables over the supported range so that day and working-hour arithmetic is O(1)
 * (O(log n) for adding working hours). Pure: no clock, no I/O, no host time zone.
 */
import {
  CalendarInputError, MINUTES_PER_DAY, daysFromCivil, formatClock, formatDay, formatInstant, parseClock, parseDay,
  parseInstant, viDate, weekday,
} from './civil';
import { NATIONAL_SCHEDULES } from './data/index';
import { CITATIONS, RULE_PACKS, isWeekend, projectYear } from './rules';
import { localOverlaySchema, type DayEntry, type LocalCalendarOverlay, type ParsedOverlay, type YearSchedule } from './schema';

/** Supported range of the working-day calendar (the lunar calendar itself covers 1900–2050). */
export const CALENDAR_MIN = '2014-01-01';
export const CALENDAR_MAX = '2050-12-31';
const DAY0 = daysFromCivil(2014, 1, 1);
const DAY_END = daysFromCivil(2050, 12, 31);
const N_DAYS = DAY_END - DAY0 + 1;

export const DEFAULT_OFFICE_HOURS: ReadonlyArray<readonly [string, string]> = [['07:30', '11:30'], ['13:30', '17:00']];
export const DEFAULT_SAME_DAY_CUTOFF = '15:00';
const ALGORITHM_ID = 'vn-civil-calendar/1';

export type DayReasonKind = DayEntry['kind'] | 'weekly-rest' | 'local-off' | 'local-work';

export interface DayReason {
  kind: DayReasonKind;
  /** Vietnamese name of the occasion. */
  occasion: string;
  /** Vietnamese reference (document number and date, or article of law). */
  source: string;
  confirmed: boolean;
  /** true when the day comes from a rule projection, not an official schedule. */
  provisional: boolean;
  note?: string;
}

export interface DayInfo {
  date: string;
  weekday: number;
  working: boolean;
  /** Why the day differs from the Mon–Fri default (absent for an ordinary weekday or weekend). */
  reason?: DayReason;
}

export interface ExplanationLine {
  /** Vietnamese text for citizens and auditors. */
  text: string;
  /** Legal or documentary reference. */
  source?: string;
  date?: string;
}

export type DurationUnit = 'working-days' | 'working-hours' | 'calendar-days' | 'same-day';

export interface DueDateInput {
  /** ISO date-time with offset. */
  receivedAt: string;
  duration: { unit: DurationUnit; amount: number };
  /** Paused intervals (e.g. waiting for supplementation), ISO date-times with offset. */
  pauses?: ReadonlyArray<{ from: string; to: string }>;
}

export interface DueDateResult {
  /** Appointment (ngày hẹn trả kết quả), ISO with +07:00. */
  dueAt: string;
  /** When the statutory clock started, ISO with +07:00. */
  startsAt: string;
  explanation: ExplanationLine[];
  calendarVersion: string;
}

export interface YearSummary {
  year: number;
  status: 'official' | 'provisional';
  nonWorkingWeekdays: string[];
  workingWeekendDays: string[];
  days: DayInfo[];
}

type Interval = readonly [number, number];

const WEEKLY_REST: DayReason = {
  kind: 'weekly-rest', occasion: 'Ngày nghỉ hằng tuần', source: CITATIONS['rule:WEEKLY-REST']!.vi, confirmed: true, provisional: false,
};

function rangeError(iso: string): CalendarInputError {
  return new CalendarInputError(
    `Ngày ${iso} nằm ngoài phạm vi lịch làm việc (${CALENDAR_MIN} … ${CALENDAR_MAX})`,
    `date ${iso} is outside the supported calendar range (${CALENDAR_MIN} … ${CALENDAR_MAX})`,
  );
}

/** 64-bit FNV-1a style hash as 16 hex chars (two independent 32-bit lanes). */
function stableHash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return ((h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0'));
}

function sourceText(schedule: YearSchedule | undefined, id: string): string {
  if (id.startsWith('rule:')) return CITATIONS[id]?.vi ?? id;
  const s = schedule?.sources.find((x) => x.id === id);
  if (!s) return id;
  const num = s.number ? `${s.number}` : '(số hiệu chưa đối chiếu)';
  const date = s.date ? ` ngày ${s.date.slice(8, 10)}/${s.date.slice(5, 7)}/${s.date.slice(0, 4)}` : '';
  return `${s.issuer}, văn bản ${num}${date}: ${s.title}`;
}

export class Calendar {
  /** Stable version of data + rule packs + overlay + algorithm; record it in workflow history. */
  readonly version: string;
  readonly overlay: ParsedOverlay | null;
  readonly sameDayCutoffMinutes: number;

  private readonly working = new Uint8Array(N_DAYS);
  /** cum[i] = number of working days in [DAY0, DAY0 + i]. */
  private readonly cum = new Int32Array(N_DAYS);
  /** ordinal[k] = index of the (k+1)-th working day. */
  private readonly ordinal: Int32Array;
  private readonly reasons = new Map<number, DayReason>();
  /** cumMin[i] = office minutes in days [DAY0, DAY0 + i). */
  private readonly cumMin = new Float64Array(N_DAYS + 1);
  private readonly hoursByWeekday: Interval[][];
  private readonly isoCache: string[] = new Array(N_DAYS);
  private readonly officialYears = new Set<number>();

  constructor(overlayInput?: LocalCalendarOverlay, schedules: readonly YearSchedule[] = NATIONAL_SCHEDULES) {
    let overlay: ParsedOverlay | null = null;
    if (overlayInput !== undefined) {
      const r = localOverlaySchema.safeParse(overlayInput);
      if (!r.success) {
        const msg = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new CalendarInputError(`Lịch địa phương không hợp lệ: ${msg}`, `invalid local calendar overlay: ${msg}`);
      }
      overlay = r.data;
    }
    this.overlay = overlay;
    this.sameDayCutoffMinutes = parseClock(overlay?.sameDayCutoff ?? DEFAULT_SAME_DAY_CUTOFF);
    const def = (overlay?.officeHours ?? DEFAULT_OFFICE_HOURS).map(([a, b]) => [parseClock(a), parseClock(b)] as const);
    this.hoursByWeekday = [0, 1, 2, 3, 4, 5, 6].map((w) => {
      const o = overlay?.officeHoursByWeekday?.[String(w)];
      return o ? o.map(([a, b]) => [parseClock(a), parseClock(b)] as const) : def;
    });

    // 1. Default week + projections for years without an official schedule.
    const byYear = new Map(schedules.map((s) => [s.year, s]));
    for (const s of schedules) this.officialYears.add(s.year);
    for (let i = 0; i < N_DAYS; i++) this.working[i] = isWeekend(DAY0 + i) ? 0 : 1;
    const apply = (e: DayEntry, reason: DayReason): void => {
      const i = parseDay(e.date) - DAY0;
      if (i < 0 || i >= N_DAYS) return;
      this.working[i] = e.kind === 'swap-work' ? 1 : 0;
      this.reasons.set(i, reason);
    };
    for (let y = 2014; y <= 2050; y++) {
      if (byYear.has(y)) continue;
      for (const e of projectYear(y)) {
        apply(e, { kind: e.kind, occasion: e.occasion, source: sourceText(undefined, e.source), confirmed: false, provisional: true, note: e.note });
      }
    }
    // 2. Official schedules override (they may reach into neighbouring years: cross-year swaps).
    for (const s of schedules) {
      for (const e of s.days) {
        apply(e, { kind: e.kind, occasion: e.occasion, source: sourceText(s, e.source), confirmed: e.confirmed, provisional: false, note: e.note });
      }
    }
    // 3. Local overlay.
    if (overlay) {
      const src = overlay.source ? `${overlay.name} — ${overlay.source}` : overlay.name;
      for (const d of overlay.extraDaysOff) {
        const i = parseDay(d.date) - DAY0;
        if (i < 0 || i >= N_DAYS) continue;
        this.working[i] = 0;
        this.reasons.set(i, { kind: 'local-off', occasion: d.reason, source: d.source ?? src, confirmed: true, provisional: false });
      }
      for (const d of overlay.extraWorkingDays) {
        const i = parseDay(d.date) - DAY0;
        if (i < 0 || i >= N_DAYS) continue;
        this.working[i] = 1;
        this.reasons.set(i, { kind: 'local-work', occasion: d.reason, source: d.source ?? src, confirmed: true, provisional: false });
      }
    }
    // 4. Tables.
    let c = 0;
    for (let i = 0; i < N_DAYS; i++) {
      c += this.working[i]!;
      this.cum[i] = c;
      this.cumMin[i + 1] = this.cumMin[i]! + (this.working[i] ? this.dayOfficeMinutes(i) : 0);
      this.isoCache[i] = formatDay(DAY0 + i);
    }
    this.ordinal = new Int32Array(c);
    for (let i = 0, k = 0; i < N_DAYS; i++) if (this.working[i]) this.ordinal[k++] = i;

    this.version = `vncal1-${stableHash(JSON.stringify({ a: ALGORITHM_ID, packs: RULE_PACKS, data: schedules, overlay }))}`;
  }

  // ---------------------------------------------------------------- days

  private idx(iso: string): number {
    const i = parseDay(iso) - DAY0;
    if (i < 0 || i >= N_DAYS) throw rangeError(iso);
    return i;
  }

  private idxOfDay(day: number): number {
    const i = day - DAY0;
    if (i < 0 || i >= N_DAYS) throw rangeError(formatDay(day));
    return i;
  }

  isWorkingDay(isoDate: string): boolean {
    return this.working[this.idx(isoDate)] === 1;
  }

  /**
   * n > 0: the n-th working day strictly after `isoDate`; n < 0: the |n|-th working day strictly before;
   * n = 0: `isoDate` itself. For n ≥ 0, workingDaysBetween(d, addWorkingDays(d, n)) === n.
   */
  addWorkingDays(isoDate: string, n: number): string {
    const i = this.idx(isoDate);
    if (!Number.isInteger(n)) throw new CalendarInputError(`Số ngày làm việc phải là số nguyên: ${n}`, `working-day count must be an integer: ${n}`);
    if (n === 0) return this.isoCache[i]!;
    const target = n > 0 ? this.cum[i]! + n : (i > 0 ? this.cum[i - 1]! : 0) + n + 1; // 1-based ordinal
    if (target < 1 || target > this.ordinal.length) {
      throw new CalendarInputError(
        `Kết quả vượt ngoài phạm vi lịch (${CALENDAR_MIN} … ${CALENDAR_MAX})`,
        `result is outside the supported calendar range (${CALENDAR_MIN} … ${CALENDAR_MAX})`,
      );
    }
    return this.isoCache[this.ordinal[target - 1]!]!;
  }

  /** Working days in (a, b]; negative when b < a. */
  workingDaysBetween(a: string, b: string): number {
    return this.cum[this.idx(b)]! - this.cum[this.idx(a)]!;
  }

  nextWorkingDay(isoDate: string): string {
    return this.addWorkingDays(isoDate, 1);
  }

  previousWorkingDay(isoDate: string): string {
    return this.addWorkingDays(isoDate, -1);
  }

  /** Explains one day: working or not, and why (with the document or article). */
  dayInfo(isoDate: string): DayInfo {
    const i = this.idx(isoDate);
    return this.dayInfoAt(i);
  }

  private dayInfoAt(i: number): DayInfo {
    const day = DAY0 + i;
    const reason = this.reasons.get(i) ?? (isWeekend(day) ? WEEKLY_REST : undefined);
    return { date: this.isoCache[i]!, weekday: weekday(day), working: this.working[i] === 1, ...(reason ? { reason } : {}) };
  }

  /** Weekdays off and weekend days worked in a Gregorian year. */
  year(year: number): YearSummary {
    if (!Number.isInteger(year) || year < 2014 || year > 2050) {
      throw new CalendarInputError(`Năm ${year} nằm ngoài phạm vi lịch (2014 … 2050)`, `year ${year} is outside the supported range (2014 … 2050)`);
    }
    const from = daysFromCivil(year, 1, 1) - DAY0, to = daysFromCivil(year, 12, 31) - DAY0;
    const res: YearSummary = { year, status: this.officialYears.has(year) ? 'official' : 'provisional', nonWorkingWeekdays: [], workingWeekendDays: [], days: [] };
    for (let i = from; i <= to; i++) {
      const weekend = isWeekend(DAY0 + i);
      const w = this.working[i] === 1;
      if (!weekend && !w) res.nonWorkingWeekdays.push(this.isoCache[i]!);
      if (weekend && w) res.workingWeekendDays.push(this.isoCache[i]!);
      if (weekend === w || this.reasons.has(i)) res.days.push(this.dayInfoAt(i));
    }
    return res;
  }

  /** Whether a year's schedule is official (announced) or projected from the rules. */
  yearStatus(year: number): 'official' | 'provisional' {
    return this.officialYears.has(year) ? 'official' : 'provisional';
  }

  // ---------------------------------------------------------------- office hours

  /** Office intervals of a day index (minutes of day); empty on non-working days. */
  private intervals(i: number): Interval[] {
    return this.working[i] ? this.hoursByWeekday[weekday(DAY0 + i)]! : [];
  }

  private dayOfficeMinutes(i: number): number {
    let s = 0;
    for (const [a, b] of this.hoursByWeekday[weekday(DAY0 + i)]!) s += b - a;
    return s;
  }

  /** Office hours of a date as `HH:mm` pairs (empty on a non-working day). */
  officeHours(isoDate: string): Array<[string, string]> {
    return this.intervals(this.idx(isoDate)).map(([a, b]) => [formatClock(a), formatClock(b)]);
  }

  /** Office hours in one working day under the default week (e.g. 7.5 for 07:30–11:30 + 13:30–17:00). */
  get hoursPerWorkingDay(): number {
    return this.dayOfficeMinutes(daysFromCivil(2025, 1, 6) - DAY0) / 60; // a Monday
  }

  /** Whether the reception desk is open at an instant: office hours, or local Saturday reception hours. */
  isReceptionOpen(instantIso: string): boolean {
    const t = parseInstant(instantIso);
    const day = Math.floor(t / MINUTES_PER_DAY), tod = t - day * MINUTES_PER_DAY;
    const i = this.idxOfDay(day);
    const inside = (ivs: readonly Interval[]): boolean => ivs.some(([a, b]) => tod >= a && tod < b);
    if (inside(this.intervals(i))) return true;
    const sat = this.overlay?.saturdayReception;
    if (sat && weekday(day) === 6 && !this.working[i] && !this.reasons.has(i)) {
      const iso = this.isoCache[i]!;
      if ((!sat.from || iso >= sat.from) && (!sat.to || iso <= sat.to)) return inside(sat.hours.map(([a, b]) => [parseClock(a), parseClock(b)] as const));
    }
    return false;
  }

  /** Office-time position (minutes since DAY0 counting only office minutes) of local minutes t. */
  private pos(t: number): number {
    const day = Math.floor(t / MINUTES_PER_DAY);
    const i = this.idxOfDay(day);
    const tod = t - day * MINUTES_PER_DAY;
    let p = this.cumMin[i]!;
    for (const [a, b] of this.intervals(i)) {
      if (tod <= a) break;
      p += Math.min(tod, b) - a;
    }
    return p;
  }

  /** Earliest local instant whose office-time position reaches p. */
  private instantAt(p: number, notBefore: number): number {
    if (p <= this.pos(notBefore)) return notBefore;
    if (p > this.cumMin[N_DAYS]!) {
      throw new CalendarInputError(`Kết quả vượt ngoài phạm vi lịch (${CALENDAR_MIN} … ${CALENDAR_MAX})`, `result is outside the supported calendar range (${CALENDAR_MIN} … ${CALENDAR_MAX})`);
    }
    // Largest i with cumMin[i] < p: the day in which position p is reached.
    let lo = 0, hi = N_DAYS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cumMin[mid]! < p) lo = mid;
      else hi = mid - 1;
    }
    let r = p - this.cumMin[lo]!;
    for (const [a, b] of this.intervals(lo)) {
      if (r <= b - a) return (DAY0 + lo) * MINUTES_PER_DAY + a + r;
      r -= b - a;
    }
    return (DAY0 + lo + 1) * MINUTES_PER_DAY; // unreachable: day totals match cumMin
  }

  /** The instant itself if the office is open then, otherwise the next opening. */
  private nextOpening(t: number): number {
    let day = Math.floor(t / MINUTES_PER_DAY);
    let tod = t - day * MINUTES_PER_DAY;
    for (;;) {
      const i = this.idxOfDay(day);
      for (const [a, b] of this.intervals(i)) {
        if (tod < a) return day * MINUTES_PER_DAY + a;
        if (tod < b) return day * MINUTES_PER_DAY + tod;
      }
      day++;
      tod = -1;
    }
  }

  private closeOfDay(i: number): number {
    const ivs = this.intervals(i);
    return (DAY0 + i) * MINUTES_PER_DAY + ivs[ivs.length - 1]![1];
  }

  private openOfDay(i: number): number {
    return (DAY0 + i) * MINUTES_PER_DAY + this.intervals(i)[0]![0];
  }

  /** Adds working hours counted only within office hours on working days. */
  addWorkingHours(instantIso: string, hours: number): string {
    if (!Number.isFinite(hours) || hours < 0) throw new CalendarInputError(`Số giờ không hợp lệ: ${hours}`, `invalid number of hours: ${hours}`);
    const t = parseInstant(instantIso);
    return formatInstant(this.addMinutesLocal(t, hours * 60));
  }

  private addMinutesLocal(t: number, minutes: number): number {
    if (minutes === 0) return t;
    return this.instantAt(this.pos(t) + minutes, t);
  }

  /** Working hours between two instants (office hours on working days only), minus pauses; negative if b < a. */
  workingHoursBetween(aIso: string, bIso: string, pauses?: ReadonlyArray<{ from: string; to: string }>): number {
    const a = parseInstant(aIso), b = parseInstant(bIso);
    if (b < a) return -this.workingHoursBetween(bIso, aIso, pauses);
    let m = this.pos(b) - this.pos(a);
    for (const [pf, pt] of this.mergePauses(pauses)) {
      const f = Math.max(pf, a), e = Math.min(pt, b);
      if (e > f) m -= this.pos(e) - this.pos(f);
    }
    return m / 60;
  }

  private mergePauses(pauses?: ReadonlyArray<{ from: string; to: string }>): Array<[number, number]> {
    const list = (pauses ?? []).map((p) => {
      const f = parseInstant(p.from), e = parseInstant(p.to);
      if (e < f) throw new CalendarInputError(`Khoảng tạm dừng không hợp lệ: ${p.from} → ${p.to}`, `invalid pause interval: ${p.from} → ${p.to}`);
      return [f, e] as [number, number];
    });
    list.sort((x, y) => x[0] - y[0]);
    const out: Array<[number, number]> = [];
    for (const p of list) {
      const last = out[out.length - 1];
      if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
      else out.push([p[0], p[1]]);
    }
    return out;
  }

  /** Consumes `budget` office minutes from `start`, skipping paused intervals. */
  private sweep(start: number, budget: number, pauses: Array<[number, number]>): number {
    let cursor = start, remaining = budget;
    for (const [pf, pt] of pauses) {
      if (pt <= cursor) continue;
      if (pf > cursor) {
        const avail = this.pos(pf) - this.pos(cursor);
        if (avail >= remaining) return this.addMinutesLocal(cursor, remaining);
        remaining -= avail;
      }
      cursor = Math.max(cursor, pt);
    }
    return this.addMinutesLocal(cursor, remaining);
  }

  // ---------------------------------------------------------------- due date

  /** Appointment date-time for a dossier, with a Vietnamese explanation of every step. */
  dueDate(input: DueDateInput): DueDateResult {
    const { unit, amount } = input.duration ?? ({} as DueDateInput['duration']);
    if (!['working-days', 'working-hours', 'calendar-days', 'same-day'].includes(unit)) {
      throw new CalendarInputError(`Đơn vị thời hạn không hợp lệ: ${String(unit)}`, `invalid duration unit: ${String(unit)}`);
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || (unit !== 'working-hours' && !Number.isInteger(amount))) {
      throw new CalendarInputError(`Thời hạn không hợp lệ: ${String(amount)}`, `invalid duration amount: ${String(amount)}`);
    }
    const r = parseInstant(input.receivedAt);
    const rDay = Math.floor(r / MINUTES_PER_DAY);
    const ri = this.idxOfDay(rDay);
    const pauses = this.mergePauses(input.pauses);
    const ex: ExplanationLine[] = [];
    const at = (t: number): string => {
      const d = Math.floor(t / MINUTES_PER_DAY);
      return `${formatClock(t - d * MINUTES_PER_DAY)} ${viDate(d)}`;
    };
    ex.push({ text: `Tiếp nhận hồ sơ lúc ${at(r)}.`, date: this.isoCache[ri] });
    const opening = this.nextOpening(r);
    const inOffice = opening === r;
    if (!inOffice) {
      const why = this.working[ri] ? 'ngoài giờ hành chính' : `ngày không làm việc (${this.describe(ri)})`;
      ex.push({ text: `Thời điểm tiếp nhận là ${why}; thời gian giải quyết tính từ giờ mở cửa kế tiếp: ${at(opening)}.` });
    }

    let startsAt: number;
    let base: number;
    const dayWord = unit === 'calendar-days' ? 'ngày' : 'ngày làm việc';
    if (unit === 'working-days' || unit === 'calendar-days') {
      ex.push({
        text: `Thời hạn ${amount} ${dayWord}; không tính ngày tiếp nhận (${viDate(rDay)}), bắt đầu tính từ ngày tiếp theo.`,
        source: CITATIONS['rule:CC2015-147']!.vi,
      });
      if (amount === 0) {
        startsAt = opening;
        base = this.working[ri] && r <= this.closeOfDay(ri) ? this.closeOfDay(ri) : this.closeOfDay(this.idx(this.addWorkingDays(this.isoCache[ri]!, 1)));
      } else if (unit === 'working-days') {
        const last = this.idx(this.addWorkingDays(this.isoCache[ri]!, amount));
        const first = this.idx(this.addWorkingDays(this.isoCache[ri]!, 1));
        startsAt = this.openOfDay(first);
        this.explainSkipped(ex, ri + 1, last);
        ex.push({ text: `Ngày làm việc thứ ${amount} là ${viDate(DAY0 + last)}; hạn trả kết quả vào cuối giờ làm việc ngày đó.` });
        base = this.closeOfDay(last);
      } else {
        startsAt = (rDay + 1) * MINUTES_PER_DAY;
        const end = this.idxOfDay(rDay + amount);
        ex.push({ text: `Ngày cuối cùng của thời hạn: ${viDate(DAY0 + end)}.` });
        let j = end;
        if (!this.working[j]) {
          while (j < N_DAYS && !this.working[j]) j++;
          this.idxOfDay(DAY0 + j);
          ex.push({
            text: `${viDate(DAY0 + end)} là ngày không làm việc (${this.describe(end)}); thời hạn kết thúc vào cuối ngày làm việc tiếp theo: ${viDate(DAY0 + j)}.`,
            source: CITATIONS['rule:CC2015-148']!.vi,
          });
        }
        base = this.closeOfDay(j);
      }
    } else if (unit === 'working-hours') {
      startsAt = opening;
      ex.push({ text: `Thời hạn ${amount} giờ làm việc, tính từ ${at(startsAt)}, chỉ tính giờ hành chính của ngày làm việc.`, source: 'Bộ luật Dân sự 2015, khoản 1 Điều 147 (thời hạn tính bằng giờ bắt đầu từ thời điểm đã xác định)' });
      base = this.addMinutesLocal(startsAt, amount * 60);
      const firstDay = Math.floor(startsAt / MINUTES_PER_DAY) - DAY0, lastDay = Math.floor(base / MINUTES_PER_DAY) - DAY0;
      if (lastDay > firstDay) this.explainSkipped(ex, firstDay + 1, lastDay);
    } else {
      // same-day with cut-off
      const cutoff = this.sameDayCutoffMinutes;
      const tod = r - rDay * MINUTES_PER_DAY;
      startsAt = opening;
      if (this.working[ri] && tod < cutoff && Math.floor(opening / MINUTES_PER_DAY) === rDay) {
        base = this.closeOfDay(ri);
        ex.push({ text: `Thủ tục trả kết quả trong ngày: hồ sơ nhận trước ${formatClock(cutoff)} được trả trong ngày, lúc ${at(base)}.` });
      } else {
        const next = this.idx(this.addWorkingDays(this.isoCache[ri]!, 1));
        base = this.closeOfDay(next);
        ex.push({ text: `Thủ tục trả kết quả trong ngày: hồ sơ nhận sau ${formatClock(cutoff)} hoặc ngoài ngày làm việc được trả vào ngày làm việc tiếp theo, lúc ${at(base)}.` });
        this.explainSkipped(ex, ri + 1, next);
      }
    }

    let due = base;
    if (pauses.length > 0) {
      if (unit === 'calendar-days') {
        let ms = 0;
        for (const [f, e] of pauses) ms += Math.max(0, e - Math.max(f, startsAt));
        const extraDays = Math.ceil(ms / MINUTES_PER_DAY);
        for (const [f, e] of pauses) ex.push({ text: `Tạm dừng từ ${at(f)} đến ${at(e)} (chờ bổ sung hồ sơ): không tính vào thời hạn.` });
        if (extraDays > 0) {
          let j = Math.floor(base / MINUTES_PER_DAY) - DAY0 + extraDays;
          while (j < N_DAYS && !this.working[j]) j++;
          this.idxOfDay(DAY0 + j);
          due = this.closeOfDay(j);
          ex.push({ text: `Cộng thêm ${extraDays} ngày tạm dừng; hạn mới: ${at(due)}.` });
        }
      } else {
        const budget = this.pos(base) - this.pos(startsAt);
        due = this.sweep(startsAt, budget, pauses);
        for (const [f, e] of pauses) {
          const wm = this.pos(Math.min(e, due)) - this.pos(Math.max(f, startsAt));
          ex.push({ text: `Tạm dừng từ ${at(f)} đến ${at(e)} (chờ bổ sung hồ sơ): không tính ${fmtHours(Math.max(0, wm))} giờ làm việc.` });
        }
        if (due !== base) ex.push({ text: `Hạn trả kết quả sau khi loại trừ thời gian tạm dừng: ${at(due)}.` });
      }
    }
    const dueDayIdx = Math.floor(due / MINUTES_PER_DAY) - DAY0;
    const dueReason = this.reasons.get(dueDayIdx);
    if (dueReason?.kind === 'swap-work' || dueReason?.kind === 'local-work') {
      ex.push({ text: `${viDate(DAY0 + dueDayIdx)} là ngày làm việc (${dueReason.occasion}, làm bù).`, source: dueReason.source });
    }
    if (this.reasons.get(dueDayIdx)?.provisional || this.anyProvisional(Math.floor(startsAt / MINUTES_PER_DAY) - DAY0, dueDayIdx)) {
      ex.push({ text: 'Lưu ý: lịch nghỉ của năm liên quan chưa có thông báo chính thức; kết quả tính theo lịch dự kiến từ Bộ luật Lao động.' });
    }
    ex.push({ text: `Hẹn trả kết quả: ${at(due)}.` });
    return { dueAt: formatInstant(due), startsAt: formatInstant(startsAt), explanation: ex, calendarVersion: this.version };
  }

  private anyProvisional(fromIdx: number, toIdx: number): boolean {
    for (let i = Math.max(0, fromIdx); i <= toIdx && i < N_DAYS; i++) {
      const r = this.reasons.get(i);
      if (r?.provisional) return true;
    }
    return false;
  }

  private describe(i: number): string {
    const r = this.reasons.get(i) ?? (isWeekend(DAY0 + i) ? WEEKLY_REST : undefined);
    if (!r) return 'ngày làm việc';
    return r.kind === 'weekly-rest' ? r.occasion : `${r.occasion} — ${kindVi(r.kind)}`;
  }

  /** Adds explanation lines for non-working days in [fromIdx, toIdx] and worked weekend days. */
  private explainSkipped(ex: ExplanationLine[], fromIdx: number, toIdx: number): void {
    let weekends = 0;
    for (let i = fromIdx; i <= toIdx; i++) {
      const r = this.reasons.get(i);
      if (!this.working[i] && !r) { weekends++; continue; }
      if (!r) continue;
      const flag = r.provisional ? ' (dự kiến, chưa có thông báo chính thức)' : r.confirmed ? '' : ' (chưa xác nhận)';
      if (!this.working[i]) ex.push({ text: `Không tính ${viDate(DAY0 + i)}: ${r.occasion} — ${kindVi(r.kind)}${flag}.`, source: r.source, date: this.isoCache[i] });
      else ex.push({ text: `Có tính ${viDate(DAY0 + i)}: ngày làm việc bù (${r.occasion})${flag}.`, source: r.source, date: this.isoCache[i] });
    }
    if (weekends > 0) ex.push({ text: `Không tính ${weekends} ngày nghỉ hằng tuần (thứ Bảy, Chủ nhật).`, source: WEEKLY_REST.source });
  }
}

function kindVi(k: DayReasonKind): string {
  switch (k) {
    case 'holiday': return 'nghỉ lễ, tết';
    case 'compensatory': return 'nghỉ bù';
    case 'swap-off': return 'nghỉ hoán đổi';
    case 'swap-work': return 'làm bù';
    case 'weekly-rest': return 'nghỉ hằng tuần';
    case 'local-off': return 'nghỉ theo lịch địa phương';
    case 'local-work': return 'làm việc theo lịch địa phương';
  }
}

function fmtHours(minutes: number): string {
  return (Math.round((minutes / 60) * 100) / 100).toString().replace('.', ',');
}

/**
 * Builds a calendar: national schedules + rules, optionally with a local overlay (plain object, validated).
 * `schedules` defaults to all national data known today; workflows pass the data their dossier started with.
 */
export function buildCalendar(overlay?: LocalCalendarOverlay, schedules?: readonly YearSchedule[]): Calendar {
  return new Calendar(overlay, schedules);
}
