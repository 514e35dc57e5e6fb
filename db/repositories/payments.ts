/**
 * Payment orders on Postgres for the IPN handler. markPaid is a conditional update (pending → paid) in a
 * transaction that also runs `onPaid` (signalling the workflow) before commit: if the signal fails the row stays
 * pending and the gateway's retry tries again; a signal repeated after a lost commit is ignored by the workflow.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { paymentOrders } from '../schema';
import type { FailedDetails, PaidDetails, PaymentOrderStore } from '../../activities/payment/vnpay';

export function postgresPaymentStore(
  db: Db,
  onPaid: (order: { txnRef: string; dossierCode: string; amountVnd: number; paidAt: string; method: string }) => Promise<void>,
): PaymentOrderStore {
  return {
    async findByTxnRef(txnRef) {
      const row = (await db.select().from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1))[0];
      return row ? { amountVnd: row.amountVnd, status: row.status as 'pending' | 'paid' | 'failed' } : null;
    },
    async markPaid(txnRef, d: PaidDetails) {
      return db.transaction(async (tx) => {
        const paidAt = (d.payDate ?? new Date()).toISOString();
        const updated = await tx
          .update(paymentOrders)
          .set({ status: 'paid', paidAt, method: `VNPAY/${d.bankCode}`, providerTransactionNo: d.transactionNo, providerData: d })
          .where(and(eq(paymentOrders.txnRef, txnRef), eq(paymentOrders.status, 'pending')))
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
