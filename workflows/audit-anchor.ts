/**
 * Anchor of the audit log's hash chain outside Postgres. The chain (db/repositories/audit.ts) shows any altered or
 * missing row in the middle, but whoever can delete rows can also delete the newest ones and leave a shorter, valid
 * chain. The API therefore sends the chain's head (seq + hash) to this long-running workflow every few seconds;
 * Temporal's history is append-only and lives in another system, so verification can prove that the anchored head
 * is still in the chain.
 */
import { condition, continueAsNew, defineQuery, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';

export interface AuditHead {
  seq: number;
  hash: string;
  /** When the API observed this head (ISO instant). */
  at: string;
}

export const recordAuditHeadSignal = defineSignal<[AuditHead]>('recordAuditHead');
export const auditHeadQuery = defineQuery<AuditHead | null>('auditHead');

/** Signals per run before the workflow continues as new, keeping its history short. */
const SIGNALS_PER_RUN = 500;

export async function auditAnchor(carried: AuditHead | null = null): Promise<void> {
  let head = carried;
  let received = 0;
  setHandler(recordAuditHeadSignal, (h) => {
    received++;
    // Heads only move forward: a late or repeated signal never rolls the anchor back.
    if (!head || h.seq > head.seq) head = h;
  });
  setHandler(auditHeadQuery, () => head);
  await condition(() => received >= SIGNALS_PER_RUN || workflowInfo().continueAsNewSuggested);
  await continueAsNew<typeof auditAnchor>(head);
}
