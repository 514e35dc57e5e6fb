/**
 * Sends the audit chain's head to the anchor workflow (workflows/audit-anchor.ts) at most once per interval, and
 * reads the anchored head back for verification. Rows appended after the last anchor (at most one interval's
 * worth) are covered only by the chain itself; shutdown flushes the latest head.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { auditHeadQuery, recordAuditHeadSignal, type AuditHead } from '../workflows/audit-anchor';
import { nowIso } from '../activities/clock';

export const AUDIT_ANCHOR_WORKFLOW_ID = 'audit-anchor';

export type AnchorReading = { status: 'anchored'; head: AuditHead } | { status: 'none' } | { status: 'unavailable'; reason: string };

export class AuditAnchor {
  private latest: AuditHead | null = null;
  private sentSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;

  constructor(
    private readonly deps: { client: Client; taskQueue: string; log: Logger; workflowId?: string; intervalMs?: number },
  ) {}

  private get workflowId() {
    return this.deps.workflowId ?? AUDIT_ANCHOR_WORKFLOW_ID;
  }

  /** Called after every append; the head is sent within `intervalMs`. */
  note(head: { seq: number; hash: string }): void {
    if (this.latest && head.seq <= this.latest.seq) return;
    this.latest = { seq: head.seq, hash: head.hash, at: nowIso() };
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.deps.intervalMs ?? 5_000).unref();
  }

  /** Sends the latest head now if it has not been sent; failures are logged and retried on the next append. */
  async flush(): Promise<void> {
    if (this.sending) await this.sending;
    const head = this.latest;
    if (!head || head.seq <= this.sentSeq) return;
    this.sending = this.deps.client.workflow
      .signalWithStart('auditAnchor', {
        workflowId: this.workflowId,
        taskQueue: this.deps.taskQueue,
        args: [null],
        signal: recordAuditHeadSignal,
        signalArgs: [head],
      })
      .then(() => {
        this.sentSeq = Math.max(this.sentSeq, head.seq);
      })
      .catch((err) => this.deps.log.warn({ err, head }, 'audit anchor not sent (will retry with the next entry)'))
      .finally(() => {
        this.sending = null;
      });
    await this.sending;
  }

  async read(): Promise<AnchorReading> {
    try {
      const head = await this.deps.client.workflow.getHandle(this.workflowId).query(auditHeadQuery);
      return head ? { status: 'anchored', head } : { status: 'none' };
    } catch (err) {
      const name = (err as Error)?.name;
      if (name === 'WorkflowNotFoundError') return { status: 'none' };
      return { status: 'unavailable', reason: (err as Error)?.message ?? String(err) };
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
