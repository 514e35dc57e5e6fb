/**
 * Lists over the `dossiers` read model for supervisors and officers: filters, keyset pagination on (due_at, code),
 * and the rows behind per-department statistics. Time bounds (near-due, stuck) are computed by the caller from the
 * working-day calendar, so every list stays a plain indexed range query.
 */
import { and, arrayOverlaps, asc, eq, gt, gte, inArray, isNotNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { controlSheetRows, dossiers, paymentOrders } from '../schema';

export interface DossierListFilter {
  statuses?: string[];
  excludeStatuses?: string[];
  procedureCode?: string;
  /** Dossiers currently at this department. */
  department?: string;
  /** Dossiers currently at any of these departments (inbox). */
  anyDepartments?: string[];
  dueBefore?: string;
  dueAfter?: string;
  overdue?: boolean;
  channel?: string;
  receivedFrom?: string;
  receivedTo?: string;
  /** Overdue now: flagged by the workflow or due before `now`. */
  overdueAt?: string;
  /** last_action_at at or before this instant (stuck). */
  idleSince?: string;
  /** How the citizen receives the result (snapshot.returnMethod; counter when absent). */
  returnMethods?: Array<'counter' | 'online' | 'postal'>;
}

export interface ListCursor {
  dueAt: string;
  code: string;
}

export type DossierRow = typeof dossiers.$inferSelect;

export async function listDossiers(
  db: Db,
  f: DossierListFilter,
  page: { after?: ListCursor; limit: number },
): Promise<{ rows: DossierRow[]; next: ListCursor | null }> {
  const conditions: Array<SQL | undefined> = [
    isNotNull(dossiers.dueAt),
    f.statuses?.length ? inArray(dossiers.status, f.statuses) : undefined,
    f.excludeStatuses?.length ? notInArray(dossiers.status, f.excludeStatuses) : undefined,
    f.procedureCode ? eq(dossiers.procedureCode, f.procedureCode) : undefined,
    f.department ? sql`${dossiers.currentDepartments} @> array[${f.department}]::text[]` : undefined,
    f.anyDepartments ? arrayOverlaps(dossiers.currentDepartments, f.anyDepartments) : undefined,
    f.dueBefore ? lt(dossiers.dueAt, f.dueBefore) : undefined,
    f.dueAfter ? gt(dossiers.dueAt, f.dueAfter) : undefined,
    f.overdue !== undefined ? eq(dossiers.overdue, f.overdue) : undefined,
    f.channel ? eq(dossiers.channel, f.channel) : undefined,
    f.receivedFrom ? gte(dossiers.receivedAt, f.receivedFrom) : undefined,
    f.receivedTo ? lt(dossiers.receivedAt, f.receivedTo) : undefined,
    f.overdueAt ? or(eq(dossiers.overdue, true), lt(dossiers.dueAt, f.overdueAt)) : undefined,
    f.idleSince ? lte(dossiers.lastActionAt, f.idleSince) : undefined,
    f.returnMethods?.length
      ? sql`coalesce(${dossiers.snapshot}->>'returnMethod', 'counter') in (${sql.join(f.returnMethods.map((m) => sql`${m}`), sql`, `)})`
      : undefined,
    page.after ? sql`(${dossiers.dueAt}, ${dossiers.code}) > (${page.after.dueAt}::timestamptz, ${page.after.code})` : undefined,
  ];
  const rows = await db
    .select()
    .from(dossiers)
    .where(and(...conditions))
    .orderBy(asc(dossiers.dueAt), asc(dossiers.code))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  const last = pageRows.at(-1);
  return { rows: pageRows, next: more && last ? { dueAt: new Date(last.dueAt!).toISOString(), code: last.code } : null };
}

export interface HandOffStatRow {
  dossierCode: string;
  procedureCode: string;
  toUnit: string;
  handedOverAt: string;
  result: string | null;
  /** When the receiving unit finished its step (from the dossier snapshot's control sheet). */
  completedAt: string | null;
}

/** Control-sheet hand-offs whose hand-over falls in [from, to), with the completion time from the snapshot. */
export async function listHandOffs(db: Db, q: { from: string; to: string; department?: string; procedureCode?: string }): Promise<HandOffStatRow[]> {
  const completedAt = sql<string | null>`(
    select e->>'completedAt' from jsonb_array_elements(${dossiers.snapshot}->'controlSheet') e
    where (e->>'rowNo')::int = ${controlSheetRows.rowNo} limit 1)`;
  return db
    .select({
      dossierCode: controlSheetRows.dossierCode,
      procedureCode: dossiers.procedureCode,
      toUnit: controlSheetRows.toUnit,
      handedOverAt: controlSheetRows.handedOverAt,
      result: controlSheetRows.result,
      completedAt,
    })
    .from(controlSheetRows)
    .innerJoin(dossiers, eq(dossiers.code, controlSheetRows.dossierCode))
    .where(
      and(
        gte(controlSheetRows.handedOverAt, q.from),
        lt(controlSheetRows.handedOverAt, q.to),
        q.department ? eq(controlSheetRows.toUnit, q.department) : undefined,
        q.procedureCode ? eq(dossiers.procedureCode, q.procedureCode) : undefined,
      ),
    );
}

export interface FeeCollectionRow {
  procedureCode: string;
  method: string;
  payments: number;
  amountVnd: number;
}

/** Fees and charges paid in [from, to) (payment_orders.paid_at), grouped by procedure and payment method. */
export async function listFeeCollections(db: Db, q: { from: string; to: string; procedureCode?: string }): Promise<FeeCollectionRow[]> {
  const rows = await db
    .select({
      procedureCode: dossiers.procedureCode,
      method: sql<string>`coalesce(${paymentOrders.method}, 'không rõ')`,
      payments: sql<number>`count(*)::int`,
      amountVnd: sql<number>`sum(${paymentOrders.amountVnd})::bigint`,
    })
    .from(paymentOrders)
    .innerJoin(dossiers, eq(dossiers.code, paymentOrders.dossierCode))
    .where(
      and(
        eq(paymentOrders.status, 'paid'),
        gte(paymentOrders.paidAt, q.from),
        lt(paymentOrders.paidAt, q.to),
        q.procedureCode ? eq(dossiers.procedureCode, q.procedureCode) : undefined,
      ),
    )
    .groupBy(dossiers.procedureCode, sql`2`)
    .orderBy(dossiers.procedureCode, sql`2`);
  return rows.map((r) => ({ ...r, amountVnd: Number(r.amountVnd) }));
}
