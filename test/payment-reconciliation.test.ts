/**
 * Payment reconciliation by querydr against the sandbox gateway, real PostgreSQL and Temporal: a payment whose IPN
 * the gateway dropped ends paid after one pass (confirmed through the IPN's own store, the dossier signalled once,
 * even with two reconcilers racing), a second pass changes nothing, a late IPN is "already confirmed"; a cancelled
 * payment is closed as failed, one the gateway never saw stays pending until its link expires.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilePayments, type ReconcileReport } from '../activities/payment/reconciler';
import { buildPaymentUrl } from '../activities/payment/vnpay';
import { paymentOrders } from '../db/schema';
import { loadConfig } from '../scripts/config';
import { paymentReconcilerDeps } from '../scripts/payment-reconciliation';
import { call, startTestStack, type TestStack } from './harness';
import { receiveCertifiedCopy, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const reconcilerDeps = () =>
  paymentReconcilerDeps({
    db: stack.database.db,
    client: stack.client,
    query: stack.services.queryPayment!,
    log: pino({ level: 'info' }, { write: (l: string) => void logLines.push(JSON.parse(l)) }),
  });

/** A certified-copy dossier approved and waiting for its 2.000 đ fee; returns its code and payment URL. */
async function awaitingPayment(fullName: string): Promise<{ code: string; paymentUrl: string; txnRef: string }> {
  const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer, { fullName, phone: '0912000111', idNumber: '001190000111' });
  const approved = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, { token: tokens.officer, body: { decision: 'approve' } });
  expect(approved.status).toBe(200);
  const r = await waitForStatus(stack, code, tokens.reception, 'AWAITING_PAYMENT');
  return { code, paymentUrl: r.body.fees.paymentUrl, txnRef: r.body.fees.txnRef };
}

const orderRow = async (txnRef: string) => (await stack.database.sql`select * from payment_orders where txn_ref = ${txnRef}`)[0];
const outcomeOf = (reports: ReconcileReport[], txnRef: string) => reports.flatMap((r) => r.results).filter((x) => x.txnRef === txnRef).map((x) => x.outcome);
const eventTypes = async (code: string) => (await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.auditor })).body.events.map((e: { type: string }) => e.type) as string[];

describe('payment reconciliation (querydr)', () => {
  it('confirms a paid order whose IPN was lost, once; closes the cancelled one; leaves the unknown one pending', async () => {
    const gateway = stack.services.paymentSandbox!;
    const [lost, cancelled, unknown] = await Promise.all([
      awaitingPayment('Phạm Thị Ngọc Ánh'),
      awaitingPayment('Đỗ Văn Hùng'),
      awaitingPayment('Vũ Thị Lan'),
    ]);
    // The citizen pays (and another cancels) on the gateway, which settles both but never calls our IPN.
    gateway.open(lost.paymentUrl);
    expect((await gateway.pay(lost.txnRef, '00', { dropIpn: true })).delivery.kind).toBe('dropped');
    gateway.open(cancelled.paymentUrl);
    await gateway.cancel(cancelled.txnRef, { dropIpn: true });
    // The third citizen never opens the payment page.
    expect(gateway.deliveries.filter((d) => d.kind !== 'dropped')).toEqual([]);
    expect((await orderRow(lost.txnRef)).status).toBe('pending');

    // Orders younger than the threshold are left to their IPN.
    const early = await reconcilePayments(reconcilerDeps(), { olderThanMs: 60 * 60_000 });
    expect(outcomeOf([early], lost.txnRef)).toEqual([]);
    expect((await orderRow(lost.txnRef)).status).toBe('pending');

    // One pass — here two API processes' passes racing — confirms it exactly once.
    const first = await Promise.all([reconcilePayments(reconcilerDeps(), { olderThanMs: 0 }), reconcilePayments(reconcilerDeps(), { olderThanMs: 0 })]);
    const lostOutcomes = outcomeOf(first, lost.txnRef);
    expect(lostOutcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(lostOutcomes.every((o) => o === 'paid' || o === 'already-confirmed')).toBe(true);
    expect(outcomeOf(first, cancelled.txnRef)).toContain('failed');
    expect(outcomeOf(first, unknown.txnRef)).toEqual(['pending', 'pending']);

    const paidRow = await orderRow(lost.txnRef);
    const gatewayTxn = gateway.transaction(lost.txnRef)!;
    expect(paidRow).toMatchObject({ status: 'paid', method: 'VNPAY/NCB', provider_transaction_no: gatewayTxn.transactionNo });
    expect(paidRow.provider_data).toMatchObject({ via: 'querydr', transactionNo: gatewayTxn.transactionNo, amountVnd: 2000 });
    expect(paidRow.paid_at).not.toBeNull();
    expect((await orderRow(cancelled.txnRef))).toMatchObject({ status: 'failed', paid_at: null });
    expect((await orderRow(cancelled.txnRef)).provider_data.reconciliation).toMatchObject({ found: true, transactionStatus: '02' });
    expect((await orderRow(unknown.txnRef))).toMatchObject({ status: 'pending', paid_at: null });
    expect(logLines.some((l) => l.msg === 'payment reconciliation: paid at the gateway, IPN missing; confirmed and dossier signalled' && l.txnRef === lost.txnRef)).toBe(true);

    // The workflow got the payment and went on; the others still wait for theirs.
    const ready = await waitForStatus(stack, lost.code, tokens.reception, 'RESULT_READY');
    expect(ready.body.fees.paidAt).toBeTruthy();
    for (const other of [cancelled, unknown]) {
      const r = await call(stack, 'GET', `/api/dossiers/${other.code}`, { token: tokens.reception });
      expect(r.body.status).toBe('AWAITING_PAYMENT');
      expect(r.body.fees.paidAt).toBeUndefined();
    }
    // The cancelled attempt is replaced: the workflow issues attempt 2 with its own reference and link.
    const renewed = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${cancelled.code}`, { token: tokens.reception });
      return r.body.fees?.attempt === 2 ? r : undefined;
    });
    expect(renewed.body.fees.txnRef).toBe(`${cancelled.txnRef}A2`);
    const eventsAfterFirst = await eventTypes(lost.code);
    expect(eventsAfterFirst.filter((t) => t === 'FEES_PAID')).toHaveLength(1);

    // A second pass changes nothing; the lost IPN arriving late is answered "already confirmed".
    const rowsBefore = await stack.database.db.select().from(paymentOrders);
    const second = await reconcilePayments(reconcilerDeps(), { olderThanMs: 0 });
    expect(outcomeOf([second], lost.txnRef)).toEqual([]);
    expect(outcomeOf([second], cancelled.txnRef)).toEqual([]);
    expect(outcomeOf([second], unknown.txnRef)).toEqual(['pending']);
    expect(second.counts.paid).toBe(0);
    expect((await gateway.replayIpn(lost.txnRef)).answer).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    const mine = (rows: typeof rowsBefore) => rows.filter((r) => [lost.txnRef, cancelled.txnRef, unknown.txnRef].includes(r.txnRef));
    expect(mine(await stack.database.db.select().from(paymentOrders))).toEqual(mine(rowsBefore));
    await new Promise((r) => setTimeout(r, 1000));
    expect(await eventTypes(lost.code)).toEqual(eventsAfterFirst);
  });

  it('a payment cancelled on the gateway page (IPN delivered) gets a new attempt, which the citizen pays', async () => {
    const gateway = stack.services.paymentSandbox!;
    const dossier = await awaitingPayment('Lê Thị Thu Hà');
    gateway.open(dossier.paymentUrl);
    const cancelled = await gateway.cancel(dossier.txnRef);
    expect(cancelled.delivery.kind).not.toBe('dropped');
    expect(await orderRow(dossier.txnRef)).toMatchObject({ status: 'failed', paid_at: null });

    const renewed = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${dossier.code}`, { token: tokens.reception });
      return r.body.fees?.attempt === 2 ? r : undefined;
    });
    const second = renewed.body.fees;
    expect(second.txnRef).toBe(`${dossier.txnRef}A2`);
    expect(second.paymentUrl).not.toBe(dossier.paymentUrl);
    expect(await eventTypes(dossier.code)).toEqual(expect.arrayContaining(['PAYMENT_FAILED']));
    // The old link is finished at the gateway; the new one is paid.
    gateway.open(second.paymentUrl);
    expect((await gateway.pay(second.txnRef, '00')).delivery.kind).not.toBe('dropped');
    const ready = await waitForStatus(stack, dossier.code, tokens.reception, 'RESULT_READY');
    expect(ready.body.fees).toMatchObject({ attempt: 2, txnRefs: [dossier.txnRef, second.txnRef] });
    expect(await orderRow(second.txnRef)).toMatchObject({ status: 'paid' });
    expect(await orderRow(dossier.txnRef)).toMatchObject({ status: 'failed' });
  });

  it('closes an order the gateway never saw once its payment link has expired, without marking it paid', async () => {
    const config = loadConfig({});
    const createdAt = new Date(Date.now() - 8 * 86_400_000);
    const txnRef = `EXPIRED${Date.now()}`;
    const paymentUrl = buildPaymentUrl(
      { tmnCode: config.payment.tmnCode, hashSecret: config.payment.hashSecret, payUrl: `${stack.apiUrl}/sandbox/vnpay/paymentv2/vpcpay.html`, returnUrl: `${stack.apiUrl}/api/payments/vnpay/return` },
      { txnRef, amountVnd: 50_000, orderInfo: 'Nop phi ho so', ipAddr: '127.0.0.1', createdAt, expireMinutes: 60 },
    );
    await stack.database.db.insert(paymentOrders).values({
      txnRef, dossierCode: 'TEST.H26-990101-0900', amountVnd: 50_000, feeLines: [], paymentUrl, createdAt: createdAt.toISOString(),
    });
    const report = await reconcilePayments(reconcilerDeps(), { olderThanMs: 10 * 60_000 });
    expect(outcomeOf([report], txnRef)).toEqual(['expired']);
    expect(await orderRow(txnRef)).toMatchObject({ status: 'expired', paid_at: null });
    expect((await orderRow(txnRef)).provider_data.reconciliation).toMatchObject({ found: false, responseCode: '91', reason: 'payment link expired unpaid' });
  });
});
