/** Read-model queries over dossiers, their events and control sheets. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { controlSheetRows, dossierEvents, dossiers } from '../schema';

export async function findDossier(db: Db, code: string) {
  const rows = await db.select().from(dossiers).where(eq(dossiers.code, code)).limit(1);
  return rows[0] ?? null;
}

export async function listDossierEvents(db: Db, code: string) {
  return db.select().from(dossierEvents).where(eq(dossierEvents.dossierCode, code)).orderBy(asc(dossierEvents.seq));
}

export async function listControlSheet(db: Db, code: string) {
  return db
    .select()
    .from(controlSheetRows)
    .where(eq(controlSheetRows.dossierCode, code))
    .orderBy(asc(controlSheetRows.rowNo));
}
