/**
 * Wires the querydr reconciler (activities/payment/reconciler.ts) to Postgres, the IPN's confirming store and the
 * configured gateway. Started by scripts/system.ts next to the API, which serves the IPN.
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { startPaymentReconciler, type PaymentReconciler, type ReconcilerDeps } from '../activities/payment/reconciler';
import type { QueryTransactionRequest, QueryTransactionResult } from '../activities/payment/vnpay';
import { confirmingPaymentStore, notifyPaymentFailed } from '../api/routes/payments';
import type { Db } from '../db/client';
import { closeUnpaidPaymentOrder, dossierOfPaymentOrder, listUnconfirmedPaymentOrders } from '../db/repositories/payments';

interface Wiring {
  db: Db;
  client: Client;
  query: (req: QueryTransactionRequest) => Promise<QueryTransactionResult>;
  log: Logger;
}

export function paymentReconcilerDeps(deps: Wiring): ReconcilerDeps {
  return {
    listUnconfirmed: (q) => listUnconfirmedPaymentOrders(deps.db, q),
    close: async (txnRef, status, detail) => {
      const closed = await closeUnpaidPaymentOrder(deps.db, txnRef, status, detail);
      // A failed attempt gets a new one from the workflow, exactly as when the IPN reports the failure.
      if (closed && status === 'failed') {
        const dossierCode = await dossierOfPaymentOrder(deps.db, txnRef);
        if (dossierCode) await notifyPaymentFailed(deps.client, { txnRef, dossierCode, reason: 'đối soát: giao dịch không thành công' }, deps.log);
      }
      return closed;
    },
    store: confirmingPaymentStore(deps.db, deps.client, deps.log),
    query: deps.query,
    log: deps.log.child({ component: 'payment-reconciler' }),
  };
}

/** Starts the loop, or returns null (saying why through `progress`) when it is off or cannot run. */
export function startPaymentReconciliation(
  deps: Omit<Wiring, 'query'> & { query?: Wiring['query'] },
  settings: { intervalMs: number; olderThanMs: number },
  progress: (line: string) => void,
): PaymentReconciler | null {
  if (settings.intervalMs <= 0) {
    progress('Đối soát thanh toán (querydr) đang tắt (PAYMENT_RECONCILE_INTERVAL_SECONDS=0)');
    return null;
  }
  if (!deps.query) {
    progress('CẢNH BÁO: không đối soát thanh toán vì thiếu VNPAY_API_URL (no querydr URL for the real gateway)');
    return null;
  }
  const reconciler = startPaymentReconciler(paymentReconcilerDeps({ ...deps, query: deps.query }), settings);
  progress(
    `Đối soát thanh toán (querydr) mỗi ${Math.round(settings.intervalMs / 1000)} giây cho giao dịch chờ quá ${Math.round(settings.olderThanMs / 60_000)} phút`,
  );
  return reconciler;
}
