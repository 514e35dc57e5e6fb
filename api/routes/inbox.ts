/**
 * Officer inbox (hộp việc): steps currently assigned to the user's departments, with each step's due time and the
 * working time left. Read model only; paginated by dossier (due_at, code).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { listDossiers } from '../../db/repositories/dossier-lists';
import { procedures } from '../../workflows/procedures/registry';
import { DOSSIER_STATUSES, FINAL_STATUSES, type DossierStatus, type DossierView } from '../../workflows/shared/dossier';
import { requireRole } from '../auth';
import { departmentName } from '../departments';
import { parse } from '../validate';
import { timeLeft } from '../working-time';
import type { LocalCalendarStore } from '../local-calendar';
import { cursorOf, encodeCursor, pageQuery } from './supervisor';

export const inboxQuery = pageQuery;
export const inboxItem = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  applicantName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  stepId: z.string(),
  stepName: z.string(),
  department: z.string(),
  departmentName: z.string(),
  officer: z.string().nullable().describe('Cán bộ đã nhận xử lý (null: chưa ai nhận)'),
  startedAt: z.string(),
  stepDueAt: z.string(),
  dossierDueAt: z.string(),
  workingHoursLeft: z.number().describe('Giờ làm việc còn lại của bước (âm nếu trễ)'),
  workingDaysLeft: z.number(),
  overdue: z.boolean(),
});
export const inboxResponse = z.object({ items: z.array(inboxItem), nextCursor: z.string().nullable() });

export function inboxRoutes(deps: { db: Db; calendars: LocalCalendarStore }): Router {
  const r = Router();
  r.get('/inbox', requireRole('officer', 'head'), async (req, res, next) => {
    try {
      const q = parse(inboxQuery, req, 'query');
      const after = cursorOf(q);
      const mine = req.actor!.departments;
      if (mine.length === 0) return void res.json({ items: [], nextCursor: null });
      const now = new Date().toISOString();
      const { calendar: cal } = await deps.calendars.inForce();
      const page = await listDossiers(deps.db, { anyDepartments: mine, excludeStatuses: [...FINAL_STATUSES] }, { after, limit: q.limit });
      const items = page.rows.flatMap((row) => {
        const view = row.snapshot as DossierView;
        const status = row.status as DossierStatus;
        return (view.activeSteps ?? [])
          .filter((s) => mine.includes(s.department))
          .map((s) => {
            const left = timeLeft(now, s.dueAt, cal);
            return {
              code: row.code,
              procedureCode: row.procedureCode,
              procedureName: procedures.latest(row.procedureCode)?.name ?? row.procedureCode,
              applicantName: row.applicantName,
              status,
              statusLabel: DOSSIER_STATUSES[status]?.label ?? status,
              stepId: s.stepId,
              stepName: s.name,
              department: s.department,
              departmentName: departmentName(s.department),
              officer: s.officer ?? null,
              startedAt: s.startedAt,
              stepDueAt: s.dueAt,
              dossierDueAt: view.dueAt,
              ...left,
              overdue: left.workingHoursLeft < 0,
            };
          });
      });
      items.sort((a, b) => a.stepDueAt.localeCompare(b.stepDueAt));
      res.json({ items, nextCursor: page.next ? encodeCursor(page.next) : null });
    } catch (err) {
      next(err);
    }
  });
  return r;
}
