/** zod schemas for the yearly national schedules and local overlays; validated at load. */
import { z } from 'zod';
import { daysInMonth, weekday, daysFromCivil } from './civil';

const isoDateRe = /^(\d{4})-(\d{2})-(\d{2})$/;
export const isoDate = z.string().refine((s) => {
  const m = isoDateRe.exec(s);
  return !!m && +m[2]! >= 1 && +m[2]! <= 12 && +m[3]! >= 1 && +m[3]! <= daysInMonth(+m[1]!, +m[2]!);
}, 'expected a valid YYYY-MM-DD date');
export const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'expected HH:mm');

const dowOf = (iso: string): number => weekday(daysFromCivil(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10)));

export const sourceSchema = z.object({
  id: z.string().min(1),
  issuer: z.string().min(1),
  /** Document number (số hiệu), null when not verified. */
  number: z.string().nullable(),
  /** Date of issue, null when not verified. */
  date: isoDate.nullable(),
  title: z.string().min(1),
  /** true when number and date were checked against a published copy or an official portal citation. */
  verified: z.boolean(),
  note: z.string().optional(),
});

export const dayKind = z.enum(['holiday', 'compensatory', 'swap-off', 'swap-work']);
export type DayKind = z.infer<typeof dayKind>;

export const dayEntrySchema = z.object({
  date: isoDate,
  kind: dayKind,
  /** Vietnamese name of the occasion, e.g. "Tết Nguyên đán". */
  occasion: z.string().min(1),
  /** Source id from `sources`, or a rule citation id from rules.ts. */
  source: z.string().min(1),
  /** false when the day itself is not confirmed by an official text. */
  confirmed: z.boolean(),
  /** For swaps: the paired date (the worked Saturday for a swap-off, and vice versa). */
  swapWith: isoDate.optional(),
  note: z.string().optional(),
});
export type DayEntry = z.infer<typeof dayEntrySchema>;

export const yearScheduleSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    status: z.enum(['official', 'provisional']),
    rulePack: z.enum(['LC2012', 'LC2019']),
    sources: z.array(sourceSchema),
    /** Every weekday off and every weekend day worked whose owning announcement is this year's. */
    days: z.array(dayEntrySchema),
    notes: z.array(z.string()).default([]),
  })
  .superRefine((y, ctx) => {
    const ids = new Set(y.sources.map((s) => s.id));
    const seen = new Set<string>();
    for (const [i, d] of y.days.entries()) {
      const dow = dowOf(d.date);
      const weekend = dow === 0 || dow === 6;
      if (d.kind === 'swap-work' ? !weekend : weekend) {
        ctx.addIssue({ code: 'custom', path: ['days', i], message: `${d.date}: ${d.kind} on a ${weekend ? 'weekend' : 'weekday'}` });
      }
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', i], message: `${d.date} listed twice` });
      seen.add(d.date);
      if (!ids.has(d.source) && !d.source.startsWith('rule:')) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'source'], message: `unknown source ${d.source}` });
      }
      if (d.kind === 'swap-off' || d.kind === 'swap-work') {
        const other = y.days.find((o) => o.date === d.swapWith);
        const expected = d.kind === 'swap-off' ? 'swap-work' : 'swap-off';
        if (!other || other.kind !== expected || other.swapWith !== d.date) {
          ctx.addIssue({ code: 'custom', path: ['days', i, 'swapWith'], message: `${d.date}: swap partner missing or inconsistent` });
        }
      }
      const yr = +d.date.slice(0, 4);
      if (Math.abs(yr - y.year) > 1) ctx.addIssue({ code: 'custom', path: ['days', i], message: `${d.date} too far from ${y.year}` });
    }
  });
export type YearSchedule = z.infer<typeof yearScheduleSchema>;
export type YearScheduleInput = z.input<typeof yearScheduleSchema>;

const interval = z.tuple([clock, clock]).refine(([a, b]) => a < b, 'interval start must be before end');
const hoursList = z.array(interval).refine((l) => l.every((iv, i) => i === 0 || l[i - 1]![1] <= iv[0]), 'intervals must be sorted and disjoint');

/** Local calendar overlay of a centre or province (trung tâm phục vụ hành chính công / tỉnh). */
export const localOverlaySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Decision or letter that sets the local rules. */
  source: z.string().optional(),
  /** Office hours on working days (default 07:30–11:30, 13:30–17:00). */
  officeHours: hoursList.optional(),
  /** Per-weekday override of office hours (0 = Sunday … 6 = Saturday). */
  officeHoursByWeekday: z.record(z.string().regex(/^[0-6]$/), hoursList).optional(),
  /** Cut-off for "same day" procedures (default 15:00). */
  sameDayCutoff: clock.optional(),
  extraDaysOff: z.array(z.object({ date: isoDate, reason: z.string().min(1), source: z.string().optional() })).default([]),
  extraWorkingDays: z.array(z.object({ date: isoDate, reason: z.string().min(1), source: z.string().optional() })).default([]),
  /**
   * Reception hours on days that are NOT working days (e.g. Saturday mornings). Receiving a dossier then
   * does not make the day count towards deadlines.
   */
  saturdayReception: z.object({ hours: hoursList, from: isoDate.optional(), to: isoDate.optional() }).optional(),
});
export type LocalCalendarOverlay = z.input<typeof localOverlaySchema>;
export type ParsedOverlay = z.infer<typeof localOverlaySchema>;
