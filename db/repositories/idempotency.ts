/**
 * Idempotency keys for creating POSTs (a reception clerk's double click, an integration's retry): the first request
 * claims the key, later ones with the same key get the stored answer, or 409 while the first is still running.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { idempotencyKeys } from '../schema';

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; response: unknown } | { kind: 'in-progress' } | { kind: 'mismatch' };

export async function claimIdempotencyKey(db: Db, userId: string, key: string, route: string): Promise<Claim> {
  const inserted = await db.insert(idempotencyKeys).values({ userId, key, route }).onConflictDoNothing().returning();
  if (inserted.length) return { kind: 'new' };
  const row = (await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key))).limit(1))[0];
  if (!row) return claimIdempotencyKey(db, userId, key, route); // released meanwhile
  if (row.route !== route) return { kind: 'mismatch' };
  if (row.status === null) return { kind: 'in-progress' };
  return { kind: 'replay', status: row.status, response: row.response };
}

export async function completeIdempotencyKey(db: Db, userId: string, key: string, status: number, response: unknown) {
  await db
    .update(idempotencyKeys)
    .set({ status, response })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** A request that failed before doing anything lets its key go, so the client can retry. */
export async function releaseIdempotencyKey(db: Db, userId: string, key: string) {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
