import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error';
import { createVnpaySandbox, type VnpaySandbox } from './sandbox-gateway';
import { buildPaymentUrl, handleIpn, queryTransaction, verifyReturn, type PaymentOrderStore } from './vnpay';

const tmnCode = 'MOTCUA01';
const hashSecret = 'SANDBOXSECRET0123456789ABCDEFGHIJ';

/** The merchant's side, as the lead will wire it: a store plus the IPN route. */
class Store implements PaymentOrderStore {
  orders = new Map<string, { amountVnd: number; status: 'pending' | 'paid' | 'failed' }>();
  async findByTxnRef(ref: string) {
    return this.orders.get(ref) ?? null;
  }
  async markPaid(ref: string) {
    this.orders.get(ref)!.status = 'paid';
  }
  async markFailed(ref: string) {
    this.orders.get(ref)!.status = 'failed';
  }
}

let server: Server;
let base: string;
let sandbox: VnpaySandbox;
const store = new Store();
let clock = new Date('2024-05-21T03:10:00Z');

beforeAll(async () => {
  const app = express();
  sandbox = createVnpaySandbox({ tmnCode, hashSecret, ipnUrl: () => `${base}/merchant/ipn`, now: () => clock });
  app.use('/sandbox/vnpay', sandbox.router);
  app.get('/merchant/ipn', async (req, res) => {
    res.json(await handleIpn(req.query, store, { hashSecret, tmnCode }));
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  sandbox.reset();
  store.orders.clear();
  clock = new Date('2024-05-21T03:10:00Z');
});

const createdAt = new Date('2024-05-21T03:04:05Z');
function newPayment(txnRef: string, amountVnd = 150_000, secret = hashSecret) {
  store.orders.set(txnRef, { amountVnd, status: 'pending' });
  return buildPaymentUrl(
    { tmnCode, hashSecret: secret, payUrl: `${base}/sandbox/vnpay/paymentv2/vpcpay.html`, returnUrl: 'http://127.0.0.1:1/thanh-toan/ket-qua' },
    { txnRef, amountVnd, orderInfo: 'Lệ phí đăng ký khai sinh', ipAddr: '127.0.0.1', createdAt },
  );
}

describe('VNPay sandbox over HTTP', () => {
  it('shows a Vietnamese payment page, then pays: IPN confirmed, browser redirected with a signed result', async () => {
    const pageRes = await fetch(newPayment('REFPAY1'));
    expect(pageRes.status).toBe(200);
    const html = await pageRes.text();
    expect(html).toContain('150.000 VND');
    expect(html).toContain('Le phi dang ky khai sinh');
    expect(html).toContain('Thanh toán');
    expect(html).toContain('Hủy');

    // Submit the form the way the browser would (relative action "pay").
    const action = new URL('pay', `${base}/sandbox/vnpay/paymentv2/vpcpay.html`).toString();
    const res = await fetch(action, { method: 'POST', body: new URLSearchParams({ txnRef: 'REFPAY1' }), redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe('/thanh-toan/ket-qua');
    expect(verifyReturn(location.searchParams, hashSecret)).toMatchObject({ valid: true, success: true, amountVnd: 150_000, txnRef: 'REFPAY1' });

    expect(store.orders.get('REFPAY1')!.status).toBe('paid');
    expect(sandbox.deliveries).toHaveLength(1);
    expect(sandbox.deliveries[0]).toMatchObject({ kind: 'result', httpStatus: 200, answer: { RspCode: '00', Message: 'Confirm Success' } });
    expect(sandbox.deliveries[0]!.url.startsWith(`${base}/merchant/ipn?`)).toBe(true);
    expect(sandbox.transaction('REFPAY1')).toMatchObject({ status: 'paid', transactionNo: '14000001' });
  });

  it('cancel: failure recorded, citizen told it was cancelled', async () => {
    await fetch(newPayment('REFCANCEL'));
    const res = await fetch(`${base}/sandbox/vnpay/paymentv2/cancel`, {
      method: 'POST', body: new URLSearchParams({ txnRef: 'REFCANCEL' }), redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const r = verifyReturn(new URL(res.headers.get('location')!).searchParams, hashSecret);
    expect(r).toMatchObject({ valid: true, success: false, responseCode: '24', message: 'Người nộp đã hủy giao dịch' });
    expect(store.orders.get('REFCANCEL')!.status).toBe('failed');
    expect(sandbox.deliveries[0]!.answer?.RspCode).toBe('00');
  });

  it('refuses a payment URL signed with another key, or expired, with a Vietnamese error page', async () => {
    const bad = await fetch(newPayment('REFBAD', 150_000, 'wrong-secret'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Sai chữ ký');

    const url = newPayment('REFLATE');
    clock = new Date('2024-05-21T03:30:00Z'); // 15-minute window passed
    const late = await fetch(url);
    expect(late.status).toBe(400);
    const text = await late.text();
    expect(text).toContain('quá thời gian chờ thanh toán');
    expect(text).toContain('11');
  });

  it('cannot pay twice', async () => {
    const url = newPayment('REFTWICE');
    sandbox.open(url);
    await sandbox.pay('REFTWICE');
    await expect(sandbox.pay('REFTWICE')).rejects.toThrow(/đã kết thúc/);
    const again = await fetch(url);
    expect(again.status).toBe(400);
  });
});

describe('VNPay sandbox test controls against the merchant IPN', () => {
  it('replay → 02, corrupted signature → 97, corrupted amount → 04; the order stays paid once', async () => {
    sandbox.open(newPayment('REFCTRL'));
    const first = await sandbox.pay('REFCTRL');
    expect(first.delivery.answer?.RspCode).toBe('00');
    expect((await sandbox.replayIpn('REFCTRL')).answer).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect((await sandbox.sendCorruptedIpn('REFCTRL', 'signature')).answer?.RspCode).toBe('97');
    expect((await sandbox.sendCorruptedIpn('REFCTRL', 'amount')).answer?.RspCode).toBe('04');
    expect(sandbox.deliveries.map((d) => `${d.kind}:${d.answer?.RspCode}`)).toEqual([
      'result:00', 'replay:02', 'corrupted-signature:97', 'corrupted-amount:04',
    ]);
    expect(store.orders.get('REFCTRL')!.status).toBe('paid');
  });

  it('corrupted IPNs before payment do not mark anything', async () => {
    sandbox.open(newPayment('REFPRE'));
    expect((await sandbox.sendCorruptedIpn('REFPRE', 'amount')).answer?.RspCode).toBe('04');
    expect((await sandbox.sendCorruptedIpn('REFPRE', 'signature')).answer?.RspCode).toBe('97');
    expect(store.orders.get('REFPRE')!.status).toBe('pending');
  });

  it('a bank failure code records failed', async () => {
    sandbox.open(newPayment('REFNSF'));
    const out = await sandbox.pay('REFNSF', '51');
    expect(out.delivery.answer?.RspCode).toBe('00');
    expect(store.orders.get('REFNSF')!.status).toBe('failed');
    expect(verifyReturn(new URL(out.returnUrl).searchParams, hashSecret).message).toBe('Tài khoản không đủ số dư');
  });

  it('drops a result IPN on request: the payment is settled at the gateway, the merchant hears nothing, querydr knows', async () => {
    sandbox.open(newPayment('REFDROP'));
    const out = await sandbox.pay('REFDROP', '00', { dropIpn: true });
    expect(out.delivery).toMatchObject({ kind: 'dropped', httpStatus: null, answer: null });
    expect(verifyReturn(new URL(out.returnUrl).searchParams, hashSecret)).toMatchObject({ valid: true, success: true });
    expect(store.orders.get('REFDROP')!.status).toBe('pending');
    expect(sandbox.transaction('REFDROP')!.status).toBe('paid');
    const answer = await queryTransaction(
      { tmnCode, hashSecret, apiUrl: `${base}/sandbox/vnpay/merchant_webapi/api/transaction` },
      { txnRef: 'REFDROP', transactionDate: createdAt, ipAddr: '127.0.0.1', requestId: 'RQDROP', createdAt: clock },
    );
    expect(answer).toMatchObject({ found: true, paid: true, transactionStatus: '00' });
    // The lost notification can still arrive late.
    expect((await sandbox.replayIpn('REFDROP')).answer?.RspCode).toBe('00');
    expect(store.orders.get('REFDROP')!.status).toBe('paid');

    // The payment page offers the same (for trying reconciliation by hand); a cancel can be dropped too.
    const page = await (await fetch(newPayment('REFDROP2'))).text();
    expect(page).toContain('id="pay-drop-ipn"');
    const res = await fetch(`${base}/sandbox/vnpay/paymentv2/pay`, {
      method: 'POST', body: new URLSearchParams({ txnRef: 'REFDROP2', dropIpn: '1' }), redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(sandbox.transaction('REFDROP2')!.status).toBe('paid');
    sandbox.open(newPayment('REFDROP3'));
    expect((await sandbox.cancel('REFDROP3', { dropIpn: true })).delivery.kind).toBe('dropped');
    expect(sandbox.deliveries.filter((d) => d.kind !== 'dropped').map((d) => d.txnRef)).toEqual(['REFDROP']);
    expect(store.orders.get('REFDROP2')!.status).toBe('pending');
    expect(store.orders.get('REFDROP3')!.status).toBe('pending');
  });

  it('records an unreachable merchant', async () => {
    const lonely = createVnpaySandbox({ tmnCode, hashSecret, ipnUrl: 'http://127.0.0.1:1/ipn', ipnTimeoutMs: 2000, now: () => clock });
    lonely.open(newPayment('REFLONELY'));
    const out = await lonely.pay('REFLONELY');
    expect(out.delivery.answer).toBeNull();
    expect(out.delivery.error).toBeTruthy();
  });
});

describe('querydr against the sandbox', () => {
  const apiCfg = () => ({ tmnCode, hashSecret, apiUrl: `${base}/sandbox/vnpay/merchant_webapi/api/transaction` });
  let n = 0;
  const q = (txnRef: string, over: Partial<Parameters<typeof queryTransaction>[1]> = {}) => ({
    txnRef, transactionDate: createdAt, ipAddr: '127.0.0.1', requestId: `RQ${++n}`, createdAt: clock, ...over,
  });

  it('reports pending, then paid with amount and transaction number', async () => {
    sandbox.open(newPayment('REFQ'));
    const pending = await queryTransaction(apiCfg(), q('REFQ'));
    expect(pending).toMatchObject({ found: true, paid: false, transactionStatus: '01', amountVnd: 150_000 });
    await sandbox.pay('REFQ');
    const paid = await queryTransaction(apiCfg(), q('REFQ'));
    expect(paid).toMatchObject({ found: true, paid: true, responseCode: '00', transactionStatus: '00', transactionType: '01', transactionNo: '14000001', bankCode: 'NCB' });
    expect(paid.payDate?.toISOString()).toBe(clock.toISOString().replace(/\.\d+Z$/, '.000Z'));
  });

  it('not found for an unknown reference or a wrong transaction date', async () => {
    sandbox.open(newPayment('REFQ2'));
    expect(await queryTransaction(apiCfg(), q('UNKNOWN'))).toMatchObject({ found: false, paid: false, responseCode: '91' });
    expect(await queryTransaction(apiCfg(), q('REFQ2', { transactionDate: new Date('2024-05-20T03:04:05Z') }))).toMatchObject({ found: false });
  });

  it('classifies a key mismatch and a duplicate request id as non-retryable', async () => {
    sandbox.open(newPayment('REFQ3'));
    const e1 = await queryTransaction({ ...apiCfg(), hashSecret: 'wrong' }, q('REFQ3')).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ProviderError);
    expect(e1).toMatchObject({ kind: 'signature', retryable: false, providerCode: '97' });
    await queryTransaction(apiCfg(), q('REFQ3', { requestId: 'SAME' }));
    const e2 = await queryTransaction(apiCfg(), q('REFQ3', { requestId: 'SAME' })).catch((e: unknown) => e);
    expect(e2).toMatchObject({ kind: 'rejected', retryable: false, providerCode: '94' });
  });
});
