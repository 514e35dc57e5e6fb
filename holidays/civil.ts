/**
 * Integer date/time arithmetic on the proleptic Gregorian calendar, fixed at UTC+7 (Asia/Ho_Chi_Minh;
 * Vietnam has had no DST since 1975). No Date parsing, no host time zone: "day numbers" count days since
 * 1970-01-01 and "local minutes" count minutes since 1970-01-01T00:00 Vietnam time.
 */

export const VN_OFFSET_MINUTES = 7 * 60;
export const MINUTES_PER_DAY = 1440;

/** Bilingual error for bad input; the CLI prints only the message. */
export class CalendarInputError extends RangeError {
  constructor(vi: string, en: string) {
    super(`${vi} / ${en}`);
    this.name = 'CalendarInputError';
  }
}

/** Days since 1970-01-01 for a proleptic Gregorian date (era-based algorithm, exact for all years). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad4 = (n: number): string => String(n).padStart(4, '0');

export function formatDay(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict ISO calendar date `YYYY-MM-DD` into a day number. */
export function parseDay(iso: string): number {
  if (typeof iso !== 'string') throw new CalendarInputError('Ngày không hợp lệ', 'invalid date');
  // Fast path without regex for the hot loop.
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = digits(iso, 0, 4);
    const m = digits(iso, 5, 2);
    const d = digits(iso, 8, 2);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  const mt = DATE_RE.exec(iso);
  if (mt) {
    const y = +mt[1]!, m = +mt[2]!, d = +mt[3]!;
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  throw new CalendarInputError(`Ngày không hợp lệ: "${String(iso)}" (cần dạng YYYY-MM-DD)`, `invalid date "${String(iso)}" (expected YYYY-MM-DD)`);
}

function digits(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO date-time WITH an explicit offset (`Z` or `±hh:mm`) into Vietnam local minutes
 * (fractional minutes keep seconds). A date-time without offset is refused: its meaning would depend on
 * the host time zone.
 */
export function parseInstant(iso: string): number {
  const mt = typeof iso === 'string' ? INSTANT_RE.exec(iso) : null;
  if (!mt) {
    throw new CalendarInputError(
      `Thời điểm không hợp lệ: "${String(iso)}" (cần ISO 8601 có múi giờ, ví dụ 2025-01-24T16:30:00+07:00)`,
      `invalid instant "${String(iso)}" (expected ISO 8601 with offset, e.g. 2025-01-24T16:30:00+07:00)`,
    );
  }
  const y = +mt[1]!, mo = +mt[2]!, d = +mt[3]!, h = +mt[4]!, mi = +mt[5]!, s = mt[6] ? +mt[6] : 0;
  const frac = mt[7] ? +`0.${mt[7]}` : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || s > 59 || (h === 24 && (mi > 0 || s > 0))) {
    throw new CalendarInputError(`Thời điểm không hợp lệ: "${iso}"`, `invalid instant "${iso}"`);
  }
  let offset = 0;
  const tz = mt[8]!;
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const body = tz.slice(1).replace(':', '');
    offset = sign * (+body.slice(0, 2) * 60 + +body.slice(2, 4));
  }
  const utcMinutes = daysFromCivil(y, mo, d) * MINUTES_PER_DAY + h * 60 + mi + (s + frac) / 60 - offset;
  return utcMinutes + VN_OFFSET_MINUTES;
}

/** Formats Vietnam local minutes as `YYYY-MM-DDTHH:mm:ss+07:00` (seconds rounded). */
export function formatInstant(localMinutes: number): string {
  const totalSeconds = Math.round(localMinutes * 60);
  const day = Math.floor(totalSeconds / 86400);
  const sod = totalSeconds - day * 86400;
  const h = Math.floor(sod / 3600), mi = Math.floor((sod % 3600) / 60), s = sod % 60;
  return `${formatDay(day)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}+07:00`;
}

/** `HH:mm` → minutes of day. */
export function parseClock(hhmm: string): number {
  const mt = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!mt || +mt[1]! > 24 || +mt[2]! > 59 || (+mt[1]! === 24 && +mt[2]! > 0)) {
    throw new CalendarInputError(`Giờ không hợp lệ: "${hhmm}" (cần HH:mm)`, `invalid clock time "${hhmm}" (expected HH:mm)`);
  }
  return +mt[1]! * 60 + +mt[2]!;
}

export function formatClock(minuteOfDay: number): string {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(Math.round(minuteOfDay % 60))}`;
}

const VI_WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "Thứ Hai 27/01/2025" */
export function viDate(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return `${VI_WEEKDAYS[weekday(n)]} ${pad2(d)}/${pad2(m)}/${y}`;
}

export function viInstant(localMinutes: number): string {
  const day = Math.floor(localMinutes / MINUTES_PER_DAY);
  return `${formatClock(localMinutes - day * MINUTES_PER_DAY)} ${viDate(day)}`;
}
