/**
 * Projection of dossier transitions into the Postgres read model: `dossier_events` (append-only),
 * `dossiers` (current state) and `control_sheet_rows`. Idempotent: retries and replays write nothing twice,
 * and an older snapshot never overwrites a newer one.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { controlSheetRows, dossierEvents, dossiers } from '../db/schema';
import type { DossierEvent, DossierView } from '../workflows/shared/dossier';

export interface TransitionRecord {
  view: DossierView;
  events: DossierEvent[];
}

/**
 * Replaces what PostgreSQL cannot store in text or jsonb (NUL, unpaired surrogates) with U+FFFD. The API refuses such
 * input; this keeps any that slips through (an older client, a signal) from failing every write of the dossier.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex
    return value.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') as T;
  }
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  return value;
}

/** PostgreSQL data errors (class 22: data exception, 23: integrity) will fail the same way on every retry. */
export function isPermanentDbError(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

export async function projectTransition(db: Db, record: TransitionRecord): Promise<void> {
  try {
    await writeTransition(db, storable(record));
  } catch (err) {
    if (isPermanentDbError(err)) {
      throw ApplicationFailure.nonRetryable(`read model refused the transition: ${(err as Error).message}`, 'ReadModelDataError');
    }
    throw err;
  }
}

async function writeTransition(db: Db, { view, events }: TransitionRecord): Promise<void> {
  await db.transaction(async (tx) => {
    if (events.length > 0) {
      await tx
        .insert(dossierEvents)
        .values(
          events.map((e) => ({
            dossierCode: view.code,
            seq: e.seq,
            type: e.type,
            at: e.at,
            actor: e.actor ?? null,
            department: e.department ?? null,
            summary: e.summary ?? '',
            data: e.data,
          })),
        )
        .onConflictDoNothing({ target: [dossierEvents.dossierCode, dossierEvents.seq] });
    }
    const row = {
      code: view.code,
      procedureCode: view.procedureCode,
      procedureVersion: view.procedureVersion,
      rulePack: view.rulePack,
      channel: view.channel,
      status: view.status,
      applicantName: view.applicant.fullName,
      applicantPhone: view.applicant.phone ?? null,
      applicantEmail: view.applicant.email ?? null,
      currentStepId: view.activeSteps[0]?.stepId ?? null,
      currentDepartments: [...new Set(view.activeSteps.map((s) => s.department))],
      assigneeOfficer: view.activeSteps[0]?.officer ?? null,
      receivedAt: view.receivedAt,
      dueAt: view.dueAt,
      originalDueAt: view.originalDueAt,
      finishedAt: view.finishedAt ?? null,
      overdue: view.overdue,
      lastEventSeq: view.lastEventSeq,
      lastActionAt: view.lastActionAt,
      snapshot: view,
      updatedAt: sql`now()`,
    };
    const { code: _code, ...updatable } = row;
    await tx
      .insert(dossiers)
      .values(row)
      .onConflictDoUpdate({
        target: dossiers.code,
        set: updatable,
        // Only move forward: a retried activity carrying an older snapshot changes nothing.
        setWhere: sql`${dossiers.lastEventSeq} <= ${view.lastEventSeq}`,
      });
    for (const r of view.controlSheet) {
      const values = {
        dossierCode: view.code,
        rowNo: r.rowNo,
        fromUnit: r.from,
        toUnit: r.to,
        handedOverAt: r.handedOverAt,
        stepId: r.stepId ?? null,
        stepDueAt: r.stepDueAt ?? null,
        result: r.result ?? null,
        note: r.note ?? null,
      };
      const { dossierCode: _c, rowNo: _n, ...rest } = values;
      await tx
        .insert(controlSheetRows)
        .values(values)
        .onConflictDoUpdate({ target: [controlSheetRows.dossierCode, controlSheetRows.rowNo], set: rest });
    }
  });
}
