/**
 * Tamper-evident audit log: a hash chain over `audit_log`. Appends take a transaction-scoped advisory lock so two
 * API processes never both extend the same tail (the chain cannot fork); `verifyChain` walks it from seq 1.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog } from '../schema';
import { nowIso } from '../../activities/clock';

/** Arbitrary constant naming the lock that serializes appends (pg_advisory_xact_lock key). */
const AUDIT_LOCK_KEY = 7_262_001;
export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'allowed' | 'refused';

export interface AuditEntryInput {
  actorId?: string | null;
  actorRoles?: string[];
  action: string;
  dossierCode?: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
  /** Defaults to now; ISO instant. */
  at?: string;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string | null;
  actorRoles: string[];
  action: string;
  dossierCode: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth: the same data always gives the same bytes (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Postgres returns timestamptz as "2025-01-02 03:04:05.678+00": normalise to the ISO form that was hashed. */
const isoInstant = (s: string) => new Date(s).toISOString();

export function hashOf(r: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalJson({
    seq: r.seq,
    at: isoInstant(r.at),
    actorId: r.actorId,
    actorRoles: r.actorRoles,
    action: r.action,
    dossierCode: r.dossierCode,
    outcome: r.outcome,
    detail: r.detail,
    prevHash: r.prevHash,
  });
  return createHash('sha256').update(r.prevHash + body).digest('hex');
}

function toRecord(row: typeof auditLog.$inferSelect): AuditRecord {
  return {
    ...row,
    at: isoInstant(row.at),
    outcome: row.outcome as AuditOutcome,
    detail: row.detail as Record<string, unknown>,
  };
}

/** Appends one entry at the tail of the chain; returns it with its seq and hash. */
export async function appendAudit(db: Db, e: AuditEntryInput): Promise<AuditRecord> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [tail] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    // Millisecond precision so the stored timestamptz round-trips to the hashed string.
    const at = isoInstant(e.at ?? nowIso());
    const base = {
      seq: (tail?.seq ?? 0) + 1,
      at,
      actorId: e.actorId ?? null,
      actorRoles: e.actorRoles ?? [],
      action: e.action,
      dossierCode: e.dossierCode ?? null,
      outcome: e.outcome,
      detail: JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown>,
      prevHash: tail?.hash ?? GENESIS_HASH,
    };
    const record: AuditRecord = { ...base, hash: hashOf(base) };
    await tx.insert(auditLog).values(record);
    return record;
  });
}

export interface AuditFilter {
  dossierCode?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  /** Entries with seq greater than this (cursor). */
  afterSeq?: number;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRecord[]> {
  const where = and(
    f.dossierCode ? eq(auditLog.dossierCode, f.dossierCode) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.outcome ? eq(auditLog.outcome, f.outcome) : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
    f.afterSeq !== undefined ? sql`${auditLog.seq} > ${f.afterSeq}` : undefined,
  );
  const rows = await db.select().from(auditLog).where(where).orderBy(asc(auditLog.seq)).limit(f.limit);
  return rows.map(toRecord);
}

export type ChainVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; firstBrokenSeq: number; reason: string };

/**
 * Recomputes every link from seq 1; reports the first row whose seq, prev_hash or hash does not follow. With an
 * `anchor` (a head recorded outside the database), also reports a chain that no longer reaches it or reaches it
 * with another hash: the newest rows were deleted or the tail was rewritten.
 */
export async function verifyChain(db: Db, opts: { anchor?: { seq: number; hash: string }; batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? 1000;
  const anchor = opts.anchor;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gte(auditLog.seq, expectedSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    for (const raw of rows) {
      const r = toRecord(raw);
      if (r.seq !== expectedSeq) {
        return { ok: false, count, firstBrokenSeq: expectedSeq, reason: `thiếu bản ghi số ${expectedSeq} (row missing; next is ${r.seq})` };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, count, firstBrokenSeq: r.seq, reason: 'prev_hash không khớp bản ghi trước (link to previous row broken)' };
      }
      if (hashOf(r) !== r.hash) {
        return { ok: false, count, firstBrokenSeq: r.seq, reason: 'nội dung bản ghi đã bị sửa (hash mismatch: row altered)' };
      }
      if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) {
        return { ok: false, count, firstBrokenSeq: r.seq, reason: 'bản ghi khác với bản đã neo ngoài CSDL (differs from the anchored head: chain rewritten)' };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < batchSize) {
      if (anchor && count < anchor.seq) {
        return {
          ok: false,
          count,
          firstBrokenSeq: count + 1,
          reason: `các bản ghi từ số ${count + 1} đến ${anchor.seq} đã bị xoá (chain ends before the anchored head ${anchor.seq}: newest rows deleted)`,
        };
      }
      return { ok: true, count };
    }
  }
}
