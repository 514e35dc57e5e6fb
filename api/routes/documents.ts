/**
 * Statutory documents of a dossier (receipt, supplement request, refusal, apology, stop notice): listed and
 * downloaded as PDF by staff; the content hash travels in `X-Content-SHA256` so a printed copy can be checked.
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
import type { DossierView } from '../../workflows/shared/dossier';

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
        issuedAt: new Date().toISOString(),
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
