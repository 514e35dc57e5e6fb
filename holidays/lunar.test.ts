import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatDay } from './civil';
import { fromLunar, leapMonthOf, lunarOfDay, toLunar } from './lunar';

describe('lunar calendar at UTC+7', () => {
  // Tết Nguyên Đán, Vietnam. 1968, 1985, 2007, 2030 differ from the Chinese (UTC+8) calendar.
  const tet: Array<[number, string]> = [
    [1968, '1968-01-29'], [1985, '1985-01-21'], [2007, '2007-02-17'], [2030, '2030-02-02'],
    [2019, '2019-02-05'], [2020, '2020-01-25'], [2021, '2021-02-12'], [2022, '2022-02-01'],
    [2023, '2023-01-22'], [2024, '2024-02-10'], [2025, '2025-01-29'], [2026, '2026-02-17'],
  ];
  it.each(tet)('Tết %i is %s', (y, iso) => {
    expect(fromLunar(y, 1, 1)).toBe(iso);
    expect(toLunar(iso)).toEqual({ day: 1, month: 1, year: y, leap: false });
  });

  // Giỗ Tổ Hùng Vương (10/3 lunar) as published in the yearly schedules.
  it.each([
    [2019, '2019-04-14'], [2020, '2020-04-02'], [2021, '2021-04-21'], [2022, '2022-04-10'],
    [2023, '2023-04-29'], [2024, '2024-04-18'], [2025, '2025-04-07'], [2026, '2026-04-26'],
  ] as Array<[number, string]>)('Giỗ Tổ %i is %s', (y, iso) => expect(fromLunar(y, 3, 10)).toBe(iso));

  it('leap months', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2033)).toBe(11); // a month with two major terms (Nov–Dec 2033)
    expect(leapMonthOf(2024)).toBe(0);
    expect(fromLunar(2025, 6, 1, true)).toBe('2025-07-25');
  });

  it('range edges and refusal outside', () => {
    expect(toLunar('1900-01-01')).toEqual({ day: 1, month: 12, year: 1899, leap: false });
    expect(() => toLunar('1899-12-31')).toThrow(/outside the validated lunar range/);
    expect(() => toLunar('2051-01-01')).toThrow(/outside the validated lunar range/);
    expect(() => fromLunar(2025, 2, 30)).toThrow(/does not exist/);
    expect(() => fromLunar(2024, 5, 1, true)).toThrow(/no lunar month/);
  });

  it('round-trips every day of 1900–2050 and months are 29/30 days', () => {
    const from = daysFromCivil(1900, 1, 1), to = daysFromCivil(2050, 12, 31);
    let prev = lunarOfDay(from);
    for (let d = from + 1; d <= to; d++) {
      const l = lunarOfDay(d);
      if (l.day === 1) expect(prev.day === 29 || prev.day === 30).toBe(true);
      else expect(l.day).toBe(prev.day + 1);
      prev = l;
    }
    fc.assert(fc.property(fc.integer({ min: from, max: to }), (d) => {
      const l = lunarOfDay(d);
      expect(fromLunar(l.year, l.month, l.day, l.leap)).toBe(formatDay(d));
    }), { numRuns: 5000 });
  });

  it('does not depend on the host time zone', () => {
    expect(process.env.TZ === undefined || typeof process.env.TZ === 'string').toBe(true);
    expect(toLunar('2025-01-29')).toEqual({ day: 1, month: 1, year: 2025, leap: false });
  });
});
