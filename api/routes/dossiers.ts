/** Reception and officer actions on dossiers, and the read-model lookup. */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { allocateDossierCode } from '../../db/repositories/dossier-codes';
import { findDossier, listControlSheet, listDossierEvents } from '../../db/repositories/dossiers';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from '../../db/repositories/idempotency';
import type { Db } from '../../db/client';
import { FeeFactsError, computeFees } from '../../workflows/procedures/fees';
import { procedures } from '../../workflows/procedures/registry';
import { availableActions } from '../../workflows/dossier/rules';
import { vietnamDate } from '../../workflows/shared/format';
import {
  claimStepUpdate,
  openDossierUpdate,
  closeDossierUpdate,
  decideStepUpdate,
  handOverResultUpdate,
  receiveSupplementUpdate,
  supervisorActionUpdate,
  type DossierInput,
  type DossierView,
} from '../../workflows/shared/dossier';
import { WithStartWorkflowOperation, type UpdateDefinition } from '@temporalio/client';
import type { Request, Response, NextFunction } from 'express';
import { CHANNELS, DECISIONS } from '../../workflows/procedures/schema';
import { ProcedureCodeKey, ProcedureVersionKey } from '../../workflows/shared/search-attributes';
import type { StaffDirectory } from '../directory';
import { describeEvent } from '../presentation';
import { requireRole } from '../auth';
import type { LocalCalendarStore } from '../local-calendar';
import { HttpProblem, problems } from '../problem';
import { toHttpProblem } from '../temporal-errors';
import { parse } from '../validate';
import { dossierCodeSchema } from './dossier-code';

export const receiveDossierBody = z.object({
  procedureCode: z.string().min(1, 'bắt buộc'),
  channel: z.enum(CHANNELS),
  applicant: z.object({
    fullName: z.string().trim().min(2, 'họ tên ít nhất 2 ký tự'),
    idNumber: z.string().regex(/^\d{9}(\d{3})?$/, 'số CCCD 12 chữ số (hoặc CMND 9 chữ số)').optional(),
    phone: z.string().regex(/^(\+84|0)\d{9,10}$/, 'số điện thoại Việt Nam, ví dụ 0912345678').optional(),
    email: z.email('địa chỉ email không hợp lệ').optional(),
    address: z.string().min(1).optional(),
    province: z.string().min(1).optional(),
  }),
  submittedPapers: z
    .array(z.object({ code: z.string().min(1), name: z.string().min(1), copies: z.number().int().positive().default(1) }))
    .default([]),
  returnMethod: z.enum(['counter', 'online', 'postal']).default('counter'),
  /** The procedure's case (trường hợp) when it has several; default its first. */
  caseId: z.string().regex(/^[a-z][a-z0-9-]*$/, 'mã trường hợp, ví dụ "diem-h"').optional(),
  /** Facts for fee rules: pages and copies (per-page fees), an exemption code. */
  feeFacts: z
    .object({
      pages: z.number().int().positive().max(10_000).optional(),
      copies: z.number().int().positive().max(1_000).optional(),
      exemption: z.string().min(1).max(50).optional(),
    })
    .optional(),
  /** Fees due at filing paid in cash at the counter (a receipt is issued there). */
  feesPaidAtCounter: z.boolean().optional(),
  /** Reception's completeness check: what is missing (Form 02), why it cannot be accepted (Form 03), or a postal pickup. */
  intake: z
    .object({
      missingItems: z.array(z.string().trim().min(1)).optional(),
      refusalReasons: z.array(z.string().trim().min(1)).optional(),
      postalPickup: z.boolean().optional(),
    })
    .optional(),
}).superRefine((b, ctx) => {
  if (b.intake?.postalPickup && b.channel !== 'postal') {
    ctx.addIssue({ code: 'custom', path: ['intake', 'postalPickup'], message: 'chỉ dùng với kênh bưu chính (channel "postal")' });
  }
  if (b.intake?.postalPickup && (!b.applicant.phone || !b.applicant.address)) {
    ctx.addIssue({ code: 'custom', path: ['applicant', 'address'], message: 'bưu chính cần địa chỉ và số điện thoại để nhận hồ sơ' });
  }
  // The post needs somewhere to deliver and someone to call.
  if (b.returnMethod === 'postal') {
    for (const f of ['phone', 'address'] as const) {
      if (!b.applicant[f]) ctx.addIssue({ code: 'custom', path: ['applicant', f], message: 'bắt buộc khi nhận kết quả qua bưu chính' });
    }
  }
});

export const stepDecisionBody = z.object({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(2000).optional(),
  missingItems: z.array(z.string().min(1)).optional(),
  toStepId: z.string().optional(),
});

export const supervisorActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('escalate'), stepId: z.string().min(1), note: z.string().trim().min(1) }),
  z.object({
    action: z.literal('reassign'),
    stepId: z.string().min(1),
    toDepartment: z.string().min(1).optional(),
    toOfficer: z.string().min(1).optional(),
    note: z.string().trim().min(1),
  }),
  z.object({ action: z.literal('note'), note: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('extend'), hours: z.number().positive().max(80), note: z.string().trim().min(1) }),
]);
export const reasonBody = z.object({ reason: z.string().trim().min(1, 'cần nêu lý do').max(2000) });
export const noteBody = z.object({ note: z.string().trim().max(2000).optional() });

const codeParam = z.object({ code: dossierCodeSchema });

/** How long reception waits for the new dossier to reach the read model before answering anyway. */
const OPEN_WAIT_MS = 15_000;

export function dossierRoutes(deps: {
  db: Db;
  client: Client;
  taskQueue: string;
  agencyCode: string;
  calendars: LocalCalendarStore;
  directory?: StaffDirectory;
}): Router {
  const r = Router();

  r.post('/dossiers', requireRole('reception'), async (req, res, next) => {
    const key = req.header('Idempotency-Key');
    const userId = req.actor!.userId;
    let claimed = false;
    try {
      const body = parse(receiveDossierBody, req, 'body');
      if (key) {
        if (!/^[\w.:-]{1,200}$/.test(key)) throw problems.invalid('Idempotency-Key: 1–200 ký tự chữ, số, . : - _');
        const claim = await claimIdempotencyKey(deps.db, userId, key, 'POST /api/dossiers');
        if (claim.kind === 'replay') return void res.status(claim.status).json(claim.response);
        if (claim.kind === 'in-progress') throw problems.conflict('Yêu cầu cùng Idempotency-Key đang được xử lý');
        if (claim.kind === 'mismatch') throw problems.conflict('Idempotency-Key đã dùng cho một yêu cầu khác');
        claimed = true;
      }
      // New dossiers take the procedure version in force on the day of reception.
      const def = procedures.current(body.procedureCode, vietnamDate(Date.now()));
      if (!def) throw problems.invalid(`Không có thủ tục mã ${body.procedureCode} (unknown procedure)`);
      if (!def.channels.includes(body.channel)) {
        throw problems.invalid(`Thủ tục ${def.code} không nhận hồ sơ qua kênh ${body.channel}`);
      }
      if (body.caseId && !def.cases.some((c) => c.id === body.caseId)) {
        throw fieldProblem('body.caseId', `thủ tục ${def.code} không có trường hợp "${body.caseId}"`);
      }
      try {
        computeFees(def, body.feeFacts);
      } catch (err) {
        if (err instanceof FeeFactsError) throw fieldProblem(`body.feeFacts.${err.field}`, err.message);
        throw err;
      }
      const { overlay } = await deps.calendars.inForce();
      const code = await allocateDossierCode(deps.db, deps.agencyCode);
      const { feesPaidAtCounter, ...rest } = body;
      const input: DossierInput = {
        code,
        ...rest,
        procedureCode: def.code,
        procedureVersion: def.version,
        receivedBy: req.actor!,
        requestId: req.id,
        ...(feesPaidAtCounter ? { feesPaidAtFiling: { method: 'Tiền mặt tại quầy' } } : {}),
        ...(overlay ? { calendarOverlay: overlay } : {}),
      };
      const view = await openDossier(deps, input, [
        { key: ProcedureCodeKey, value: def.code },
        { key: ProcedureVersionKey, value: def.version },
      ]);
      req.log?.info({ code, procedure: `${def.code}@${def.version}` }, 'dossier received');
      const answer = { code, procedureCode: def.code, procedureVersion: def.version, status: view?.status ?? 'RECEIVED', ...(view ? { dueAt: view.dueAt } : {}) };
      if (claimed) await completeIdempotencyKey(deps.db, userId, key!, 201, answer);
      res.status(201).location(`/api/dossiers/${code}`).json(answer);
    } catch (err) {
      if (claimed) await releaseIdempotencyKey(deps.db, userId, key!).catch(() => {});
      next(err);
    }
  });

  r.get('/dossiers/:code', requireRole('reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'), async (req, res, next) => {
    try {
      const { code } = parse(codeParam, req, 'params');
      const row = await findDossier(deps.db, code);
      if (!row) throw problems.notFound(`Không có hồ sơ ${code}`);
      const [events, controlSheet] = await Promise.all([listDossierEvents(deps.db, code), listControlSheet(deps.db, code)]);
      const view = row.snapshot as DossierView;
      const def = procedures.version(row.procedureCode, row.procedureVersion);
      res.json({
        ...view,
        status: row.status,
        overdue: row.overdue,
        events: events.map((e) => ({ ...e, summary: describeEvent(e) })),
        controlSheet,
        // What the caller may do now, from the same rules table the workflow's validators use.
        allowedActions: def && view.activeSteps ? availableActions({ ...view, status: row.status as DossierView['status'] }, def, req.actor!) : [],
      });
    } catch (err) {
      next(err);
    }
  });

  /** Runs a Workflow Update for the dossier in the path and answers with the new state. */
  function updateRoute<A>(
    update: UpdateDefinition<DossierView, [A]>,
    buildArg: (req: Request, code: string) => A,
  ) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const { code } = parse(codeParam.passthrough(), req, 'params');
        const arg = buildArg(req, code);
        const idempotencyKey = req.header('Idempotency-Key');
        try {
          const view = await deps.client.workflow.getHandle(code).executeUpdate(update, {
            args: [arg],
            // The same key → the same update ID → Temporal answers a repeated click once.
            ...(idempotencyKey ? { updateId: `${update.name}:${req.params.stepId ?? ''}:${idempotencyKey}` } : {}),
          });
          res.json(view);
        } catch (err) {
          throw toHttpProblem(err, code);
        }
      } catch (err) {
        next(err);
      }
    };
  }
  const stepIdOf = (req: Request) => parse(z.object({ stepId: z.string().min(1).max(100) }), req, 'params').stepId;

  r.post(
    '/dossiers/:code/steps/:stepId/decision',
    requireRole('officer', 'head'),
    updateRoute(decideStepUpdate, (req) => ({ stepId: stepIdOf(req), ...parse(stepDecisionBody, req, 'body'), actor: req.actor! })),
  );
  r.post(
    '/dossiers/:code/steps/:stepId/claim',
    requireRole('officer', 'head'),
    updateRoute(claimStepUpdate, (req) => ({ stepId: stepIdOf(req), actor: req.actor! })),
  );
  r.post('/dossiers/:code/supervisor-actions', requireRole('supervisor', 'head'), async (req, res, next) => {
    try {
      const body = parse(supervisorActionBody, req, 'body');
      let toOfficerDepartments: string[] | undefined;
      if (body.action === 'reassign' && body.toOfficer) {
        // The workflow checks the new officer belongs to the step's unit; the directory says where they belong.
        const member = await deps.directory?.find(body.toOfficer);
        if (!member) throw fieldProblem('body.toOfficer', `không có cán bộ ${body.toOfficer} trong danh bạ`);
        toOfficerDepartments = member.departments;
      }
      return updateRoute(supervisorActionUpdate, () => ({ ...body, actor: req.actor!, ...(toOfficerDepartments ? { toOfficerDepartments } : {}) }))(req, res, next);
    } catch (err) {
      next(err);
    }
  });
  r.post(
    '/dossiers/:code/supplement',
    requireRole('reception'),
    updateRoute(receiveSupplementUpdate, (req) => ({ receivedBy: req.actor!.userId, note: parse(noteBody, req, 'body').note })),
  );
  r.post(
    '/dossiers/:code/hand-over',
    requireRole('reception'),
    updateRoute(handOverResultUpdate, (req) => ({ actor: req.actor!, note: parse(noteBody, req, 'body').note })),
  );
  r.post(
    '/dossiers/:code/withdraw',
    requireRole('reception'),
    updateRoute(closeDossierUpdate, (req) => ({ kind: 'withdraw' as const, actor: req.actor!, reason: parse(reasonBody, req, 'body').reason })),
  );
  r.post(
    '/dossiers/:code/stop',
    requireRole('head', 'supervisor'),
    updateRoute(closeDossierUpdate, (req) => ({ kind: 'stop' as const, actor: req.actor!, reason: parse(reasonBody, req, 'body').reason })),
  );

  return r;
}

const fieldProblem = (path: string, message: string) =>
  new HttpProblem({ status: 400, slug: 'validation-error', title: 'Dữ liệu không hợp lệ', detail: message, errors: [{ path, message }] });

/**
 * Starts the dossier's workflow and waits (update-with-start) until its first task has run and the read model has it:
 * the first department can act, and a GET finds it, as soon as the 201 is out. If no worker answers in time the
 * dossier is still started and the answer says so (null view); it proceeds when a worker is back.
 */
async function openDossier(
  deps: { client: Client; taskQueue: string },
  input: DossierInput,
  searchAttributes: Array<{ key: typeof ProcedureCodeKey; value: string } | { key: typeof ProcedureVersionKey; value: number }>,
): Promise<DossierView | null> {
  const start = new WithStartWorkflowOperation('dossier', {
    workflowId: input.code,
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: searchAttributes as never,
  });
  try {
    return await deps.client.withDeadline(Date.now() + OPEN_WAIT_MS, () =>
      deps.client.workflow.executeUpdateWithStart(openDossierUpdate, { args: [], startWorkflowOperation: start, updateId: `open:${input.code}` }),
    );
  } catch (err) {
    const started = await deps.client.workflow
      .getHandle(input.code)
      .describe()
      .then(() => true)
      .catch(() => false);
    if (started) return null;
    throw toHttpProblem(err, input.code);
  }
}
