/**
 * Administration (quản trị): the procedures defined in code, the departments their steps use, which task queue /
 * workers serve the procedures, and the working-day calendar in force, whose local part (the centre's extra days
 * off, extra working days and office hours) the admin manages here. National holidays are data in holidays/ and
 * change only with a code release.
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { buildCalendar, CALENDAR_MAX, CALENDAR_MIN, CalendarInputError, DEFAULT_OFFICE_HOURS, localOverlaySchema, NATIONAL_SCHEDULES, SCHEDULE_PATCHES, type Calendar } from '../../holidays/index';
import type { Db } from '../../db/client';
import { appendOverlayRevision, listOpenDossierCodes, listOverlayRevisions, type OverlayRevision } from '../../db/repositories/calendar-overlays';
import { calendarChangedSignal } from '../../workflows/shared/dossier';
import type { LocalCalendarStore } from '../local-calendar';
import { problems } from '../problem';
import { parse } from '../validate';
import { procedures } from '../../workflows/procedures/registry';
import { caseOf, procedureRef, statutoryWorkingHours } from '../../workflows/procedures/schema';
import { vietnamDate } from '../../workflows/shared/format';
import { feeRuleText } from '../presentation';
import { requireRole } from '../auth';
import { departmentName, listDepartments } from '../departments';
import { clock } from '../../activities/clock';

export const procedureSummary = z.object({
  code: z.string(),
  name: z.string(),
  version: z.number(),
  ref: z.string().describe('mã@phiên bản, như hồ sơ ghi'),
  effectiveFrom: z.string(),
  inForce: z.boolean().describe('Phiên bản áp dụng cho hồ sơ mới hôm nay'),
  rulePack: z.enum(['2018', '2025']),
  level: z.string(),
  sector: z.string(),
  onlineLevel: z.enum(['toan-trinh', 'mot-phan']),
  leadAgency: z.string(),
  legalBasis: z.array(z.object({ document: z.string(), article: z.string().optional(), note: z.string().optional() })),
  cases: z.array(z.object({ id: z.string(), name: z.string(), duration: z.object({ unit: z.string(), amount: z.number() }) })),
  supplement: z.object({ clock: z.enum(['pause', 'restart']), maxRequests: z.number() }),
  channels: z.array(z.string()),
  duration: z.object({ unit: z.string(), amount: z.number() }),
  statutoryWorkingHours: z.number(),
  receptionUnit: z.string(),
  workflowType: z.string(),
  fees: z.array(z.object({ code: z.string(), name: z.string(), type: z.string(), due: z.string(), rule: z.string() })),
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
const overlayRevisionSummary = z.object({
  revision: z.number(),
  reason: z.string(),
  changedBy: z.string(),
  changedAt: z.string(),
  calendarVersion: z.string(),
  overlay: localOverlaySchema.nullable(),
});
export const calendarResponse = z.object({
  version: z.string(),
  hoursPerWorkingDay: z.number(),
  officeHours: z.array(z.tuple([z.string(), z.string()])),
  sameDayCutoff: z.string(),
  range: z.object({ min: z.string(), max: z.string() }),
  /** The local overlay in force; null: national calendar only. */
  local: overlayRevisionSummary.nullable(),
  /** Local days off and extra working days, with their reasons, from the current year on. */
  localDays: z.array(z.object({ date: z.string(), working: z.boolean(), reason: z.string() })),
  years: z.array(z.object({ year: z.number(), status: z.enum(['official', 'provisional']), nonWorkingWeekdays: z.number(), workingWeekendDays: z.number() })),
});
export const replaceLocalCalendarBody = z.object({
  /** The new overlay; null returns the centre to the national calendar. */
  overlay: localOverlaySchema.nullable(),
  reason: z.string().trim().min(5, 'ghi rõ lý do hoặc văn bản (ít nhất 5 ký tự)').max(500),
});
export const calendarRevisionsResponse = z.object({ items: z.array(overlayRevisionSummary) });
export const applyCalendarBody = z.object({
  reason: z.string().trim().min(5, 'ghi rõ lý do hoặc văn bản (ít nhất 5 ký tự)').max(500),
});
export const applyCalendarResponse = z.object({
  calendarVersion: z.string(),
  /** Open dossiers that were sent the calendar (each recomputes its deadlines; unchanged ones record nothing). */
  signalled: z.number().int(),
  failed: z.array(z.object({ code: z.string(), error: z.string() })),
});
export const workersResponse = z.object({
  taskQueue: z.string(),
  namespace: z.string(),
  workflowTypes: z.array(z.object({ procedureCode: z.string(), workflowType: z.string(), version: z.number() })),
  pollers: z.array(z.object({ identity: z.string(), lastAccessTime: z.string().nullable(), buildId: z.string().nullable() })),
  pollersError: z.string().optional(),
});

const revisionJson = (r: OverlayRevision) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() });

function describeCalendar(calendar: Calendar, local: OverlayRevision | null) {
  const thisYear = clock.now().getUTCFullYear();
  const first = Math.min(...NATIONAL_SCHEDULES.map((s) => s.year));
  const years = [];
  for (let y = first; y <= Math.min(thisYear + 1, 2050); y++) {
    const s = calendar.year(y);
    years.push({ year: y, status: s.status, nonWorkingWeekdays: s.nonWorkingWeekdays.length, workingWeekendDays: s.workingWeekendDays.length });
  }
  const since = `${thisYear}-01-01`;
  const overlay = local?.overlay;
  const localDays = overlay
    ? [
        ...(overlay.extraDaysOff ?? []).map((d) => ({ date: d.date, working: false, reason: d.reason })),
        ...(overlay.extraWorkingDays ?? []).map((d) => ({ date: d.date, working: true, reason: d.reason })),
      ]
        .filter((d) => d.date >= since)
        .sort((a, b) => a.date.localeCompare(b.date))
    : [];
  return {
    version: calendar.version,
    hoursPerWorkingDay: calendar.hoursPerWorkingDay,
    officeHours: (overlay?.officeHours ?? DEFAULT_OFFICE_HOURS).map(([a, b]) => [a, b] as [string, string]),
    sameDayCutoff: overlay?.sameDayCutoff ?? '15:00',
    range: { min: CALENDAR_MIN, max: CALENDAR_MAX },
    local: local?.overlay ? revisionJson(local) : null,
    localDays,
    years,
  };
}

export function adminRoutes(deps: { db: Db; client: Client; taskQueue: string; calendars: LocalCalendarStore }): Router {
  const r = Router();
  const guard = requireRole('admin');

  r.get('/admin/procedures', guard, (_req, res) => {
    const today = vietnamDate(Date.now());
    res.json({
      items: procedures.all().map((p) => ({
        code: p.code,
        name: p.name,
        version: p.version,
        ref: procedureRef(p),
        effectiveFrom: p.effectiveFrom,
        inForce: procedures.current(p.code, today)?.version === p.version,
        rulePack: p.rulePack,
        level: p.level,
        sector: p.sector,
        onlineLevel: p.onlineLevel,
        leadAgency: p.leadAgency,
        legalBasis: p.legalBasis,
        cases: p.cases.map((c) => ({ id: c.id, name: c.name, duration: caseOf(p, c.id).duration })),
        supplement: { clock: p.supplement.clock, maxRequests: p.supplement.maxRequests },
        channels: [...p.channels],
        duration: p.duration,
        statutoryWorkingHours: statutoryWorkingHours(p.duration),
        receptionUnit: p.receptionUnit,
        workflowType: 'dossier',
        fees: p.fees.map((f) => ({ code: f.code, name: f.name, type: f.type, due: f.due, rule: feeRuleText(f) })),
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

  r.get('/admin/calendar', guard, async (_req, res, next) => {
    try {
      const now = await deps.calendars.inForce();
      res.json(describeCalendar(now.calendar, now.revision));
    } catch (err) {
      next(err);
    }
  });

  /**
   * Replaces the local overlay. Dossiers received from now on use it; running dossiers keep the calendar recorded
   * at their reception (their appointment slips were issued on it). Every change is a new revision, and the
   * request itself is in the audit log.
   */
  r.put('/admin/calendar/local', guard, async (req, res, next) => {
    try {
      const body = parse(replaceLocalCalendarBody, req, 'body');
      let calendar: Calendar;
      try {
        calendar = buildCalendar(body.overlay ?? undefined);
      } catch (err) {
        if (err instanceof CalendarInputError) throw problems.invalid(err.message);
        throw err;
      }
      const saved = await appendOverlayRevision(deps.db, {
        // The request body, not the parsed form: defaults stay implicit, so later defaults apply on rebuild.
        overlay: body.overlay ? (req.body.overlay as z.input<typeof localOverlaySchema>) : null,
        calendarVersion: calendar.version,
        reason: body.reason,
        changedBy: req.actor!.userId,
      });
      req.log?.info({ revision: saved.revision, calendarVersion: calendar.version }, 'local calendar replaced');
      res.json(describeCalendar(calendar, saved));
    } catch (err) {
      next(err);
    }
  });

  /**
   * Applies the calendar in force (the local overlay and all national data shipped) to the dossiers still open:
   * each workflow recomputes its appointment and step deadlines on it and tells the citizen if the date moves.
   * Without this, a change applies only to dossiers received from then on.
   */
  r.post('/admin/calendar/apply-to-running', guard, async (req, res, next) => {
    try {
      const body = parse(applyCalendarBody, req, 'body');
      const { calendar, overlay } = await deps.calendars.inForce();
      const change = { overlay, patchIds: SCHEDULE_PATCHES.map((p) => p.patchId), reason: body.reason, by: req.actor!.userId };
      const codes = await listOpenDossierCodes(deps.db);
      const failed: Array<{ code: string; error: string }> = [];
      let signalled = 0;
      for (let i = 0; i < codes.length; i += 20) {
        const batch = codes.slice(i, i + 20);
        const results = await Promise.allSettled(batch.map((code) => deps.client.workflow.getHandle(code).signal(calendarChangedSignal, change)));
        results.forEach((r, j) => {
          if (r.status === 'fulfilled') signalled++;
          else failed.push({ code: batch[j]!, error: (r.reason as Error)?.message ?? String(r.reason) });
        });
      }
      req.log?.info({ signalled, failed: failed.length, calendarVersion: calendar.version }, 'calendar applied to open dossiers');
      res.json({ calendarVersion: calendar.version, signalled, failed });
    } catch (err) {
      next(err);
    }
  });

  r.get('/admin/calendar/revisions', guard, async (_req, res, next) => {
    try {
      res.json({ items: (await listOverlayRevisions(deps.db)).map(revisionJson) });
    } catch (err) {
      next(err);
    }
  });

  r.get('/admin/workers', guard, async (req, res) => {
    const namespace = deps.client.options.namespace;
    const base = {
      taskQueue: deps.taskQueue,
      namespace,
      workflowTypes: procedures.currentAll(vietnamDate(Date.now())).map((p) => ({ procedureCode: p.code, workflowType: 'dossier', version: p.version })),
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
