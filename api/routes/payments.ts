/**
 * Payment gateway callbacks (VNPay 2.1.0): the IPN (server to server, the only thing that marks an order paid)
 * and the return URL (the citizen's browser, display only).
 */
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { Router } from 'express';
import type { Logger } from 'pino';
import { handleIpn, verifyReturn, type PaymentOrderStore } from '../../activities/payment/vnpay';
import type { Db } from '../../db/client';
import { postgresPaymentStore } from '../../db/repositories/payments';
import { paymentOrders } from '../../db/schema';
import { paymentConfirmedSignal, paymentFailedSignal } from '../../workflows/shared/dossier';

/**
 * The one way a payment becomes confirmed, used by the IPN below and by the querydr reconciler
 * (activities/payment/reconciler.ts): the order's conditional update and the workflow signal in one transaction.
 */
export function confirmingPaymentStore(db: Db, client: Client, log?: Logger): PaymentOrderStore {
  return postgresPaymentStore(
    db,
    async (o) => {
      await client.workflow
        .getHandle(o.dossierCode)
        .signal(paymentConfirmedSignal, { txnRef: o.txnRef, amountVnd: o.amountVnd, paidAt: o.paidAt, method: o.method });
    },
    (o) => notifyPaymentFailed(client, o, log),
  );
}

/** Tells the dossier's workflow an attempt failed, so it issues a new one; a closed dossier is no error. */
export async function notifyPaymentFailed(client: Client, o: { txnRef: string; dossierCode: string; reason: string }, log?: Logger): Promise<void> {
  try {
    await client.workflow.getHandle(o.dossierCode).signal(paymentFailedSignal, { txnRef: o.txnRef, reason: o.reason });
  } catch (err) {
    log?.warn({ err, txnRef: o.txnRef, dossierCode: o.dossierCode }, 'payment failure not delivered to the dossier workflow');
  }
}

export function paymentRoutes(deps: { db: Db; client: Client; hashSecret: string; tmnCode: string; log: Logger }): Router {
  const r = Router();
  const store = confirmingPaymentStore(deps.db, deps.client, deps.log);

  r.get('/payments/vnpay/ipn', async (req, res) => {
    const answer = await handleIpn(req.query, store, {
      hashSecret: deps.hashSecret,
      tmnCode: deps.tmnCode,
      onError: (err) => deps.log.error({ err, requestId: req.id }, 'VNPay IPN failed'),
    });
    req.log?.info({ txnRef: req.query.vnp_TxnRef, answer }, 'VNPay IPN');
    res.status(200).json(answer);
  });

  /**
   * Where the gateway sends the citizen's browser back: the outcome in Vietnamese, phone-sized, and a link back to
   * the lookup page of the dossier (known from the order when the return is correctly signed).
   */
  r.get('/payments/vnpay/return', async (req, res, next) => {
    try {
      const result = verifyReturn(req.query, deps.hashSecret);
      const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      const order = result.valid && result.txnRef
        ? (await deps.db.select({ dossierCode: paymentOrders.dossierCode }).from(paymentOrders).where(eq(paymentOrders.txnRef, result.txnRef)).limit(1))[0]
        : undefined;
      const lookup = order ? `/tra-cuu?ma=${encodeURIComponent(order.dossierCode)}` : '/tra-cuu';
      res
        .status(result.valid ? 200 : 400)
        .type('html')
        .send(
          `<!doctype html><html lang="vi"><head><meta charset="utf-8">` +
            `<meta name="viewport" content="width=device-width, initial-scale=1"><title>Kết quả thanh toán</title>` +
            `<style>body{font-family:system-ui,sans-serif;line-height:1.45;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222;overflow-wrap:anywhere}` +
            `a.button{display:inline-block;margin-top:.5rem;padding:.5rem 1rem;background:#1a5fb4;color:#fff;text-decoration:none;border-radius:3px}</style>` +
            `</head><body><main>` +
            `<h1>${result.valid ? (result.success ? 'Thanh toán thành công' : 'Thanh toán chưa thành công') : 'Dữ liệu trả về không hợp lệ'}</h1>` +
            `<p>${esc(result.message ?? '')}</p><p>Mã giao dịch: ${esc(String(req.query.vnp_TxnRef ?? ''))}</p>` +
            (order ? `<p>Mã hồ sơ: ${esc(order.dossierCode)}</p>` : '') +
            `<p><small>Trạng thái hồ sơ được cập nhật khi cổng thanh toán xác nhận (IPN).</small></p>` +
            `<p><a class="button" id="back-to-lookup" href="${esc(lookup)}">${order ? 'Quay lại trang tra cứu hồ sơ' : 'Tra cứu hồ sơ'}</a></p>` +
            `</main></body></html>`,
        );
    } catch (err) {
      next(err);
    }
  });
  return r;
}
