/**
 * Vietnamese lunisolar calendar (âm lịch) computed at UTC+7.
 *
 * Written from the published astronomical formulas (J. Meeus, "Astronomical Algorithms", 2nd ed.):
 * ch. 49 (true new moon, with the periodic and planetary terms), ch. 25 (apparent solar longitude,
 * low-accuracy series) and the Espenak–Meeus polynomials for ΔT = TT − UT. Calendar rules:
 * a month starts on the local (UTC+7) day of the new moon; month 11 is the month containing the winter
 * solstice (solar longitude 270°); when 13 months separate two consecutive months 11, the first month
 * after the first month 11 that contains no major solar term (trung khí, a multiple of 30°) is the leap
 * month (tháng nhuận) and repeats the number of the month before it.
 *
 * Validated range: 1900-01-01 … 2050-12-31 (Gregorian). Dates outside it are refused.
 * Tables are built lazily on first use, deterministically (no clock, no I/O).
 */
import { CalendarInputError, civilFromDays, daysFromCivil, formatDay, parseDay } from './civil';

export const LUNAR_MIN = '1900-01-01';
export const LUNAR_MAX = '2050-12-31';
const MIN_DAY = daysFromCivil(1900, 1, 1);
const MAX_DAY = daysFromCivil(2050, 12, 31);

const RAD = Math.PI / 180;
const UNIX_EPOCH_JD = 2440587.5;
const VN_OFFSET_DAYS = 7 / 24;

const sin = (deg: number): number => Math.sin(deg * RAD);
const norm360 = (deg: number): number => ((deg % 360) + 360) % 360;

/** ΔT in seconds (Espenak & Meeus polynomial fits), y = decimal year. */
export function deltaT(y: number): number {
  if (y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y);
}

const jdToYear = (jd: number): number => 2000 + (jd - 2451545.0) / 365.25;

/** Julian Ephemeris Day of the true new moon number k (k = 0 near 2000-01-06), Meeus ch. 49. */
export function newMoonJDE(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T, T3 = T2 * T, T4 = T3 * T;
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3;
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4;
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4;
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3;
  jde +=
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(Om) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp);
  // Planetary arguments.
  const A: Array<[number, number, number]> = [
    [299.77, 0.107408, 0.000325],
    [251.88, 0.016321, 0.000165],
    [251.83, 26.651886, 0.000164],
    [349.42, 36.412478, 0.000126],
    [84.66, 18.206239, 0.00011],
    [141.74, 53.303771, 0.000062],
    [207.14, 2.453732, 0.00006],
    [154.84, 7.30686, 0.000056],
    [34.52, 27.261239, 0.000047],
    [207.19, 0.121824, 0.000042],
    [291.34, 1.844379, 0.00004],
    [161.72, 24.198154, 0.000037],
    [239.56, 25.513099, 0.000035],
    [331.55, 3.592518, 0.000023],
  ];
  for (let i = 0; i < A.length; i++) {
    const [a0, a1, c] = A[i]!;
    const arg = a0 + a1 * k - (i === 0 ? 0.009173 * T2 : 0);
    jde += c * sin(arg);
  }
  return jde;
}

/** Apparent geocentric solar longitude in degrees at a JDE (Meeus ch. 25, accuracy ≈ 0.01°). */
export function sunLongitude(jde: number): number {
  const T = (jde - 2451545.0) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) + (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
  const om = 125.04 - 1934.136 * T;
  return norm360(L0 + C - 0.00569 - 0.00478 * sin(om));
}

/** Local (UTC+7) day number on which new moon k falls. */
function newMoonDay(k: number): number {
  const jde = newMoonJDE(k);
  const jdUt = jde - deltaT(jdToYear(jde)) / 86400;
  return Math.floor(jdUt + VN_OFFSET_DAYS - UNIX_EPOCH_JD);
}

/** Major-term index (0..11, floor(λ/30)) at local midnight starting the given day. */
function termIndexAtDayStart(day: number): number {
  const jdUt = day + UNIX_EPOCH_JD - VN_OFFSET_DAYS;
  const jde = jdUt + deltaT(jdToYear(jdUt)) / 86400;
  return Math.floor(sunLongitude(jde) / 30);
}

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

interface MonthTable {
  start: Int32Array; // first local day of each month; start[i+1] ends month i
  month: Int8Array;
  leap: Uint8Array;
  year: Int16Array;
  index: Map<number, number>; // key(year, month, leap) → month index
}

let table: MonthTable | undefined;
const key = (y: number, m: number, leap: boolean): number => y * 32 + m * 2 + (leap ? 1 : 0);

function buildTable(): MonthTable {
  // New moons from ~1898 to ~2052 (k = 0 is 2000-01-06): enough to cover whole blocks around the range.
  const kFrom = Math.floor((1898.5 - 2000) * 12.3685);
  const kTo = Math.ceil((2052.5 - 2000) * 12.3685);
  const starts: number[] = [];
  for (let k = kFrom; k <= kTo; k++) starts.push(newMoonDay(k));
  const n = starts.length - 1; // months with a known end
  const terms: number[] = starts.map(termIndexAtDayStart);
  const hasMajorTerm = (i: number): boolean => terms[i] !== terms[i + 1];
  // Month 11 contains the 270° crossing: term index 9 at its end but not at its start. (A month can
  // contain two major terms, e.g. November–December 2033, so the start index is not always 8.)
  const m11: number[] = [];
  for (let i = 0; i < n; i++) if (terms[i] !== 9 && terms[i + 1] === 9) m11.push(i);
  const monthNo: number[] = new Array(n).fill(0);
  const leapFlag: boolean[] = new Array(n).fill(false);
  const yearNo: number[] = new Array(n).fill(0);
  for (let b = 0; b + 1 < m11.length; b++) {
    const a = m11[b]!, z = m11[b + 1]!;
    let leapAt = -1;
    if (z - a === 13) {
      for (let j = a + 1; j < z; j++) if (!hasMajorTerm(j)) { leapAt = j; break; }
    } else if (z - a !== 12) {
      throw new Error(`lunar: ${z - a} months between two months 11`);
    }
    let m = 11;
    let newYear = -1;
    for (let j = a; j < z; j++) {
      if (j !== a && j !== leapAt) m = (m % 12) + 1;
      monthNo[j] = m;
      leapFlag[j] = j === leapAt;
      if (m === 1 && j !== leapAt && newYear < 0) newYear = civilFromDays(starts[j]!).y;
    }
    for (let j = a; j < z; j++) yearNo[j] = monthNo[j]! >= 11 && (j < a + 3) ? newYear - 1 : newYear;
  }
  const first = m11[0]!, last = m11[m11.length - 1]!;
  const count = last - first;
  const t: MonthTable = {
    start: new Int32Array(count + 1),
    month: new Int8Array(count),
    leap: new Uint8Array(count),
    year: new Int16Array(count),
    index: new Map(),
  };
  for (let i = 0; i <= count; i++) t.start[i] = starts[first + i]!;
  for (let i = 0; i < count; i++) {
    t.month[i] = monthNo[first + i]!;
    t.leap[i] = leapFlag[first + i] ? 1 : 0;
    t.year[i] = yearNo[first + i]!;
    t.index.set(key(t.year[i]!, t.month[i]!, t.leap[i] === 1), i);
  }
  if (t.start[0]! > MIN_DAY || t.start[count]! <= MAX_DAY) throw new Error('lunar: table does not cover the validated range');
  return t;
}

function getTable(): MonthTable {
  return (table ??= buildTable());
}

function checkRange(day: number, iso: string): void {
  if (day < MIN_DAY || day > MAX_DAY) {
    throw new CalendarInputError(
      `Ngày ${iso} nằm ngoài khoảng âm lịch đã kiểm chứng (${LUNAR_MIN} … ${LUNAR_MAX})`,
      `date ${iso} is outside the validated lunar range (${LUNAR_MIN} … ${LUNAR_MAX})`,
    );
  }
}

/** Lunar date of a local day number. */
export function lunarOfDay(day: number): LunarDate {
  checkRange(day, formatDay(day));
  const t = getTable();
  let lo = 0, hi = t.month.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.start[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return { day: day - t.start[lo]! + 1, month: t.month[lo]!, year: t.year[lo]!, leap: t.leap[lo] === 1 };
}

/** Gregorian `YYYY-MM-DD` → lunar date (UTC+7). */
export function toLunar(isoDate: string): LunarDate {
  return lunarOfDay(parseDay(isoDate));
}

/** Day number of a lunar date; throws if the date does not exist or is out of range. */
export function dayOfLunar(year: number, month: number, day: number, leap = false): number {
  const t = getTable();
  const i = Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) ? t.index.get(key(year, month, leap)) : undefined;
  const label = `${day}/${month}${leap ? ' (nhuận/leap)' : ''}/${year}`;
  if (i === undefined) {
    throw new CalendarInputError(`Không có tháng âm lịch ${month}${leap ? ' nhuận' : ''} năm ${year} trong khoảng đã kiểm chứng`, `no lunar month ${month}${leap ? ' (leap)' : ''} in year ${year} within the validated range`);
  }
  const len = t.start[i + 1]! - t.start[i]!;
  if (day < 1 || day > len) throw new CalendarInputError(`Ngày âm lịch không tồn tại: ${label} (tháng có ${len} ngày)`, `lunar date ${label} does not exist (month has ${len} days)`);
  const n = t.start[i]! + day - 1;
  checkRange(n, formatDay(n));
  return n;
}

/** Lunar date → Gregorian `YYYY-MM-DD`. */
export function fromLunar(year: number, month: number, day: number, leap = false): string {
  return formatDay(dayOfLunar(year, month, day, leap));
}

/** Length (29 or 30) of a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  const t = getTable();
  const i = t.index.get(key(year, month, leap));
  if (i === undefined) throw new CalendarInputError(`Không có tháng âm lịch ${month} năm ${year}`, `no lunar month ${month} in ${year}`);
  return t.start[i + 1]! - t.start[i]!;
}

/** Leap month number of a lunar year, or 0. */
export function leapMonthOf(year: number): number {
  const t = getTable();
  for (let m = 1; m <= 12; m++) if (t.index.has(key(year, m, true))) return m;
  return 0;
}

/** Day number of Tết Nguyên Đán (1/1 lunar) of the lunar year starting in Gregorian year y. */
export function tetDay(y: number): number {
  return dayOfLunar(y, 1, 1);
}
