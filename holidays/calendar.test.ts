import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatDay, weekday } from './civil';
import {
  addWorkingDays, addWorkingHours, BASE_SCHEDULES, buildCalendar, CITATIONS, defaultCalendar, dueDate, isWorkingDay, NATIONAL_SCHEDULES,
  nextWorkingDay, previousWorkingDay, SCHEDULE_PATCHES, schedulesWithPatches, withPatches, workingDaysBetween, workingHoursBetween,
} from './index';
import { projectYear, statutoryHolidays } from './rules';
import exampleJson from './local/example-overlay.json';
import type { LocalCalendarOverlay } from './schema';

const exampleOverlay = exampleJson as LocalCalendarOverlay & typeof exampleJson;

const offs = (y: number) => defaultCalendar.year(y).nonWorkingWeekdays;
const works = (y: number) => defaultCalendar.year(y).workingWeekendDays;

describe('official schedules 2019–2026 (cán bộ, công chức, viên chức)', () => {
  it('2019: New Year swap across the year boundary (off 31/12/2018, work Sat 05/01/2019); 30/4 swap', () => {
    expect(isWorkingDay('2018-12-31')).toBe(false);
    expect(isWorkingDay('2019-01-05')).toBe(true);
    expect(offs(2019)).toEqual(['2019-01-01', '2019-02-04', '2019-02-05', '2019-02-06', '2019-02-07', '2019-02-08', '2019-04-15', '2019-04-29', '2019-04-30', '2019-05-01', '2019-09-02']);
    expect(works(2019)).toEqual(['2019-01-05', '2019-05-04']);
    expect(offs(2018)).toContain('2018-12-31');
  });
  it('2020: Tết 23/01–29/01, 2/9 one day (Labor Code 2012 art. 115)', () => {
    expect(offs(2020)).toEqual(['2020-01-01', '2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29', '2020-04-02', '2020-04-30', '2020-05-01', '2020-09-02']);
    expect(works(2020)).toEqual([]);
  });
  it('2021: Labor Code 2019 art. 112 — 2/9 plus 3/9; 1/5 on Saturday compensated Monday 3/5 (art. 111(3))', () => {
    expect(offs(2021)).toEqual(['2021-01-01', '2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16', '2021-04-21', '2021-04-30', '2021-05-03', '2021-09-02', '2021-09-03']);
  });
  it('2022: Tết per 245/VPCP-KGVX; compensations for 1/1, Giỗ Tổ, 30/4, 1/5', () => {
    expect(offs(2022)).toEqual(['2022-01-03', '2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04', '2022-04-11', '2022-05-02', '2022-05-03', '2022-09-01', '2022-09-02']);
  });
  it('2023: Giỗ Tổ Sat + 30/4 Sun → off 2/5 and 3/5; 2/9 Sat → 1/9 and 4/9', () => {
    expect(offs(2023)).toEqual(['2023-01-02', '2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26', '2023-05-01', '2023-05-02', '2023-05-03', '2023-09-01', '2023-09-04']);
  });
  it('2024: Tết per 5015/TB-LĐTBXH; swap 29/4 ↔ Sat 4/5 per 2450/VPCP-KGVX', () => {
    expect(offs(2024)).toEqual(['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18', '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03']);
    expect(works(2024)).toEqual(['2024-05-04']);
  });
  it('2025: Tết 27/01–31/01; swap 2/5 ↔ Sat 26/4; 2/9 with 1/9 (8726/VPCP-KGVX)', () => {
    expect(isWorkingDay('2025-01-27')).toBe(false);
    expect(offs(2025)).toEqual(['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02']);
    expect(works(2025)).toEqual(['2025-04-26']);
  });
  it('2026: New Year swap 2/1 ↔ Sat 10/1 (12729/VPCP-KGVX); Tết Bính Ngọ 16/02–20/02; 2/9 swap 31/8 ↔ Sat 22/8', () => {
    expect(offs(2026)).toEqual(['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02']);
    expect(works(2026)).toEqual(['2026-01-10', '2026-08-22']);
  });
  it('every official year contains every statutory holiday (or its compensation) — rule cross-check', () => {
    for (const s of NATIONAL_SCHEDULES) {
      for (const [d] of statutoryHolidays(s.year).filter(([, n]) => !n.startsWith('Tết Nguyên') && !n.startsWith('Quốc khánh'))) {
        const w = weekday(d);
        if (w !== 0 && w !== 6) expect(isWorkingDay(formatDay(d)), `${s.year} ${formatDay(d)}`).toBe(false);
      }
      const y = defaultCalendar.year(s.year);
      expect(y.status).toBe('official');
      // Each year: 1/1 (1) + Tết (5) + Giỗ Tổ (1) + 30/4 + 1/5 (2) + 2/9 (1 or 2) days off in total, plus swaps.
      const swapsOff = s.days.filter((d) => d.kind === 'swap-off').length;
      const swapsWork = s.days.filter((d) => d.kind === 'swap-work').length;
      expect(swapsOff).toBe(swapsWork);
      const statutory = s.rulePack === 'LC2019' ? 11 : 10;
      expect(s.days.filter((d) => d.kind === 'holiday' || d.kind === 'compensatory').length, String(s.year)).toBe(statutory);
      expect(s.sources.length).toBeGreaterThan(0);
    }
  });
  it('years without an official schedule are projected and flagged provisional', () => {
    const y = defaultCalendar.year(2027);
    expect(y.status).toBe('provisional');
    expect(y.nonWorkingWeekdays).toContain('2027-01-01');
    expect(y.days.find((d) => d.date === '2027-02-08')?.reason?.provisional).toBe(true);
    expect(projectYear(2027).every((e) => e.confirmed === false)).toBe(true);
    expect(defaultCalendar.year(2018).status).toBe('provisional');
  });
  it('every day entry carries a citation that resolves', () => {
    for (const s of NATIONAL_SCHEDULES) for (const d of s.days) {
      if (d.source.startsWith('rule:')) expect(CITATIONS[d.source]).toBeDefined();
      else expect(s.sources.some((x) => x.id === d.source)).toBe(true);
    }
  });
});

const DAY_MIN = daysFromCivil(2014, 1, 1), DAY_MAX = daysFromCivil(2049, 12, 31);
const dayArb = fc.integer({ min: DAY_MIN, max: DAY_MAX }).map(formatDay);
const bruteAdd = (d: string, n: number): string => {
  let x = daysFromCivil(+d.slice(0, 4), +d.slice(5, 7), +d.slice(8, 10));
  let k = 0;
  while (k < n) { x++; if (isWorkingDay(formatDay(x))) k++; }
  return formatDay(x);
};

describe('working-day arithmetic (properties)', () => {
  it('addWorkingDays agrees with a brute-force day loop and lands on a working day', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 1, max: 60 }), (d, n) => {
      const r = addWorkingDays(d, n);
      expect(r).toBe(bruteAdd(d, n));
      expect(isWorkingDay(r)).toBe(true);
    }), { numRuns: 3000 });
  });
  it('is monotonic in the start date and in n', () => {
    fc.assert(fc.property(dayArb, dayArb, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (a, b, n, m) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      expect(addWorkingDays(x, n) <= addWorkingDays(y, n)).toBe(true);
      const [p, q] = n <= m ? [n, m] : [m, n];
      expect(addWorkingDays(x, p) <= addWorkingDays(x, q)).toBe(true);
    }), { numRuns: 2000 });
  });
  it('inverts workingDaysBetween (n ≥ 0 from any day; n < 0 from a working day)', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 200 }), (d, n) => {
      expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
    }), { numRuns: 2000 });
    const later = fc.integer({ min: daysFromCivil(2015, 1, 1), max: DAY_MAX }).map(formatDay);
    fc.assert(fc.property(later, fc.integer({ min: 1, max: 200 }), (d0, n) => {
      const d = nextWorkingDay(d0);
      expect(workingDaysBetween(d, addWorkingDays(d, -n))).toBe(-n);
    }), { numRuns: 2000 });
  });
  it('next/previous working day', () => {
    expect(nextWorkingDay('2025-01-24')).toBe('2025-02-03');
    expect(previousWorkingDay('2025-02-03')).toBe('2025-01-24');
    expect(addWorkingDays('2025-01-24', 5)).toBe('2025-02-07');
    expect(addWorkingDays('2025-04-25', 1)).toBe('2025-04-26'); // worked Saturday
  });
  it('refuses bad input and out-of-range dates with a bilingual message', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(/Ngày không hợp lệ.*invalid date/);
    expect(() => isWorkingDay('2013-12-31')).toThrow(/ngoài phạm vi.*outside the supported calendar range/);
    expect(() => addWorkingDays('2050-12-30', 10)).toThrow(/outside/);
    expect(() => addWorkingDays('2025-01-01', 1.5)).toThrow(/integer/);
  });
});

describe('working hours', () => {
  it('counts only office hours 07:30–11:30, 13:30–17:00 on working days', () => {
    expect(defaultCalendar.hoursPerWorkingDay).toBe(7.5);
    expect(addWorkingHours('2025-01-24T16:30:00+07:00', 1)).toBe('2025-02-03T08:00:00+07:00');
    expect(addWorkingHours('2025-03-03T11:00:00+07:00', 1)).toBe('2025-03-03T14:00:00+07:00');
    expect(addWorkingHours('2025-03-03T12:00:00+07:00', 0.5)).toBe('2025-03-03T14:00:00+07:00');
    expect(addWorkingHours('2025-03-03T07:30:00+07:00', 7.5)).toBe('2025-03-03T17:00:00+07:00');
    expect(workingHoursBetween('2025-03-03T07:30:00+07:00', '2025-03-04T07:30:00+07:00')).toBe(7.5);
    expect(workingHoursBetween('2025-03-03T00:30:00Z', '2025-03-03T10:00:00Z')).toBe(7.5); // offsets honoured
    expect(workingHoursBetween('2025-03-04T07:30:00+07:00', '2025-03-03T07:30:00+07:00')).toBe(-7.5);
    expect(workingHoursBetween('2025-03-03T07:30:00+07:00', '2025-03-03T17:00:00+07:00', [{ from: '2025-03-03T09:00:00+07:00', to: '2025-03-03T14:00:00+07:00' }])).toBe(4.5);
  });
  it('addWorkingHours inverts workingHoursBetween', () => {
    const inst = fc.integer({ min: daysFromCivil(2019, 1, 1) * 1440, max: daysFromCivil(2026, 12, 1) * 1440 }).map((m) => {
      const d = Math.floor(m / 1440), r = m - d * 1440;
      return `${formatDay(d)}T${String(Math.floor(r / 60)).padStart(2, '0')}:${String(r % 60).padStart(2, '0')}:00+07:00`;
    });
    fc.assert(fc.property(inst, fc.integer({ min: 1, max: 400 }), (t, q) => {
      const h = q / 4;
      expect(workingHoursBetween(t, addWorkingHours(t, h))).toBeCloseTo(h, 6);
    }), { numRuns: 2000 });
  });
  it('refuses instants without an offset (would depend on the host time zone)', () => {
    expect(() => addWorkingHours('2025-03-03T07:30:00', 1)).toThrow(/múi giờ.*offset/);
  });
});

describe('dueDate (Civil Code 2015 art. 147–148)', () => {
  it('working days: receipt day not counted; Tết skipped; ends at close of the 5th working day', () => {
    const r = dueDate({ receivedAt: '2025-01-24T16:30:00+07:00', duration: { unit: 'working-days', amount: 5 } });
    expect(r.dueAt).toBe('2025-02-07T17:00:00+07:00');
    expect(r.startsAt).toBe('2025-02-03T07:30:00+07:00');
    expect(r.calendarVersion).toBe(defaultCalendar.version);
    const text = r.explanation.map((l) => l.text).join('\n');
    expect(text).toContain('không tính ngày tiếp nhận');
    expect(text).toContain('Không tính Thứ Hai 27/01/2025: Tết Nguyên đán');
    expect(r.explanation.some((l) => l.source?.includes('8726/VPCP-KGVX'))).toBe(true);
    expect(r.explanation.some((l) => l.source?.includes('Điều 147'))).toBe(true);
  });
  it('received after hours on Friday or on Saturday counts from Monday', () => {
    expect(dueDate({ receivedAt: '2025-03-07T18:00:00+07:00', duration: { unit: 'working-days', amount: 1 } }).dueAt).toBe('2025-03-10T17:00:00+07:00');
    const sat = dueDate({ receivedAt: '2025-03-08T09:00:00+07:00', duration: { unit: 'working-days', amount: 1 } });
    expect(sat.dueAt).toBe('2025-03-10T17:00:00+07:00');
    expect(sat.explanation[1]!.text).toContain('ngày không làm việc');
  });
  it('worked Saturday counts (26/4/2025)', () => {
    const r = dueDate({ receivedAt: '2025-04-25T09:00:00+07:00', duration: { unit: 'working-days', amount: 1 } });
    expect(r.dueAt).toBe('2025-04-26T17:00:00+07:00');
  });
  it('calendar days: a period ending on a non-working day ends at the close of the next working day (art. 148)', () => {
    const r = dueDate({ receivedAt: '2025-01-17T10:00:00+07:00', duration: { unit: 'calendar-days', amount: 10 } });
    expect(r.dueAt).toBe('2025-02-03T17:00:00+07:00'); // 27/01 is Tết → next working day 03/02
    expect(r.explanation.some((l) => l.source?.includes('Điều 148'))).toBe(true);
  });
  it('working hours start at the next opening when received outside office hours', () => {
    const r = dueDate({ receivedAt: '2025-03-03T06:00:00+07:00', duration: { unit: 'working-hours', amount: 8 } });
    expect(r.startsAt).toBe('2025-03-03T07:30:00+07:00');
    expect(r.dueAt).toBe('2025-03-04T08:00:00+07:00');
    const lunch = dueDate({ receivedAt: '2025-03-03T12:00:00+07:00', duration: { unit: 'working-hours', amount: 1 } });
    expect(lunch.startsAt).toBe('2025-03-03T13:30:00+07:00');
    expect(lunch.dueAt).toBe('2025-03-03T14:30:00+07:00');
  });
  it('same day with a 15:00 cut-off', () => {
    expect(dueDate({ receivedAt: '2025-03-03T14:59:00+07:00', duration: { unit: 'same-day', amount: 1 } }).dueAt).toBe('2025-03-03T17:00:00+07:00');
    expect(dueDate({ receivedAt: '2025-03-03T15:00:00+07:00', duration: { unit: 'same-day', amount: 1 } }).dueAt).toBe('2025-03-04T17:00:00+07:00');
    expect(dueDate({ receivedAt: '2025-01-24T15:30:00+07:00', duration: { unit: 'same-day', amount: 1 } }).dueAt).toBe('2025-02-03T17:00:00+07:00');
  });
  it('paused intervals (supplementation) are excluded', () => {
    const base = dueDate({ receivedAt: '2025-03-03T09:00:00+07:00', duration: { unit: 'working-days', amount: 3 } });
    expect(base.dueAt).toBe('2025-03-06T17:00:00+07:00');
    const paused = dueDate({
      receivedAt: '2025-03-03T09:00:00+07:00', duration: { unit: 'working-days', amount: 3 },
      pauses: [{ from: '2025-03-04T07:30:00+07:00', to: '2025-03-06T07:30:00+07:00' }],
    });
    expect(paused.dueAt).toBe('2025-03-10T17:00:00+07:00'); // two working days paused, weekend skipped
    expect(paused.explanation.some((l) => l.text.includes('Tạm dừng') && l.text.includes('15 giờ'))).toBe(true);
  });
  it('provisional years say so in the explanation', () => {
    const r = dueDate({ receivedAt: '2027-02-04T09:00:00+07:00', duration: { unit: 'working-days', amount: 3 } });
    expect(r.explanation.some((l) => l.text.includes('chưa có thông báo chính thức'))).toBe(true);
  });
});

describe('local overlay', () => {
  it('example overlay: extra day off, Saturday reception, own office hours; version differs', () => {
    const cal = buildCalendar(exampleOverlay);
    expect(cal.version).not.toBe(defaultCalendar.version);
    expect(buildCalendar(exampleOverlay).version).toBe(cal.version);
    const off = exampleOverlay.extraDaysOff[0]!.date;
    expect(isWorkingDay(off)).toBe(true);
    expect(cal.isWorkingDay(off)).toBe(false);
    expect(cal.dayInfo(off).reason?.kind).toBe('local-off');
    expect(cal.isReceptionOpen('2025-03-08T08:00:00+07:00')).toBe(true); // Saturday reception
    expect(cal.isWorkingDay('2025-03-08')).toBe(false); // …but not a working day for deadlines
    expect(cal.isReceptionOpen('2025-04-26T08:00:00+07:00')).toBe(true); // worked Saturday: office hours
  });
  it('custom office hours change working-hour arithmetic', () => {
    const cal = buildCalendar({ id: 't', name: 'Test', officeHours: [['07:00', '11:30'], ['13:30', '17:00']] });
    expect(cal.hoursPerWorkingDay).toBe(8);
    expect(cal.addWorkingHours('2025-03-03T07:00:00+07:00', 8)).toBe('2025-03-03T17:00:00+07:00');
  });
  it('rejects an invalid overlay with a clear message', () => {
    expect(() => buildCalendar({ id: 'x', name: 'X', officeHours: [['11:30', '07:30']] })).toThrow(/Lịch địa phương không hợp lệ/);
    expect(() => buildCalendar({ id: 'x', name: 'X', extraDaysOff: [{ date: '2025-13-01', reason: 'r' }] })).toThrow(/invalid local calendar overlay/);
  });
});

describe('range edges', () => {
  it('calendar-days past the end of the range fails cleanly instead of looping', () => {
    expect(() => dueDate({ receivedAt: '2050-12-20T09:00:00+07:00', duration: { unit: 'calendar-days', amount: 30 } })).toThrow(/outside/);
    expect(() => dueDate({ receivedAt: '2050-12-29T09:00:00+07:00', duration: { unit: 'working-hours', amount: 100 } })).toThrow(/outside/);
  });
});

describe('schedule patches (national data shipped after the base)', () => {
  const y2026 = NATIONAL_SCHEDULES.find((s) => s.year === 2026)!;
  const extraDayOff = { date: '2026-12-31', kind: 'holiday' as const, occasion: 'Ngày nghỉ bổ sung (thử)', source: y2026.sources[0]!.id, confirmed: true };
  const patched = { ...y2026, days: [...y2026.days, extraDayOff] };

  it('replaces the base year it carries and leaves the others', () => {
    const merged = withPatches(BASE_SCHEDULES, [{ patchId: 'p-2026', schedule: patched }]);
    expect(merged.map((s) => s.year)).toEqual(BASE_SCHEDULES.map((s) => s.year));
    expect(merged.find((s) => s.year === 2026)).toBe(patched);
    const cal = buildCalendar(undefined, merged);
    expect(cal.isWorkingDay('2026-12-31')).toBe(false);
    expect(defaultCalendar.isWorkingDay('2026-12-31')).toBe(true);
    expect(cal.version).not.toBe(defaultCalendar.version);
  });

  it('gives a workflow the base plus exactly the patches it uses; all of them is today\'s national data', () => {
    expect(schedulesWithPatches(SCHEDULE_PATCHES.map((p) => p.patchId))).toBe(NATIONAL_SCHEDULES);
    expect(schedulesWithPatches(['unknown-patch']).map((s) => s.year)).toEqual(BASE_SCHEDULES.map((s) => s.year));
    expect(buildCalendar(undefined, NATIONAL_SCHEDULES).version).toBe(defaultCalendar.version);
  });
});
