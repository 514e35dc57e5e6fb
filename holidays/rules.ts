/**
 * Statutory holiday rule packs (versioned) and the projection of a year that has no official schedule.
 * Weekly rest of state agencies: Saturday and Sunday (Decision 188/1999/QĐ-TTg).
 */
import { daysFromCivil, formatDay as fmt, weekday } from './civil';
import { dayOfLunar, tetDay } from './lunar';
import type { DayEntry } from './schema';

export interface Citation {
  id: string;
  /** Vietnamese reference as printed in explanations. */
  vi: string;
}

export const CITATIONS: Record<string, Citation> = {
  'rule:WEEKLY-REST': { id: 'rule:WEEKLY-REST', vi: 'Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ, nghỉ thứ Bảy và Chủ nhật)' },
  'rule:LC2012-115': { id: 'rule:LC2012-115', vi: 'Bộ luật Lao động 2012, khoản 1 Điều 115 (nghỉ lễ, tết)' },
  'rule:LC2012-115.3': { id: 'rule:LC2012-115.3', vi: 'Bộ luật Lao động 2012, khoản 3 Điều 115 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)' },
  'rule:LC2019-112': { id: 'rule:LC2019-112', vi: 'Bộ luật Lao động 2019, khoản 1 Điều 112 (nghỉ lễ, tết)' },
  'rule:LC2019-111.3': { id: 'rule:LC2019-111.3', vi: 'Bộ luật Lao động 2019, khoản 3 Điều 111 (nghỉ bù khi ngày nghỉ hằng tuần trùng ngày lễ, tết)' },
  'rule:CC2015-147': { id: 'rule:CC2015-147', vi: 'Bộ luật Dân sự 2015, Điều 147 (thời điểm bắt đầu thời hạn: không tính ngày đầu tiên)' },
  'rule:CC2015-148': { id: 'rule:CC2015-148', vi: 'Bộ luật Dân sự 2015, Điều 148 (kết thúc thời hạn; ngày cuối là ngày nghỉ thì kết thúc vào cuối ngày làm việc tiếp theo)' },
};

export type RulePackId = 'LC2012' | 'LC2019';

export interface RulePack {
  id: RulePackId;
  /** First and last Gregorian year the pack governs. */
  from: number;
  to: number;
  holidayCitation: string;
  compensationCitation: string;
  /** Number of days for Quốc khánh: 1 (2/9) or 2 (2/9 + one adjacent day). */
  nationalDayDays: 1 | 2;
}

export const RULE_PACKS: readonly RulePack[] = [
  // Labor Code 2012 art. 115, in force 2013-05-01 … 2020-12-31.
  { id: 'LC2012', from: 2013, to: 2020, holidayCitation: 'rule:LC2012-115', compensationCitation: 'rule:LC2012-115.3', nationalDayDays: 1 },
  // Labor Code 2019 art. 112, in force from 2021-01-01.
  { id: 'LC2019', from: 2021, to: 9999, holidayCitation: 'rule:LC2019-112', compensationCitation: 'rule:LC2019-111.3', nationalDayDays: 2 },
];

export function rulePackFor(year: number): RulePack {
  const p = RULE_PACKS.find((r) => year >= r.from && year <= r.to);
  if (!p) throw new RangeError(`no holiday rule pack for ${year}`);
  return p;
}

export const isWeekend = (day: number): boolean => {
  const w = weekday(day);
  return w === 0 || w === 6;
};

const NAMES = {
  ny: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán (Tết Âm lịch)',
  hv: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
  r30: 'Ngày Chiến thắng (30/4)',
  l15: 'Ngày Quốc tế Lao động (1/5)',
  qk: 'Quốc khánh (2/9)',
};

/** Statutory holidays of a year as [day number, occasion] (weekends included, before compensation). */
export function statutoryHolidays(year: number): Array<[number, string]> {
  const pack = rulePackFor(year);
  const out: Array<[number, string]> = [];
  out.push([daysFromCivil(year, 1, 1), NAMES.ny]);
  // Tết: 5 days; projected as the last day of the lunar year plus days 1–4 (the PM fixes the real days).
  const tet = tetDay(year);
  for (let i = -1; i < 4; i++) out.push([tet + i, NAMES.tet]);
  out.push([dayOfLunar(year, 3, 10), NAMES.hv]);
  out.push([daysFromCivil(year, 4, 30), NAMES.r30]);
  out.push([daysFromCivil(year, 5, 1), NAMES.l15]);
  const qk = daysFromCivil(year, 9, 2);
  out.push([qk, NAMES.qk]);
  if (pack.nationalDayDays === 2) {
    // Adjacent day (decided yearly): projected as the one that bridges to a weekend.
    const w = weekday(qk);
    const adj = w === 2 || w === 5 || w === 6 ? qk - 1 : qk + 1;
    out.push([adj, NAMES.qk]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Projected schedule for a year without an official announcement: statutory holidays on weekdays, and for
 * each holiday on a weekly rest day a compensatory day on the next working day. All entries are flagged
 * `confirmed: false` (status `provisional`).
 */
export function projectYear(year: number): DayEntry[] {
  const pack = rulePackFor(year);
  const hol = statutoryHolidays(year);
  const holidaySet = new Set(hol.map(([d]) => d));
  const taken = new Set<number>();
  const entries: DayEntry[] = [];
  const iso = fmt;
  for (const [d, occasion] of hol) {
    if (!isWeekend(d)) {
      entries.push({ date: iso(d), kind: 'holiday', occasion, source: pack.holidayCitation, confirmed: false, note: 'Dự kiến theo luật (chưa có thông báo chính thức).' });
    }
  }
  for (const [d, occasion] of hol) {
    if (!isWeekend(d)) continue;
    let c = d + 1;
    while (isWeekend(c) || holidaySet.has(c) || taken.has(c)) c++;
    taken.add(c);
    entries.push({ date: iso(c), kind: 'compensatory', occasion, source: pack.compensationCitation, confirmed: false, note: `Nghỉ bù dự kiến cho ngày ${fmt(d)} trùng ngày nghỉ hằng tuần.` });
  }
  return entries.sort((a, b) => (a.date < b.date ? -1 : 1));
}
