/**
 * Calendar bench: `addWorkingDays(d, 15)` on the same 100 000 queries against luxon-business-days
 * (configured with the same Vietnamese weekdays off; it cannot express worked Saturdays) and date-holidays
 * (its own VN rules, Labor Code 2012 without compensation or swaps; on the first 1 000 queries only, as it
 * takes milliseconds per query). Wrong answers are counted against an
 * independent brute-force reference built from the official schedule lists.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { DateTime as LuxonDateTime } from 'luxon';
import { addWorkingDays, defaultCalendar } from '../holidays/index';

const require = createRequire(import.meta.url);

export interface CalendarBenchResult {
  queries: number;
  ours: { nsPerQuery: number; wrong: number };
  luxonBusinessDays: { nsPerQuery: number; wrong: number };
  dateHolidays?: { nsPerQuery: number; wrong: number; queries: number };
  ratio: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function runCalendarBench(opts: { queries?: number; n?: number; seed?: number; dateHolidaysQueries?: number; log?: (s: string) => void } = {}): CalendarBenchResult {
  const Q = opts.queries ?? 100_000, N = opts.n ?? 15, log = opts.log ?? console.log;
  // Queries: uniform over the officially announced years 2019–2026.
  const start = Date.UTC(2019, 0, 1), span = Date.UTC(2026, 10, 30) - start;
  const rnd = mulberry32(opts.seed ?? 20250129);
  const queries: string[] = new Array(Q);
  for (let i = 0; i < Q; i++) queries[i] = isoOf(start + Math.floor(rnd() * (span / 86400000)) * 86400000);

  // Independent reference: weekday/weekend rule + explicit official lists, brute-force loop.
  const off = new Set<string>(), worked = new Set<string>();
  for (let y = 2018; y <= 2027; y++) {
    const s = defaultCalendar.year(y);
    s.nonWorkingWeekdays.forEach((d) => off.add(d));
    s.workingWeekendDays.forEach((d) => worked.add(d));
  }
  const refWorking = (ms: number): boolean => {
    const iso = isoOf(ms), dow = new Date(ms).getUTCDay();
    return dow === 0 || dow === 6 ? worked.has(iso) : !off.has(iso);
  };
  const expected = queries.map((q) => {
    let ms = Date.parse(`${q}T00:00:00Z`), k = 0;
    while (k < N) { ms += 86400000; if (refWorking(ms)) k++; }
    return isoOf(ms);
  });

  // Ours.
  for (let i = 0; i < 20_000; i++) addWorkingDays(queries[i % Q]!, N); // warm-up
  const ours: string[] = new Array(Q);
  let t0 = performance.now();
  for (let i = 0; i < Q; i++) ours[i] = addWorkingDays(queries[i]!, N);
  const oursNs = ((performance.now() - t0) * 1e6) / Q;
  const oursWrong = ours.reduce((s, r, i) => s + (r === expected[i] ? 0 : 1), 0);

  // luxon-business-days (patches the CommonJS luxon DateTime it re-exports).
  type BizDateTime = LuxonDateTime & {
    setupBusiness(o: { businessDays?: number[]; holidayMatchers?: Array<(dt: LuxonDateTime) => boolean> }): void;
    plusBusiness(o: { days: number }): LuxonDateTime;
  };
  const { DateTime } = require('luxon-business-days') as { DateTime: typeof LuxonDateTime };
  const probe = DateTime.fromISO('2025-01-01', { zone: 'Asia/Ho_Chi_Minh' }) as BizDateTime;
  const offKeys = new Set([...off].map((d) => +d.replaceAll('-', '')));
  probe.setupBusiness({ businessDays: [1, 2, 3, 4, 5], holidayMatchers: [(dt) => offKeys.has(dt.year * 10000 + dt.month * 100 + dt.day)] });
  const lux: string[] = new Array(Q);
  for (let i = 0; i < 2_000; i++) (DateTime.fromISO(queries[i]!, { zone: 'Asia/Ho_Chi_Minh' }) as BizDateTime).plusBusiness({ days: N });
  t0 = performance.now();
  for (let i = 0; i < Q; i++) {
    lux[i] = (DateTime.fromISO(queries[i]!, { zone: 'Asia/Ho_Chi_Minh' }) as BizDateTime).plusBusiness({ days: N }).toISODate() ?? '';
  }
  const luxNs = ((performance.now() - t0) * 1e6) / Q;
  const luxWrong = lux.reduce((s, r, i) => s + (r === expected[i] ? 0 : 1), 0);

  // date-holidays: its VN public holidays + Mon–Fri, brute-force loop (subset if slow).
  let dh: CalendarBenchResult['dateHolidays'];
  try {
    const mod = require('date-holidays') as { default?: new (c: string) => DH } & (new (c: string) => DH);
    type DH = { isHoliday(d: Date): false | Array<{ type: string }> };
    const Holidays = (mod.default ?? mod) as new (c: string) => DH;
    const hd = new Holidays('VN');
    const dhQ = Math.min(Q, opts.dateHolidaysQueries ?? 1_000); // ~14 ms per query: a subset of the same queries
    let wrong = 0;
    t0 = performance.now();
    for (let i = 0; i < dhQ; i++) {
      let ms = Date.parse(`${queries[i]}T12:00:00+07:00`), k = 0;
      while (k < N) {
        ms += 86400000;
        const d = new Date(ms), dow = new Date(ms + 7 * 3600000).getUTCDay();
        if (dow === 0 || dow === 6) continue;
        const h = hd.isHoliday(d);
        if (!h || !h.some((x) => x.type === 'public')) k++;
      }
      if (isoOf(ms + 7 * 3600000) !== expected[i]) wrong++;
    }
    dh = { nsPerQuery: ((performance.now() - t0) * 1e6) / dhQ, wrong, queries: dhQ };
  } catch (e) {
    log(`date-holidays skipped: ${(e as Error).message}`);
  }

  const ratio = luxNs / oursNs;
  log(`calendar bench: addWorkingDays(d, ${N}) on ${Q.toLocaleString('en')} queries (2019-01-01 … 2026-11-30)`);
  log(`  holidays/            ${oursNs.toFixed(1).padStart(10)} ns/query   wrong: ${oursWrong}`);
  log(`  luxon-business-days  ${luxNs.toFixed(1).padStart(10)} ns/query   wrong: ${luxWrong} (cannot express worked Saturdays)`);
  if (dh) log(`  date-holidays        ${dh.nsPerQuery.toFixed(1).padStart(10)} ns/query   wrong: ${dh.wrong} of ${dh.queries} (no compensation, swaps or worked Saturdays)`);
  log(`  speed-up vs luxon-business-days: ${ratio.toFixed(0)}× (target ≥ 50×, zero wrong answers)`);
  return { queries: Q, ours: { nsPerQuery: oursNs, wrong: oursWrong }, luxonBusinessDays: { nsPerQuery: luxNs, wrong: luxWrong }, dateHolidays: dh, ratio };
}
