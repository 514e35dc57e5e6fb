/**
 * Statutory documents of a dossier (receipt, supplement request, refusal, apology, stop notice): listed and
 * downloaded as PDF by staff; the content hash travels in `X-Content-SHA256` so a printed copy can be checked.
 * Rendered on demand from the read model: the control sheet of one dossier and the register (sổ theo dõi hồ sơ)
 * of the dossiers received in a period.
 */
import { and, asc, eq } from 'drizzle-orm';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { documents } from '../../db/schema';
import { requireRole } from '../auth';
import { problems } from '../problem';
import { parse } from '../validate';
import { dossierCodeSchema } from './dossier-code';
import { renderForm } from '../../activities/documents';
import { findDossier, listControlSheet } from '../../db/repositories/dossiers';
import { listRegister, type RegisterRow } from '../../db/repositories/register';
import { procedures } from '../../workflows/procedures/registry';
import { DOSSIER_STATUSES, type DossierStatus, type DossierView } from '../../workflows/shared/dossier';
import { departmentName } from '../departments';
import { instantOf } from '../working-time';
import { nowIso } from '../../activities/clock';

export const documentParams = z.object({ code: dossierCodeSchema, id: z.coerce.number().int().positive() });
export const documentListParams = z.object({ code: dossierCodeSchema });
export const documentListResponse = z.object({
  items: z.array(
    z.object({ id: z.number(), kind: z.string(), fileName: z.string(), sha256: z.string(), issuedAt: z.string() }),
  ),
});

export async function listDocuments(db: Db, code: string) {
  return db
    .select({ id: documents.id, kind: documents.kind, fileName: documents.fileName, sha256: documents.sha256, issuedAt: documents.issuedAt })
    .from(documents)
    .where(eq(documents.dossierCode, code))
    .orderBy(asc(documents.id));
}

/** Sends one document of the dossier as PDF, or 404 when it does not belong to that dossier. */
export async function sendDocument(db: Db, res: Response, code: string, id: number): Promise<void> {
  const row = (await db.select().from(documents).where(and(eq(documents.id, id), eq(documents.dossierCode, code))).limit(1))[0];
  if (!row) throw problems.notFound(`Hồ sơ ${code} không có văn bản số ${id}`);
  res
    .status(200)
    .type('application/pdf')
    .setHeader('Content-Disposition', `inline; filename="${row.fileName}"`)
    .setHeader('X-Content-SHA256', row.sha256)
    .send(row.pdf);
}

const READERS = ['reception', 'officer', 'head', 'supervisor', 'auditor'] as const;

/** Most lines one register PDF carries; a longer period is refused with advice to narrow it. */
export const REGISTER_MAX_ENTRIES = 2000;
/** Circular 03/2025/TT-VPCP applies to dossiers received from 1 July 2025 (Decree 118/2025/NĐ-CP). */
const RULE_PACK_2025_FROM = '2025-07-01';
const MAX_REGISTER_DAYS = 366;

export const registerQuery = z
  .object({
    from: z.iso.date({ error: 'ngày YYYY-MM-DD' }).describe('Ngày đầu kỳ (giờ Việt Nam), tính cả ngày này'),
    to: z.iso.date({ error: 'ngày YYYY-MM-DD' }).describe('Ngày cuối kỳ (giờ Việt Nam), tính cả ngày này'),
    department: z.string().trim().min(1).max(100).optional().describe('Chỉ hồ sơ đã chuyển đến phòng/cơ quan này'),
    procedure: z.string().trim().min(1).max(100).optional().describe('Mã thủ tục'),
    rulePack: z
      .enum(['2018', '2025'], { error: '2018 hoặc 2025' })
      .optional()
      .describe('Mẫu sổ theo Thông tư 01/2018 (Mẫu 06) hay 03/2025 (Mẫu 07); mặc định theo quy định có hiệu lực vào ngày cuối kỳ'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'ngày cuối kỳ phải từ ngày đầu kỳ trở đi' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_REGISTER_DAYS * 86_400_000, {
    path: ['to'],
    message: `một sổ tối đa ${MAX_REGISTER_DAYS} ngày`,
  });

const optionalDate = (s: string | null | undefined) => (s ? new Date(s) : undefined);

/** One register line from the read model: lead agency = the first unit the dossier was sent to. */
function registerEntry(row: RegisterRow) {
  const view = row.snapshot as Partial<DossierView>;
  const procedure = procedures.version(row.procedureCode, view.procedureVersion ?? 1) ?? procedures.latest(row.procedureCode);
  const lead = row.firstUnit ?? procedure?.leadAgency;
  const status = row.status as DossierStatus;
  const notes: string[] = [DOSSIER_STATUSES[status]?.label ?? status];
  if (row.overdue) notes.push('quá hạn');
  if (view.apologies?.length) notes.push('đã xin lỗi, hẹn lại');
  if (view.returnMethod === 'postal') notes.push('trả qua bưu chính');
  const receivedAt = new Date(row.receivedAt);
  return {
    dossierCode: row.code,
    procedure: view.procedureName ?? procedure?.name ?? row.procedureCode,
    applicant: row.applicantName,
    leadAgency: lead ? departmentName(lead) : '—',
    receivedAt,
    dueAt: optionalDate(row.dueAt) ?? receivedAt,
    sentAt: optionalDate(row.sentAt),
    resultBackAt: optionalDate(row.finishedAt),
    returnedAt: optionalDate(row.returnedAt),
    note: notes.join('; '),
  };
}

export interface DocumentLetterhead {
  agency: { name: string; place: string };
  lookupUrl: string;
}

export function documentRoutes(deps: { db: Db; letterhead?: DocumentLetterhead }): Router {
  const r = Router();
  const letterhead = deps.letterhead ?? { agency: { name: 'BỘ PHẬN MỘT CỬA', place: 'Việt Nam' }, lookupUrl: 'http://127.0.0.1:3000/tra-cuu' };

  /** The control sheet as it stands now, rendered from the read model (Form 05 of 2018 / 06 of 2025). */
  r.get('/dossiers/:code/control-sheet.pdf', requireRole('reception', 'supervisor', 'auditor'), async (req, res, next) => {
    try {
      const { code } = parse(documentListParams, req, 'params');
      const row = await findDossier(deps.db, code);
      if (!row) throw problems.notFound(`Không có hồ sơ ${code}`);
      const v = row.snapshot as DossierView;
      const rows = await listControlSheet(deps.db, code);
      if (!rows.length) throw problems.conflict('Hồ sơ chưa có lần bàn giao nào (no hand-off yet)');
      const rendered = await renderForm({
        kind: 'control-sheet',
        rulePack: v.rulePack,
        agency: letterhead.agency,
        lookupUrl: letterhead.lookupUrl,
        issuedAt: nowIso(),
        dossierCode: code,
        applicant: { name: v.applicant.fullName },
        procedure: { code: v.procedureCode, name: v.procedureName },
        receivedAt: v.receivedAt,
        appointmentAt: v.dueAt,
        rows: rows.map((x) => ({
          from: x.fromUnit,
          to: x.toUnit,
          handedOverAt: new Date(x.handedOverAt).toISOString(),
          stepDueAt: x.stepDueAt ? new Date(x.stepDueAt).toISOString() : undefined,
          result: (x.result ?? undefined) as 'early' | 'on-time' | 'late' | undefined,
          note: x.note ?? undefined,
        })),
      });
      res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename="${rendered.fileName}"`).send(rendered.pdf);
    } catch (err) {
      next(err);
    }
  });

  /** Sổ theo dõi hồ sơ (Form 06 of 2018 / 07 of 2025): every dossier received in the period, one line each. */
  r.get('/register.pdf', requireRole('reception', 'supervisor', 'auditor'), async (req, res, next) => {
    try {
      const q = parse(registerQuery, req, 'query');
      const rows = await listRegister(deps.db, {
        from: instantOf(q.from, 'start'),
        to: instantOf(q.to, 'end'),
        department: q.department,
        procedureCode: q.procedure,
        limit: REGISTER_MAX_ENTRIES + 1,
      });
      if (rows.length > REGISTER_MAX_ENTRIES) {
        throw problems.invalid(`Kỳ này có hơn ${REGISTER_MAX_ENTRIES} hồ sơ; vui lòng chọn khoảng ngày ngắn hơn (too many dossiers for one register)`);
      }
      const rendered = await renderForm({
        kind: 'register',
        rulePack: q.rulePack ?? (q.to >= RULE_PACK_2025_FROM ? '2025' : '2018'),
        agency: letterhead.agency,
        issuedAt: nowIso(),
        book: q.department ? departmentName(q.department) : undefined,
        periodFrom: instantOf(q.from, 'start'),
        // The last minute of the last day, so the heading reads "đến 23:59 <to>".
        periodTo: new Date(Date.parse(instantOf(q.to, 'end')) - 60_000).toISOString(),
        entries: rows.map(registerEntry),
      });
      res
        .status(200)
        .type('application/pdf')
        .setHeader('Content-Disposition', `inline; filename="${rendered.fileName}"`)
        .setHeader('X-Content-SHA256', rendered.sha256)
        .setHeader('X-Register-Entries', String(rows.length))
        .send(rendered.pdf);
    } catch (err) {
      next(err);
    }
  });

  r.get('/dossiers/:code/documents', requireRole(...READERS), async (req, res, next) => {
    try {
      const { code } = parse(documentListParams, req, 'params');
      res.json({ items: await listDocuments(deps.db, code) });
    } catch (err) {
      next(err);
    }
  });
  r.get('/dossiers/:code/documents/:id', requireRole(...READERS), async (req, res, next) => {
    try {
      const { code, id } = parse(documentParams, req, 'params');
      await sendDocument(deps.db, res, code, id);
    } catch (err) {
      next(err);
    }
  });
  return r;
}
