/**
 * Supervisor (giám sát) views over the Postgres read model: near-due, overdue and stuck dossiers, a filtered
 * list, and per-department statistics (early / on time / late from the control sheet). Read-only.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { listDossiers, listFeeCollections, listHandOffs, type DossierListFilter, type DossierRow, type FeeCollectionRow, type ListCursor } from '../../db/repositories/dossier-lists';
import type { Calendar } from '../../holidays/index';
import { procedures } from '../../workflows/procedures/registry';
import { DOSSIER_STATUSES, FINAL_STATUSES, type DossierStatus } from '../../workflows/shared/dossier';
import { CHANNELS } from '../../workflows/procedures/schema';
import { requireRole } from '../auth';
import { departmentName } from '../departments';
import { HttpProblem } from '../problem';
import { parse } from '../validate';
import { instantOf, oneWorkingDayAfter, timeLeft, withinCalendar, workingInstantBefore } from '../working-time';
import type { LocalCalendarStore } from '../local-calendar';

const STATUS_KEYS = Object.keys(DOSSIER_STATUSES) as [DossierStatus, ...DossierStatus[]];
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'ngày YYYY-MM-DD hoặc thời điểm ISO 8601' });

/** Opaque cursor: base64url of the last row's (due_at, code). */
export const encodeCursor = (c: ListCursor): string => Buffer.from(JSON.stringify([c.dueAt, c.code])).toString('base64url');
export function decodeCursor(s: string): ListCursor | null {
  try {
    const [dueAt, code] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[];
    if (typeof dueAt !== 'string' || typeof code !== 'string' || Number.isNaN(Date.parse(dueAt))) return null;
    return { dueAt, code };
  } catch {
    return null;
  }
}

export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const dossierListQuery = pageQuery.extend({
  status: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(STATUS_KEYS, { error: `một trong ${STATUS_KEYS.join(', ')}` })))
    .optional()
    .describe('Một hoặc nhiều trạng thái, cách nhau bằng dấu phẩy'),
  procedure: z.string().min(1).max(100).optional(),
  department: z.string().min(1).max(100).optional(),
  dueBefore: dayOrInstant.optional(),
  dueAfter: dayOrInstant.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  channel: z.enum(CHANNELS).optional(),
  receivedFrom: dayOrInstant.optional(),
  receivedTo: dayOrInstant.optional(),
});
export const readyQuery = pageQuery.extend({ procedure: z.string().min(1).max(100).optional() });
export const stuckQuery = dossierListQuery.extend({
  hours: z.coerce.number().positive().max(2000).optional().describe('Số giờ làm việc không có thao tác (mặc định 1 ngày làm việc)'),
});

export const dossierListItem = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  applicantName: z.string(),
  currentStepId: z.string().nullable(),
  currentDepartments: z.array(z.string()),
  assigneeOfficer: z.string().nullable(),
  receivedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  lastActionAt: z.string(),
  workingHoursLeft: z.number().describe('Giờ làm việc còn lại đến hạn (âm nếu đã quá hạn)'),
  workingDaysLeft: z.number(),
  idleWorkingHours: z.number().describe('Giờ làm việc kể từ thao tác cuối cùng'),
});
export const dossierListResponse = z.object({ items: z.array(dossierListItem), nextCursor: z.string().nullable() });

export const statsQuery = z.object({
  from: z.iso.date({ error: 'ngày YYYY-MM-DD' }),
  to: z.iso.date({ error: 'ngày YYYY-MM-DD' }),
  department: z.string().min(1).max(100).optional(),
  procedure: z.string().min(1).max(100).optional(),
}).refine((q) => q.from <= q.to, { path: ['to'], message: 'ngày kết thúc phải sau ngày bắt đầu' });

export const departmentStats = z.object({
  department: z.string(),
  name: z.string(),
  received: z.number().int().describe('Số hồ sơ được chuyển đến trong kỳ'),
  handled: z.number().int(),
  early: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  pending: z.number().int(),
  onTimeRate: z.number().nullable().describe('(sớm + đúng hạn) / đã xử lý'),
  averageWorkingDays: z.number().nullable().describe('Thời gian xử lý trung bình, ngày làm việc'),
});
const feeGroup = z.object({ payments: z.number().int(), amountVnd: z.number().int() });
export const feeStats = feeGroup.extend({
  byMethod: z.array(feeGroup.extend({ method: z.string().describe('Phương thức, ví dụ VNPAY/NCB') })),
  byProcedure: z.array(feeGroup.extend({ procedureCode: z.string(), procedureName: z.string() })),
});
export const statsResponse = z.object({
  from: z.string(),
  to: z.string(),
  departments: z.array(departmentStats),
  totals: departmentStats.omit({ department: true, name: true }),
  /** Phí, lệ phí đã thu trong kỳ (theo thời điểm thanh toán); không lọc theo phòng vì Bộ phận Một cửa thu. */
  fees: feeStats,
});

/** Sums fee collections by method and by procedure. */
function summarizeFees(rows: FeeCollectionRow[]): z.infer<typeof feeStats> {
  const byMethod = new Map<string, { payments: number; amountVnd: number }>();
  const byProcedure = new Map<string, { payments: number; amountVnd: number }>();
  const total = { payments: 0, amountVnd: 0 };
  for (const r of rows) {
    for (const [map, key] of [[byMethod, r.method], [byProcedure, r.procedureCode]] as const) {
      const g = map.get(key) ?? { payments: 0, amountVnd: 0 };
      g.payments += r.payments;
      g.amountVnd += r.amountVnd;
      map.set(key, g);
    }
    total.payments += r.payments;
    total.amountVnd += r.amountVnd;
  }
  return {
    ...total,
    byMethod: [...byMethod].map(([method, g]) => ({ method, ...g })),
    byProcedure: [...byProcedure].map(([procedureCode, g]) => ({ procedureCode, procedureName: procedures.latest(procedureCode)?.name ?? procedureCode, ...g })),
  };
}

/** Deadline views leave out dossiers whose clock is paused or whose result is already out. */
const DEADLINE_EXCLUDED: string[] = [...FINAL_STATUSES, 'SUPPLEMENT_REQUESTED', 'RESULT_READY'];

function filterOf(q: z.infer<typeof dossierListQuery>): DossierListFilter {
  return {
    statuses: q.status,
    procedureCode: q.procedure,
    department: q.department,
    dueBefore: q.dueBefore ? instantOf(q.dueBefore, 'start') : undefined,
    dueAfter: q.dueAfter ? instantOf(q.dueAfter, 'end') : undefined,
    overdue: q.overdue,
    channel: q.channel,
    receivedFrom: q.receivedFrom ? instantOf(q.receivedFrom, 'start') : undefined,
    receivedTo: q.receivedTo ? instantOf(q.receivedTo, 'end') : undefined,
  };
}

export function cursorOf(q: { cursor?: string }): ListCursor | undefined {
  if (!q.cursor) return undefined;
  const c = decodeCursor(q.cursor);
  if (!c) {
    throw new HttpProblem({
      status: 400,
      slug: 'validation-error',
      title: 'Dữ liệu không hợp lệ',
      detail: 'Con trỏ phân trang không hợp lệ (invalid cursor)',
      errors: [{ path: 'query.cursor', message: 'dùng nextCursor của trang trước' }],
    });
  }
  return c;
}

const iso = (s: string | null) => (s ? new Date(s).toISOString() : null);

export function listItem(row: DossierRow, now: string, cal: Calendar): z.infer<typeof dossierListItem> {
  const status = row.status as DossierStatus;
  const left = row.dueAt ? timeLeft(now, iso(row.dueAt)!, cal) : { workingHoursLeft: 0, workingDaysLeft: 0 };
  return {
    code: row.code,
    procedureCode: row.procedureCode,
    procedureName: procedures.latest(row.procedureCode)?.name ?? row.procedureCode,
    status,
    statusLabel: DOSSIER_STATUSES[status]?.label ?? status,
    channel: row.channel,
    applicantName: row.applicantName,
    currentStepId: row.currentStepId,
    currentDepartments: row.currentDepartments,
    assigneeOfficer: row.assigneeOfficer,
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    overdue: row.overdue,
    lastActionAt: iso(row.lastActionAt)!,
    ...left,
    idleWorkingHours: Math.round(cal.workingHoursBetween(withinCalendar(iso(row.lastActionAt)!), now) * 10) / 10,
  };
}

type View = 'all' | 'near-due' | 'overdue' | 'stuck';

export function supervisorRoutes(deps: { db: Db; calendars: LocalCalendarStore }): Router {
  const r = Router();
  const guard = requireRole('supervisor');

  const list = (view: View) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const q = parse(view === 'stuck' ? stuckQuery : dossierListQuery, req, 'query') as z.infer<typeof stuckQuery>;
      const after = cursorOf(q);
      const now = new Date().toISOString();
      const { calendar: cal } = await deps.calendars.inForce();
      const f = filterOf(q);
      if (view === 'near-due') {
        // ≤ 1 working day left ⇔ due after now and at or before the instant one working day from now.
        f.excludeStatuses = DEADLINE_EXCLUDED;
        const bound = new Date(Date.parse(oneWorkingDayAfter(now, cal)) + 1).toISOString();
        f.dueAfter = f.dueAfter && f.dueAfter > now ? f.dueAfter : now;
        f.dueBefore = f.dueBefore && f.dueBefore < bound ? f.dueBefore : bound;
      } else if (view === 'overdue') {
        f.excludeStatuses = DEADLINE_EXCLUDED;
        f.overdueAt = now;
      } else if (view === 'stuck') {
        f.excludeStatuses = DEADLINE_EXCLUDED;
        f.idleSince = workingInstantBefore(now, q.hours ?? cal.hoursPerWorkingDay, cal);
      }
      const page = await listDossiers(deps.db, f, { after, limit: q.limit });
      res.json({ items: page.rows.map((row) => listItem(row, now, cal)), nextCursor: page.next ? encodeCursor(page.next) : null });
    } catch (err) {
      next(err);
    }
  };

  r.get('/supervisor/dossiers', guard, list('all'));
  r.get('/supervisor/near-due', guard, list('near-due'));
  r.get('/supervisor/overdue', guard, list('overdue'));
  r.get('/supervisor/stuck', guard, list('stuck'));

  /**
   * Reception's work list (hồ sơ chờ trả kết quả): results ready to hand over at the counter, oldest appointment
   * first. Results going by post leave on their own and are not listed.
   */
  r.get('/reception/ready', requireRole('reception'), async (req, res, next) => {
    try {
      const q = parse(readyQuery, req, 'query');
      const now = new Date().toISOString();
      const { calendar: cal } = await deps.calendars.inForce();
      const page = await listDossiers(
        deps.db,
        { statuses: ['RESULT_READY'], procedureCode: q.procedure, returnMethods: ['counter', 'online'] },
        { after: cursorOf(q), limit: q.limit },
      );
      res.json({ items: page.rows.map((row) => listItem(row, now, cal)), nextCursor: page.next ? encodeCursor(page.next) : null });
    } catch (err) {
      next(err);
    }
  });

  r.get('/supervisor/stats', guard, async (req, res, next) => {
    try {
      const q = parse(statsQuery, req, 'query');
      const { calendar: cal } = await deps.calendars.inForce();
      const period = { from: instantOf(q.from, 'start'), to: instantOf(q.to, 'end') };
      const [rows, fees] = await Promise.all([
        listHandOffs(deps.db, { ...period, department: q.department, procedureCode: q.procedure }),
        listFeeCollections(deps.db, { ...period, procedureCode: q.procedure }),
      ]);
      type Acc = { received: number; early: number; onTime: number; late: number; hours: number; timed: number };
      const blank = (): Acc => ({ received: 0, early: 0, onTime: 0, late: 0, hours: 0, timed: 0 });
      const byDept = new Map<string, Acc>();
      const total = blank();
      for (const row of rows) {
        const acc = byDept.get(row.toUnit) ?? blank();
        byDept.set(row.toUnit, acc);
        for (const a of [acc, total]) {
          a.received++;
          if (row.result === 'early') a.early++;
          else if (row.result === 'on-time') a.onTime++;
          else if (row.result === 'late') a.late++;
          if (row.result && row.completedAt) {
            a.hours += Math.max(0, cal.workingHoursBetween(withinCalendar(iso(row.handedOverAt)!), withinCalendar(iso(row.completedAt)!)));
            a.timed++;
          }
        }
      }
      const summarize = (a: Acc) => {
        const handled = a.early + a.onTime + a.late;
        return {
          received: a.received,
          handled,
          early: a.early,
          onTime: a.onTime,
          late: a.late,
          pending: a.received - handled,
          onTimeRate: handled ? Math.round(((a.early + a.onTime) / handled) * 1000) / 1000 : null,
          averageWorkingDays: a.timed ? Math.round((a.hours / a.timed / cal.hoursPerWorkingDay) * 100) / 100 : null,
        };
      };
      res.json({
        from: q.from,
        to: q.to,
        departments: [...byDept.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([department, a]) => ({ department, name: departmentName(department), ...summarize(a) })),
        totals: summarize(total),
        fees: summarizeFees(fees),
      });
    } catch (err) {
      next(err);
    }
  });

  return r;
}
