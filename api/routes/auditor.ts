/**
 * Auditor (thanh tra) routes, read-only: a dossier's timeline (Temporal history merged with the read model), its
 * control sheet, a determinism check (replay the recorded history against today's workflow code), and the
 * tamper-evident audit log with its verification.
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { AnchorReading, AuditAnchor } from '../audit-anchor';
import { listAudit, verifyChain } from '../../db/repositories/audit';
import { findDossier, listControlSheet, listDossierEvents } from '../../db/repositories/dossiers';
import { formatVietnamTime } from '../../workflows/shared/format';
import { HAND_OFF_LABEL } from '../presentation';
import type { HandOffResult } from '../../workflows/shared/dossier';
import { requireRole } from '../auth';
import { departmentName } from '../departments';
import { historyTimeline, mergeTimeline, type History } from '../history-timeline';
import { problems } from '../problem';
import { toHttpProblem } from '../temporal-errors';
import { parse } from '../validate';
import { dossierCodeSchema } from './dossier-code';

export const dossierCodeParams = z.object({ code: dossierCodeSchema });

export const timelineEntry = z.object({
  at: z.string(),
  source: z.enum(['temporal', 'read-model']),
  kind: z.string(),
  summary: z.string(),
  actor: z.string().optional(),
  department: z.string().optional(),
  ref: z.number().describe('Temporal event id hoặc số thứ tự sự kiện'),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export const timelineResponse = z.object({ code: z.string(), entries: z.array(timelineEntry) });

export const controlSheetResponse = z.object({
  code: z.string(),
  form: z.string(),
  rows: z.array(
    z.object({
      rowNo: z.number(),
      fromUnit: z.string(),
      fromName: z.string(),
      toUnit: z.string(),
      toName: z.string(),
      handedOverAt: z.string(),
      handedOverAtText: z.string(),
      stepId: z.string().nullable(),
      stepDueAt: z.string().nullable(),
      result: z.string().nullable(),
      resultText: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

export const replayResponse = z.union([
  z.object({ replayed: z.literal(true), code: z.string(), events: z.number() }),
  z.object({ replayed: z.literal(false), code: z.string(), events: z.number(), error: z.object({ name: z.string(), message: z.string() }) }),
]);

export const auditLogQuery = z.object({
  dossierCode: dossierCodeSchema.optional(),
  actor: z.string().min(1).max(100).optional(),
  outcome: z.enum(['allowed', 'refused']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().regex(/^\d+$/, 'dùng nextCursor của trang trước').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const auditRecordSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  dossierCode: z.string().nullable(),
  outcome: z.enum(['allowed', 'refused']),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export const auditLogResponse = z.object({ items: z.array(auditRecordSchema), nextCursor: z.string().nullable() });
const anchorReading = z.object({
  /** anchored: the head recorded in Temporal was checked; none: nothing anchored yet; unavailable: Temporal did not answer. */
  status: z.enum(['anchored', 'none', 'unavailable']),
  seq: z.number().optional(),
  hash: z.string().optional(),
  at: z.string().optional(),
  reason: z.string().optional(),
});
export const auditVerifyResponse = z.union([
  z.object({ ok: z.literal(true), count: z.number(), anchor: anchorReading }),
  z.object({ ok: z.literal(false), count: z.number(), firstBrokenSeq: z.number(), reason: z.string(), anchor: anchorReading }),
]);

/**
 * One workflow bundle of today's code per process, built on first use (about a second of CPU). The worker SDK and
 * bundler are loaded lazily so an API-only process pays for them only when an auditor asks for a replay.
 */
let bundle: Promise<{ code: string }> | undefined;
export function currentWorkflowBundle(): Promise<{ code: string }> {
  bundle ??= import('../../scripts/worker').then((m) => m.bundleWorkflows()).catch((err) => {
    bundle = undefined;
    throw err;
  });
  return bundle;
}

export type ReplayResult = z.infer<typeof replayResponse>;

/** Replays a recorded history against a workflow bundle; a determinism violation is a result, not an error. */
export async function replayHistory(code: string, history: History, workflowBundle: { code: string }): Promise<ReplayResult> {
  const events = history.events?.length ?? 0;
  const { Worker } = await import('@temporalio/worker');
  try {
    await Worker.runReplayHistory({ workflowBundle, replayName: `audit-${code}` }, history, code);
    return { replayed: true, code, events };
  } catch (err) {
    const e = err as Error;
    return { replayed: false, code, events, error: { name: e?.name ?? 'Error', message: e?.message ?? String(err) } };
  }
}

export function auditorRoutes(deps: { db: Db; client: Client; auditAnchor?: AuditAnchor; workflowBundle?: () => Promise<{ code: string }> }): Router {
  const r = Router();
  const guard = requireRole('auditor');
  const getBundle = deps.workflowBundle ?? currentWorkflowBundle;

  async function fetchHistory(code: string): Promise<History> {
    try {
      return await deps.client.workflow.getHandle(code).fetchHistory();
    } catch (err) {
      throw toHttpProblem(err, code);
    }
  }

  r.get('/dossiers/:code/timeline', guard, async (req, res, next) => {
    try {
      const { code } = parse(dossierCodeParams, req, 'params');
      const [history, events] = await Promise.all([fetchHistory(code), listDossierEvents(deps.db, code)]);
      res.json({ code, entries: mergeTimeline(historyTimeline(history), events) });
    } catch (err) {
      next(err);
    }
  });

  r.get('/dossiers/:code/control-sheet', guard, async (req, res, next) => {
    try {
      const { code } = parse(dossierCodeParams, req, 'params');
      const dossier = await findDossier(deps.db, code);
      if (!dossier) throw problems.notFound(`Không có hồ sơ ${code}`);
      const rows = await listControlSheet(deps.db, code);
      res.json({
        code,
        // Form 05 of Circular 01/2018; Form 06 under Decree 118/2025.
        form: dossier.rulePack === '2018' ? 'Mẫu số 05 (Thông tư 01/2018/TT-VPCP)' : 'Mẫu số 06 (Nghị định 118/2025/NĐ-CP)',
        rows: rows.map((row) => ({
          rowNo: row.rowNo,
          fromUnit: row.fromUnit,
          fromName: departmentName(row.fromUnit),
          toUnit: row.toUnit,
          toName: departmentName(row.toUnit),
          handedOverAt: new Date(row.handedOverAt).toISOString(),
          handedOverAtText: formatVietnamTime(row.handedOverAt),
          stepId: row.stepId,
          stepDueAt: row.stepDueAt ? new Date(row.stepDueAt).toISOString() : null,
          result: row.result,
          resultText: row.result ? (HAND_OFF_LABEL[row.result as HandOffResult] ?? row.result) : null,
          note: row.note,
        })),
      });
    } catch (err) {
      next(err);
    }
  });

  r.post('/dossiers/:code/replay', guard, async (req, res, next) => {
    try {
      const { code } = parse(dossierCodeParams, req, 'params');
      const history = await fetchHistory(code);
      let workflowBundle: { code: string };
      try {
        workflowBundle = await getBundle();
      } catch (err) {
        req.log?.error({ err }, 'workflow bundle failed');
        throw problems.unavailable('Không đóng gói được mã quy trình để chạy lại (workflow bundle failed)');
      }
      res.json(await replayHistory(code, history, workflowBundle));
    } catch (err) {
      next(err);
    }
  });

  r.get('/audit-log', guard, async (req, res, next) => {
    try {
      const q = parse(auditLogQuery, req, 'query');
      const items = await listAudit(deps.db, {
        dossierCode: q.dossierCode,
        actorId: q.actor,
        outcome: q.outcome,
        from: q.from ? new Date(q.from).toISOString() : undefined,
        to: q.to ? new Date(q.to).toISOString() : undefined,
        afterSeq: q.cursor ? Number(q.cursor) : undefined,
        limit: q.limit + 1,
      });
      const more = items.length > q.limit;
      const page = more ? items.slice(0, q.limit) : items;
      res.json({ items: page, nextCursor: more ? String(page.at(-1)!.seq) : null });
    } catch (err) {
      next(err);
    }
  });

  r.get('/audit-log/verify', guard, async (_req, res, next) => {
    try {
      const reading: AnchorReading = deps.auditAnchor ? await deps.auditAnchor.read() : { status: 'none' };
      const anchor = reading.status === 'anchored' ? reading.head : undefined;
      const result = await verifyChain(deps.db, { anchor });
      res.json({
        ...result,
        anchor: reading.status === 'anchored' ? { status: 'anchored', ...reading.head } : reading,
      });
    } catch (err) {
      next(err);
    }
  });

  return r;
}
