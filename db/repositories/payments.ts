/**
 * Payment orders on Postgres. The IPN handler and the reconciler (querydr) confirm through the same store:
 * markPaid is a conditional update (not yet paid → paid) in a transaction that also runs `onPaid` (signalling the
 * workflow) before commit: if the signal fails the row stays unpaid and the gateway's retry (or the next
 * reconciliation pass) tries again; when two confirmations race, exactly one update matches and the other
 * answers "already confirmed"; a signal repeated after a lost commit is ignored by the workflow.
 *
 * Statuses: `pending` (waiting for the citizen), `paid` (final), `failed` (the gateway reported the attempt failed
 * or cancelled, by IPN or to the reconciler: the workflow then issues a new attempt with a new reference),
 * `expired` (link lapsed unpaid) and `refund-due` (paid after the dossier closed). Those stop the reconciler from
 * asking again but do not shut the door on money: a later, correctly signed success from the gateway is still
 * recorded, because a charge the gateway made must never be lost on our side.
 */
import type { ClosedOrderStatus, ReconcilableOrder } from '../../activities/payment/reconciler';
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dossiers, paymentOrders } from '../schema';
import type { FailedDetails, PaidDetails, PaymentOrderStore } from '../../activities/payment/vnpay';
import { clock } from '../../activities/clock';

export function postgresPaymentStore(
  db: Db,
  onPaid: (order: { txnRef: string; dossierCode: string; amountVnd: number; paidAt: string; method: string }) => Promise<void>,
  /** Told after an attempt is closed as failed; best effort (the workflow treats a repeat as nothing new). */
  onFailed?: (order: { txnRef: string; dossierCode: string; reason: string }) => Promise<void>,
): PaymentOrderStore {
  return {
    async findByTxnRef(txnRef) {
      const row = (await db.select().from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1))[0];
      // Closed-unpaid orders (failed/expired by the reconciler) still accept a signed success: see the header.
      return row ? { amountVnd: row.amountVnd, status: row.status === 'paid' ? 'paid' : 'pending' } : null;
    },
    async markPaid(txnRef, d: PaidDetails) {
      return db.transaction(async (tx) => {
        const paidAt = (d.payDate ?? clock.now()).toISOString();
        const updated = await tx
          .update(paymentOrders)
          .set({ status: 'paid', paidAt, method: `VNPAY/${d.bankCode}`, providerTransactionNo: d.transactionNo, providerData: d })
          .where(and(eq(paymentOrders.txnRef, txnRef), ne(paymentOrders.status, 'paid')))
          .returning();
        if (updated.length === 0) return false;
        const row = updated[0];
        await onPaid({ txnRef, dossierCode: row.dossierCode, amountVnd: row.amountVnd, paidAt, method: row.method ?? 'VNPAY' });
        return true;
      });
    },
    async markFailed(txnRef, d: FailedDetails) {
      // The gateway never takes a reference twice: this attempt is over, and the workflow issues a new one.
      const updated = await db
        .update(paymentOrders)
        .set({ status: 'failed', providerData: sql`${JSON.stringify({ lastFailure: d })}::jsonb` })
        .where(and(eq(paymentOrders.txnRef, txnRef), eq(paymentOrders.status, 'pending')))
        .returning({ txnRef: paymentOrders.txnRef, dossierCode: paymentOrders.dossierCode });
      if (updated.length === 0) return false;
      await onFailed?.({ txnRef, dossierCode: updated[0]!.dossierCode, reason: `mã phản hồi ${d.responseCode}/${d.transactionStatus}` });
      return true;
    },
  };
}

/** Pending orders created before `createdBefore`, oldest first, after the keyset cursor. */
export async function listUnconfirmedPaymentOrders(
  db: Db,
  q: { createdBefore: string; after?: { createdAt: string; txnRef: string }; limit: number },
): Promise<ReconcilableOrder[]> {
  return db
    .select({
      txnRef: paymentOrders.txnRef,
      dossierCode: paymentOrders.dossierCode,
      amountVnd: paymentOrders.amountVnd,
      paymentUrl: paymentOrders.paymentUrl,
      createdAt: paymentOrders.createdAt,
      dossierStatus: dossiers.status,
    })
    .from(paymentOrders)
    .leftJoin(dossiers, eq(dossiers.code, paymentOrders.dossierCode))
    .where(
      and(
        eq(paymentOrders.status, 'pending'),
        lt(paymentOrders.createdAt, q.createdBefore),
        q.after
          ? sql`(${paymentOrders.createdAt}, ${paymentOrders.txnRef}) > (${q.after.createdAt}::timestamptz, ${q.after.txnRef})`
          : undefined,
      ),
    )
    .orderBy(asc(paymentOrders.createdAt), asc(paymentOrders.txnRef))
    .limit(q.limit);
}

/**
 * Closes a still-pending order as `failed`, `expired` or `refund-due` with what the gateway said; false when it is no longer
 * pending (an IPN or another reconciler got there first).
 */
export async function closeUnpaidPaymentOrder(db: Db, txnRef: string, status: ClosedOrderStatus, detail: Record<string, unknown>): Promise<boolean> {
  const updated = await db
    .update(paymentOrders)
    .set({ status, providerData: sql`coalesce(${paymentOrders.providerData}, '{}'::jsonb) || ${JSON.stringify({ reconciliation: detail })}::jsonb` })
    .where(and(eq(paymentOrders.txnRef, txnRef), eq(paymentOrders.status, 'pending')))
    .returning({ txnRef: paymentOrders.txnRef });
  return updated.length > 0;
}

export async function dossierOfPaymentOrder(db: Db, txnRef: string): Promise<string | null> {
  const [row] = await db.select({ dossierCode: paymentOrders.dossierCode }).from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1);
  return row?.dossierCode ?? null;
}
