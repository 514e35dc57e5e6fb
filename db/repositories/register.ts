/**
 * The dossier register (sổ theo dõi hồ sơ) over the read model: one line per dossier received in a period, with the
 * first hand-off (sent to the handling agency, and which agency leads), the result back and the return time.
 */
import { and, asc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dossiers } from '../schema';

export interface RegisterRow {
  code: string;
  procedureCode: string;
  applicantName: string;
  status: string;
  overdue: boolean;
  receivedAt: string;
  dueAt: string | null;
  finishedAt: string | null;
  snapshot: unknown;
  /** `to_unit` of the first control-sheet row: the agency the one-stop unit sent the dossier to. */
  firstUnit: string | null;
  sentAt: string | null;
  returnedAt: string | null;
}

export interface RegisterQuery {
  /** ISO instants, [from, to). */
  from: string;
  to: string;
  /** Only dossiers handed to this department at least once. */
  department?: string;
  procedureCode?: string;
  limit: number;
}

/** Dossiers received in [from, to), oldest first (then by code); at most `limit` rows. */
export async function listRegister(db: Db, q: RegisterQuery): Promise<RegisterRow[]> {
  const firstUnit = sql<string | null>`(select c.to_unit from control_sheet_rows c where c.dossier_code = ${dossiers.code} order by c.row_no limit 1)`;
  const sentAt = sql<string | null>`(select c.handed_over_at from control_sheet_rows c where c.dossier_code = ${dossiers.code} order by c.row_no limit 1)`;
  const returnedAt = sql<string | null>`(select e.at from dossier_events e where e.dossier_code = ${dossiers.code} and e.type = 'RETURNED' order by e.seq limit 1)`;
  const rows = await db
    .select({
      code: dossiers.code,
      procedureCode: dossiers.procedureCode,
      applicantName: dossiers.applicantName,
      status: dossiers.status,
      overdue: dossiers.overdue,
      receivedAt: dossiers.receivedAt,
      dueAt: dossiers.dueAt,
      finishedAt: dossiers.finishedAt,
      snapshot: dossiers.snapshot,
      firstUnit,
      sentAt,
      returnedAt,
    })
    .from(dossiers)
    .where(
      and(
        isNotNull(dossiers.receivedAt),
        gte(dossiers.receivedAt, q.from),
        lt(dossiers.receivedAt, q.to),
        q.procedureCode ? eq(dossiers.procedureCode, q.procedureCode) : undefined,
        q.department
          ? sql`exists (select 1 from control_sheet_rows c where c.dossier_code = ${dossiers.code} and c.to_unit = ${q.department})`
          : undefined,
      ),
    )
    .orderBy(asc(dossiers.receivedAt), asc(dossiers.code))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt! }));
}
