/**
 * Issues a statutory document for a dossier: the workflow supplies the dossier-specific fields (deterministic
 * data), this activity adds the centre's letterhead and lookup link, renders the PDF and stores it once per key.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { documents } from '../db/schema';
import { renderForm, type FormDocument } from './documents';

/** The document minus what the centre adds itself (letterhead, lookup link). */
export type DocumentRequest = {
  key: string;
} & DistributiveOmit<FormDocument, 'agency' | 'lookupUrl'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Letterhead {
  agency: { parent?: string; name: string; place: string };
  /** Public citizen lookup page; the QR code carries it with the dossier code. */
  lookupUrl: string;
}

export async function issueDocument(db: Db, letterhead: Letterhead, req: DocumentRequest) {
  const existing = (await db.select({ id: documents.id, sha256: documents.sha256, fileName: documents.fileName }).from(documents).where(eq(documents.key, req.key)).limit(1))[0];
  if (existing) return { documentId: existing.id, sha256: existing.sha256, fileName: existing.fileName };
  const { key, ...rest } = req;
  const doc = { ...rest, agency: letterhead.agency, lookupUrl: letterhead.lookupUrl } as FormDocument;
  const rendered = await renderForm(doc);
  const dossierCode = 'dossierCode' in doc ? String(doc.dossierCode) : '';
  const inserted = await db
    .insert(documents)
    .values({
      key,
      dossierCode,
      kind: doc.kind,
      fileName: rendered.fileName,
      sha256: rendered.sha256,
      pdf: rendered.pdf,
      issuedAt: new Date(doc.issuedAt as string | Date).toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: documents.id });
  const id = inserted[0]?.id ?? (await db.select({ id: documents.id }).from(documents).where(eq(documents.key, key)).limit(1))[0].id;
  return { documentId: id, sha256: rendered.sha256, fileName: rendered.fileName };
}
