import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error';
import { reconcilePayments, startPaymentReconciler, type ReconcilableOrder, type ReconcilerDeps } from './reconciler';
import { buildPaymentUrl, formatVnpayDate, type PaidDetails, type QueryTransactionRequest, type QueryTransactionResult } from './vnpay';

const now = new Date('2025-08-04T03:00:00Z');
const cfg = { tmnCode: 'TMN', hashSecret: 'secret-0123456789abcdef', payUrl: 'http://gw.example/pay', returnUrl: 'http://us.example/return' };

function order(txnRef: string, over: Partial<ReconcilableOrder> & { createdAt?: string; expireMinutes?: number } = {}): ReconcilableOrder {
  const created = new Date(over.createdAt ?? '2025-08-04T02:00:00Z');
  return {
    txnRef,
    dossierCode: `D-${txnRef}`,
    amountVnd: 2000,
    paymentUrl: buildPaymentUrl(cfg, { txnRef, amountVnd: 2000, orderInfo: 'Nop phi', ipAddr: '127.0.0.1', createdAt: created, expireMinutes: over.expireMinutes ?? 60 * 24 }),
    createdAt: created.toISOString(),
    dossierStatus: 'AWAITING_PAYMENT',
    ...over,
  };
}

function answer(over: Partial<QueryTransactionResult>): QueryTransactionResult {
  return {
    found: true, paid: false, responseCode: '00', message: '', txnRef: '', amountVnd: 2000, bankCode: 'NCB', payDate: null,
    transactionNo: '14000001', transactionType: '01', transactionStatus: '01', raw: {}, ...over,
  };
}

/** In-memory orders and gateway answers; records every write. */
function fakes(orders: ReconcilableOrder[], answers: Record<string, QueryTransactionResult | Error>, opts: { markPaid?: (ref: string) => Promise<boolean> } = {}) {
  const paid: Array<{ txnRef: string; d: PaidDetails }> = [];
  const closed: Array<{ txnRef: string; status: string; detail: Record<string, unknown> }> = [];
  const queries: QueryTransactionRequest[] = [];
  const pending = new Set(orders.map((o) => o.txnRef));
  const deps: ReconcilerDeps = {
    async listUnconfirmed(q) {
      return orders
        .filter((o) => pending.has(o.txnRef) && o.createdAt < q.createdBefore)
        .filter((o) => !q.after || o.createdAt > q.after.createdAt || (o.createdAt === q.after.createdAt && o.txnRef > q.after.txnRef))
        .sort((a, b) => (a.createdAt === b.createdAt ? a.txnRef.localeCompare(b.txnRef) : a.createdAt.localeCompare(b.createdAt)))
        .slice(0, q.limit);
    },
    async close(txnRef, status, detail) {
      if (!pending.delete(txnRef)) return false;
      closed.push({ txnRef, status, detail });
      return true;
    },
    store: {
      findByTxnRef: async () => null,
      markFailed: async () => false,
      async markPaid(txnRef, d) {
        if (opts.markPaid) return opts.markPaid(txnRef);
        if (!pending.delete(txnRef)) return false;
        paid.push({ txnRef, d });
        return true;
      },
    },
    async query(req) {
      queries.push(req);
      const a = answers[req.txnRef];
      if (!a) throw new Error(`no answer for ${req.txnRef}`);
      if (a instanceof Error) throw a;
      return { ...a, txnRef: req.txnRef };
    },
    log: pino({ level: 'silent' }),
    now: () => now,
  };
  return { deps, paid, closed, queries, pending };
}

describe('payment reconciliation pass', () => {
  it('confirms a payment the gateway has as paid, through the IPN store, and asks with the original create date', async () => {
    const o = order('PAID1');
    const f = fakes([o], { PAID1: answer({ paid: true, transactionStatus: '00', payDate: new Date('2025-08-04T02:05:00Z') }) });
    const report = await reconcilePayments(f.deps, { olderThanMs: 10 * 60_000 });
    expect(report.results).toEqual([{ txnRef: 'PAID1', dossierCode: 'D-PAID1', outcome: 'paid' }]);
    expect(f.paid).toEqual([
      { txnRef: 'PAID1', d: { via: 'querydr', bankCode: 'NCB', transactionNo: '14000001', payDate: new Date('2025-08-04T02:05:00Z'), amountVnd: 2000 } },
    ]);
    expect(formatVnpayDate(f.queries[0]!.transactionDate)).toBe(new URL(o.paymentUrl).searchParams.get('vnp_CreateDate'));
    expect(f.queries[0]!.requestId).toMatch(/^[0-9a-f]{32}$/);
    // A second pass finds nothing left to do.
    expect((await reconcilePayments(f.deps, { olderThanMs: 0 })).checked).toBe(0);
  });

  it('reports a lost race as already confirmed, and a failed confirmation as an error that leaves the order for next time', async () => {
    const a = fakes([order('RACE')], { RACE: answer({ paid: true, transactionStatus: '00' }) }, { markPaid: async () => false });
    expect((await reconcilePayments(a.deps, { olderThanMs: 0 })).counts['already-confirmed']).toBe(1);
    const b = fakes([order('BROKEN')], { BROKEN: answer({ paid: true, transactionStatus: '00' }) }, {
      markPaid: async () => { throw new Error('workflow execution already completed'); },
    });
    const report = await reconcilePayments(b.deps, { olderThanMs: 0 });
    expect(report.results[0]).toMatchObject({ outcome: 'error', detail: 'workflow execution already completed' });
    expect(b.pending.has('BROKEN')).toBe(true);
  });

  it('never confirms another amount, a suspected fraud or a refund; closes failed and expired ones', async () => {
    const orders = [
      order('WRONGSUM'), order('FRAUD'), order('CANCELLED'), order('WAITING'), order('UNKNOWN'),
      order('LAPSED', { createdAt: '2025-08-03T02:00:00Z', expireMinutes: 60 }),
      order('CLOSED', { dossierStatus: 'STOPPED' }),
    ];
    const f = fakes(orders, {
      WRONGSUM: answer({ paid: true, transactionStatus: '00', amountVnd: 1000 }),
      FRAUD: answer({ transactionStatus: '07' }),
      CANCELLED: answer({ transactionStatus: '02', transactionNo: '0' }),
      WAITING: answer({ transactionStatus: '01' }),
      UNKNOWN: answer({ found: false, responseCode: '91', transactionStatus: '' }),
      LAPSED: answer({ found: false, responseCode: '91', transactionStatus: '' }),
      CLOSED: answer({ transactionStatus: '01' }),
    });
    const report = await reconcilePayments(f.deps, { olderThanMs: 0 });
    const outcome = Object.fromEntries(report.results.map((r) => [r.txnRef, r.outcome]));
    expect(outcome).toEqual({
      WRONGSUM: 'needs-attention', FRAUD: 'needs-attention', CANCELLED: 'failed', WAITING: 'pending', UNKNOWN: 'pending',
      LAPSED: 'expired', CLOSED: 'expired',
    });
    expect(f.paid).toEqual([]);
    expect(f.closed.find((c) => c.txnRef === 'CANCELLED')!.detail).toMatchObject({ found: true, transactionStatus: '02' });
    expect(report.counts).toMatchObject({ paid: 0, failed: 1, expired: 2, pending: 2, 'needs-attention': 2 });
  });

  it('closes an order paid after its dossier closed as refund-due instead of confirming it, once', async () => {
    const f = fakes([order('LATEPAY', { dossierStatus: 'WITHDRAWN' })], {
      LATEPAY: answer({ paid: true, transactionStatus: '00', transactionNo: '14000099' }),
    });
    const first = await reconcilePayments(f.deps, { olderThanMs: 0 });
    expect(first.results).toEqual([expect.objectContaining({ txnRef: 'LATEPAY', outcome: 'refund-due' })]);
    expect(f.paid).toEqual([]);
    expect(f.closed).toEqual([expect.objectContaining({ txnRef: 'LATEPAY', status: 'refund-due', detail: expect.objectContaining({ transactionNo: '14000099' }) })]);
    // Closed orders are not asked about again: the next pass has nothing to do.
    expect((await reconcilePayments(f.deps, { olderThanMs: 0 })).checked).toBe(0);
  });

  it('goes on after a gateway error and pages through every old order, leaving young ones to their IPN', async () => {
    const orders = ['A', 'B', 'C', 'D', 'E'].map((r, i) => order(r, { createdAt: `2025-08-04T02:0${i}:00Z` }));
    orders.push(order('YOUNG', { createdAt: '2025-08-04T02:55:00Z' }));
    const answers: Record<string, QueryTransactionResult | Error> = Object.fromEntries(orders.map((o) => [o.txnRef, answer({ paid: true, transactionStatus: '00' })]));
    answers.B = new ProviderError({ provider: 'vnpay', kind: 'timeout', message: 'no answer in 15000 ms' });
    const f = fakes(orders, answers);
    const report = await reconcilePayments(f.deps, { olderThanMs: 10 * 60_000, batchSize: 2 });
    expect(report.results.map((r) => `${r.txnRef}:${r.outcome}`)).toEqual(['A:paid', 'B:error', 'C:paid', 'D:paid', 'E:paid']);
    const capped = fakes(orders, answers);
    expect((await reconcilePayments(capped.deps, { olderThanMs: 0, batchSize: 2, maxPerPass: 3 })).checked).toBe(3);
  });
});

describe('reconciliation loop', () => {
  it('runs passes on its interval, never two at once, and stops after the pass in progress', async () => {
    let passes = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const f = fakes([], {});
    const deps: ReconcilerDeps = {
      ...f.deps,
      async listUnconfirmed() {
        passes++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return [];
      },
    };
    const loop = startPaymentReconciler(deps, { intervalMs: 20, firstDelayMs: 1, olderThanMs: 0 });
    await Promise.all([loop.runOnce(), loop.runOnce()]);
    await new Promise((r) => setTimeout(r, 200));
    await loop.stop();
    const after = passes;
    expect(after).toBeGreaterThanOrEqual(3);
    expect(maxInFlight).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(passes).toBe(after);
  });
});
