/** Revisions of the local calendar overlay (append-only; the newest is in force). */
import { desc, notInArray } from 'drizzle-orm';
import type { Db } from '../client';
import { calendarOverlayRevisions, dossiers } from '../schema';
import { FINAL_STATUSES } from '../../workflows/shared/dossier';
import type { LocalCalendarOverlay } from '../../holidays/schema';

export interface OverlayRevision {
  revision: number;
  overlay: LocalCalendarOverlay | null;
  calendarVersion: string;
  reason: string;
  changedBy: string;
  changedAt: string;
}

const toRevision = (r: typeof calendarOverlayRevisions.$inferSelect): OverlayRevision => ({
  ...r,
  overlay: (r.overlay as LocalCalendarOverlay | null) ?? null,
});

export async function latestOverlayRevision(db: Db): Promise<OverlayRevision | null> {
  const [row] = await db.select().from(calendarOverlayRevisions).orderBy(desc(calendarOverlayRevisions.revision)).limit(1);
  return row ? toRevision(row) : null;
}

export async function appendOverlayRevision(
  db: Db,
  r: { overlay: LocalCalendarOverlay | null; calendarVersion: string; reason: string; changedBy: string },
): Promise<OverlayRevision> {
  const [row] = await db.insert(calendarOverlayRevisions).values(r).returning();
  return toRevision(row!);
}

export async function listOverlayRevisions(db: Db, limit = 100): Promise<OverlayRevision[]> {
  const rows = await db.select().from(calendarOverlayRevisions).orderBy(desc(calendarOverlayRevisions.revision)).limit(limit);
  return rows.map(toRevision);
}

/** Codes of dossiers not yet finished in the read model (those a calendar change can still affect). */
export async function listOpenDossierCodes(db: Db): Promise<string[]> {
  const rows = await db
    .select({ code: dossiers.code })
    .from(dossiers)
    .where(notInArray(dossiers.status, [...FINAL_STATUSES]));
  return rows.map((r) => r.code);
}
