/**
 * Payment orders on Postgres. The IPN handler and the reconciler (querydr) confirm through the same store:
 * markPaid is a conditional update (not yet paid → paid) in a transaction that also runs `onPaid` (signalling the
 * workflow) before commit: if the signal fails the row stays unpaid and the gateway's retry (or the next
 * reconciliation pass) tries again; when two confirmations race, exactly one update matches and the other
 * answers "already confirmed"; a signal repeated after a lost commit is ignored by the workflow.
 *
 * Statuses: `pending` (waiting for the citizen), `paid` (final), and two that only the reconciler sets when the
 * gateway has the order as failed or the payment link expired unpaid: `failed` and `expired`. Those stop the
 * reconciler from asking again but do not shut the door on money: a later, correctly signed success from the
 * gateway is still recorded, because a charge the gateway made must never be lost on our side.
 */
import type { ClosedOrderStatus } from '../../activities/payment/reconciler';
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dossiers, paymentOrders } from '../schema';
import type { FailedDetails, PaidDetails, PaymentOrderStore } from '../../activities/payment/vnpay';

export function postgresPaymentStore(
  db: Db,
  onPaid: (order: { txnRef: string; dossierCode: string; amountVnd: number; paidAt: string; method: string }) => Promise<void>,
): PaymentOrderStore {
  return {
    async findByTxnRef(txnRef) {
      const row = (await db.select().from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1))[0];
      // Closed-unpaid orders (failed/expired by the reconciler) still accept a signed success: see the header.
      return row ? { amountVnd: row.amountVnd, status: row.status === 'paid' ? 'paid' : 'pending' } : null;
    },
    async markPaid(txnRef, d: PaidDetails) {
      return db.transaction(async (tx) => {
        const paidAt = (d.payDate ?? new Date()).toISOString();
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
      // A failed or cancelled attempt is recorded but keeps the order open: the citizen may pay again.
      const updated = await db
        .update(paymentOrders)
        .set({ providerData: sql`${JSON.stringify({ lastFailure: d })}::jsonb` })
        .where(and(eq(paymentOrders.txnRef, txnRef), eq(paymentOrders.status, 'pending')))
        .returning({ txnRef: paymentOrders.txnRef });
      return updated.length > 0;
    },
  };
}

export interface UnconfirmedPaymentOrder {
  txnRef: string;
  dossierCode: string;
  amountVnd: number;
  paymentUrl: string;
  /** As stored (timestamptz text); also the keyset cursor. */
  createdAt: string;
  /** Status of the dossier in the read model; null when the read model does not have it (yet). */
  dossierStatus: string | null;
}

/** Pending orders created before `createdBefore`, oldest first, after the keyset cursor. */
export async function listUnconfirmedPaymentOrders(
  db: Db,
  q: { createdBefore: string; after?: { createdAt: string; txnRef: string }; limit: number },
): Promise<UnconfirmedPaymentOrder[]> {
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
