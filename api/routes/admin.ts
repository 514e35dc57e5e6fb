/**
 * Administration (quản trị), read-only: the procedures defined in code, the departments their steps use, the
 * working-day calendar in force, and which task queue / workers serve the procedures.
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { CALENDAR_MAX, CALENDAR_MIN, DEFAULT_OFFICE_HOURS, defaultCalendar, NATIONAL_SCHEDULES } from '../../holidays/index';
import { procedures } from '../../workflows/procedures';
import { statutoryWorkingHours, workflowTypeFor } from '../../workflows/shared/procedure-definition';
import { requireRole } from '../auth';
import { departmentName, listDepartments } from '../departments';

export const procedureSummary = z.object({
  code: z.string(),
  name: z.string(),
  version: z.number(),
  rulePack: z.enum(['2018', '2025']),
  level: z.string(),
  channels: z.array(z.string()),
  duration: z.object({ unit: z.string(), amount: z.number() }),
  statutoryWorkingHours: z.number(),
  receptionUnit: z.string(),
  workflowType: z.string(),
  fees: z.array(z.object({ code: z.string(), name: z.string(), amountVnd: z.number() })),
  requiredPapers: z.array(z.object({ code: z.string(), name: z.string(), copies: z.number() })),
  stages: z.array(
    z.object({
      steps: z.array(
        z.object({ id: z.string(), name: z.string(), department: z.string(), departmentName: z.string(), role: z.string(), shareHours: z.number() }),
      ),
    }),
  ),
});
export const proceduresResponse = z.object({ items: z.array(procedureSummary) });
export const departmentsResponse = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      procedures: z.array(z.object({ procedureCode: z.string(), steps: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) })),
    }),
  ),
});
export const calendarResponse = z.object({
  version: z.string(),
  hoursPerWorkingDay: z.number(),
  officeHours: z.array(z.tuple([z.string(), z.string()])),
  range: z.object({ min: z.string(), max: z.string() }),
  years: z.array(z.object({ year: z.number(), status: z.enum(['official', 'provisional']), nonWorkingWeekdays: z.number(), workingWeekendDays: z.number() })),
});
export const workersResponse = z.object({
  taskQueue: z.string(),
  namespace: z.string(),
  workflowTypes: z.array(z.object({ procedureCode: z.string(), workflowType: z.string(), version: z.number() })),
  pollers: z.array(z.object({ identity: z.string(), lastAccessTime: z.string().nullable(), buildId: z.string().nullable() })),
  pollersError: z.string().optional(),
});

export function adminRoutes(deps: { client: Client; taskQueue: string }): Router {
  const r = Router();
  const guard = requireRole('admin');

  r.get('/admin/procedures', guard, (_req, res) => {
    res.json({
      items: procedures.map((p) => ({
        code: p.code,
        name: p.name,
        version: p.version,
        rulePack: p.rulePack,
        level: p.level,
        channels: [...p.channels],
        duration: p.duration,
        statutoryWorkingHours: statutoryWorkingHours(p.duration),
        receptionUnit: p.receptionUnit,
        workflowType: workflowTypeFor(p.code),
        fees: p.fees,
        requiredPapers: p.requiredPapers,
        stages: p.stages.map((s) => ({
          steps: s.steps.map((st) => ({ id: st.id, name: st.name, department: st.department, departmentName: departmentName(st.department), role: st.role, shareHours: st.shareHours })),
        })),
      })),
    });
  });

  r.get('/admin/departments', guard, (_req, res) => {
    res.json({ items: listDepartments() });
  });

  r.get('/admin/calendar', guard, (_req, res) => {
    const thisYear = new Date().getUTCFullYear();
    const first = Math.min(...NATIONAL_SCHEDULES.map((s) => s.year));
    const years = [];
    for (let y = first; y <= Math.min(thisYear + 1, 2050); y++) {
      const s = defaultCalendar.year(y);
      years.push({ year: y, status: s.status, nonWorkingWeekdays: s.nonWorkingWeekdays.length, workingWeekendDays: s.workingWeekendDays.length });
    }
    res.json({
      version: defaultCalendar.version,
      hoursPerWorkingDay: defaultCalendar.hoursPerWorkingDay,
      officeHours: DEFAULT_OFFICE_HOURS.map(([a, b]) => [a, b]),
      range: { min: CALENDAR_MIN, max: CALENDAR_MAX },
      years,
    });
  });

  r.get('/admin/workers', guard, async (req, res) => {
    const namespace = deps.client.options.namespace;
    const base = {
      taskQueue: deps.taskQueue,
      namespace,
      workflowTypes: procedures.map((p) => ({ procedureCode: p.code, workflowType: workflowTypeFor(p.code), version: p.version })),
    };
    try {
      const d = await deps.client.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: deps.taskQueue },
        taskQueueType: 1 as never, // TASK_QUEUE_TYPE_WORKFLOW
      });
      const pollers = (d.pollers ?? []).map((p) => {
        const t = p.lastAccessTime;
        const secs = t?.seconds == null ? null : typeof t.seconds === 'object' ? t.seconds.toNumber() : Number(t.seconds);
        return {
          identity: p.identity ?? '',
          lastAccessTime: secs == null ? null : new Date(secs * 1000).toISOString(),
          buildId: p.workerVersionCapabilities?.buildId || p.deploymentOptions?.buildId || null,
        };
      });
      res.json({ ...base, pollers });
    } catch (err) {
      req.log?.warn({ err }, 'describeTaskQueue failed');
      res.json({ ...base, pollers: [], pollersError: 'Không lấy được danh sách worker từ Temporal (Temporal unavailable)' });
    }
  });

  return r;
}
