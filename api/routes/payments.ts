/**
 * Payment gateway callbacks (VNPay 2.1.0): the IPN (server to server, the only thing that marks an order paid)
 * and the return URL (the citizen's browser, display only).
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Logger } from 'pino';
import { handleIpn, verifyReturn } from '../../activities/payment/vnpay';
import type { Db } from '../../db/client';
import { postgresPaymentStore } from '../../db/repositories/payments';
import { paymentConfirmedSignal } from '../../workflows/shared/dossier';

export function paymentRoutes(deps: { db: Db; client: Client; hashSecret: string; tmnCode: string; log: Logger }): Router {
  const r = Router();
  const store = postgresPaymentStore(deps.db, async (o) => {
    await deps.client.workflow
      .getHandle(o.dossierCode)
      .signal(paymentConfirmedSignal, { txnRef: o.txnRef, amountVnd: o.amountVnd, paidAt: o.paidAt, method: o.method });
  });

  r.get('/payments/vnpay/ipn', async (req, res) => {
    const answer = await handleIpn(req.query, store, {
      hashSecret: deps.hashSecret,
      tmnCode: deps.tmnCode,
      onError: (err) => deps.log.error({ err, requestId: req.id }, 'VNPay IPN failed'),
    });
    req.log?.info({ txnRef: req.query.vnp_TxnRef, answer }, 'VNPay IPN');
    res.status(200).json(answer);
  });

  r.get('/payments/vnpay/return', (req, res) => {
    const result = verifyReturn(req.query, deps.hashSecret);
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    res
      .status(result.valid ? 200 : 400)
      .type('html')
      .send(
        `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Kết quả thanh toán</title></head><body>` +
          `<h1>${result.valid ? (result.success ? 'Thanh toán thành công' : 'Thanh toán chưa thành công') : 'Dữ liệu trả về không hợp lệ'}</h1>` +
          `<p>${esc(result.message ?? '')}</p><p>Mã giao dịch: ${esc(String(req.query.vnp_TxnRef ?? ''))}</p>` +
          `<p><small>Trạng thái hồ sơ được cập nhật khi cổng thanh toán xác nhận (IPN).</small></p></body></html>`,
      );
  });
  return r;
}
