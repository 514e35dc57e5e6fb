/**
 * External services by configuration: the real VNPay gateway and postal carrier, or local sandboxes that play the
 * other side faithfully (mounted in this API under /sandbox) so the whole flow runs on one machine.
 */
import type { Router } from 'express';
import { buildPaymentUrl, queryTransaction, txnRefFor, type QueryTransactionRequest, type QueryTransactionResult } from '../activities/payment/vnpay';
import { createVnpaySandbox, type VnpaySandbox } from '../activities/payment/sandbox-gateway';
import type { PaymentGatewayPort } from '../activities/payments';
import { HttpPostalCarrier, type PostalCarrier } from '../activities/postal/carrier';
import { createPostalSandbox, type PostalSandbox } from '../activities/postal/sandbox-carrier';
import { createNotificationSandbox, type NotificationSandbox } from '../activities/notify-transports/sandbox';
import type { AppConfig } from './config';

export interface ExternalServices {
  payments: PaymentGatewayPort;
  /** querydr against the configured gateway (for reconciliation); absent when the real gateway has no VNPAY_API_URL. */
  queryPayment?: (req: QueryTransactionRequest) => Promise<QueryTransactionResult>;
  postal: PostalCarrier;
  /** Routers to mount on the API (sandboxes only). */
  mounts: Array<{ path: string; router: Router }>;
  paymentSandbox?: VnpaySandbox;
  postalSandbox?: PostalSandbox;
  /** SMS gateway and Zalo ZNS stand-in, always mounted at /sandbox/notify (used when a provider is `sandbox`). */
  notifySandbox: NotificationSandbox;
  stop(): void;
}

export const PAYMENT_IPN_PATH = '/api/payments/vnpay/ipn';
export const PAYMENT_RETURN_PATH = '/api/payments/vnpay/return';
export const POSTAL_WEBHOOK_PATH = '/api/postal/webhook';

/** `baseUrl` is a function: in tests the port is known only after the server listens. */
export function createExternalServices(
  config: Pick<AppConfig, 'payment' | 'postal'>,
  baseUrl: () => string,
  opts: { autoAdvancePostalMs?: number } = {},
): ExternalServices {
  const mounts: ExternalServices['mounts'] = [];
  const notifySandbox = createNotificationSandbox();
  mounts.push({ path: '/sandbox/notify', router: notifySandbox.router });
  let paymentSandbox: VnpaySandbox | undefined;
  let postalSandbox: PostalSandbox | undefined;

  const pay = config.payment;
  if (pay.provider === 'sandbox') {
    paymentSandbox = createVnpaySandbox({
      tmnCode: pay.tmnCode,
      hashSecret: pay.hashSecret,
      ipnUrl: () => `${baseUrl()}${PAYMENT_IPN_PATH}`,
    });
    mounts.push({ path: '/sandbox/vnpay', router: paymentSandbox.router });
  }
  const payUrl = () => (pay.provider === 'sandbox' ? `${baseUrl()}/sandbox/vnpay/paymentv2/vpcpay.html` : pay.payUrl);
  const payments: PaymentGatewayPort = {
    txnRefFor: (code, line, attempt) => txnRefFor(code, line, attempt),
    paymentUrl: (o) =>
      buildPaymentUrl(
        { tmnCode: pay.tmnCode, hashSecret: pay.hashSecret, payUrl: payUrl(), returnUrl: `${baseUrl()}${PAYMENT_RETURN_PATH}` },
        { txnRef: o.txnRef, amountVnd: o.amountVnd, orderInfo: o.orderInfo, ipAddr: '127.0.0.1', createdAt: o.createdAt, expireMinutes: 60 * 24 * 7 },
      ),
  };

  const queryUrl = () => (pay.provider === 'sandbox' ? `${baseUrl()}/sandbox/vnpay/merchant_webapi/api/transaction` : pay.apiUrl);
  const queryPayment =
    pay.provider === 'sandbox' || pay.apiUrl
      ? (req: QueryTransactionRequest) => queryTransaction({ tmnCode: pay.tmnCode, hashSecret: pay.hashSecret, apiUrl: queryUrl()! }, req)
      : undefined;

  let postal: PostalCarrier;
  let stopAutoAdvance = () => {};
  if (config.postal.provider === 'sandbox') {
    postalSandbox = createPostalSandbox({
      webhookUrl: () => `${baseUrl()}${POSTAL_WEBHOOK_PATH}`,
      webhookSecret: config.postal.webhookSecret,
    });
    postal = postalSandbox.carrier;
    // The sandbox carrier moves its orders along on a schedule, as a real post office would.
    if (opts.autoAdvancePostalMs) stopAutoAdvance = postalSandbox.autoAdvance(opts.autoAdvancePostalMs);
    mounts.push({ path: '/sandbox/postal', router: postalSandbox.router });
  } else {
    postal = new HttpPostalCarrier({ baseUrl: config.postal.apiUrl, apiKey: config.postal.apiKey });
  }
  return {
    payments,
    queryPayment,
    postal,
    mounts,
    paymentSandbox,
    postalSandbox,
    notifySandbox,
    stop: () => stopAutoAdvance(),
  };
}
