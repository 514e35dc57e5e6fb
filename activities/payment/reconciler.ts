/**
 * Payment reconciliation (đối soát giao dịch): when an IPN never arrives, a paid dossier would wait forever. Every
 * few minutes the reconciler asks the gateway (querydr) about each order still pending for longer than a
 * threshold and
 * - paid at the gateway (ResponseCode 00, TransactionStatus 00, same amount) → confirms it through the IPN's own
 *   store: the conditional update "not yet paid → paid" and the workflow signal in one transaction, so an IPN and a
 *   reconciliation (or two reconcilers) racing confirm once, and the dossier is never double-confirmed;
 * - failed at the gateway (TransactionStatus 02, e.g. cancelled) → closes the order as `failed`;
 * - unknown to the gateway or still unfinished, after the payment link expired (or once the dossier is closed) →
 *   closes it as `expired`; before that it stays pending and is asked again next time;
 * - paid at the gateway after the dossier was closed (withdrawn, refused, stopped) → closes the order as
 *   `refund-due` and logs an error: the money must go back to the citizen, and no workflow is waiting for it;
 * - anything else (amount mismatch, suspected fraud 07, refunds) → left pending and logged for a person to look at.
 *
 * Mechanism: a timer loop owned by the process that serves the IPN (scripts/system.ts), not a Temporal Schedule.
 * Confirming must go through the IPN's code path (DB transaction + signal), which needs the database, a Temporal
 * client and the merchant secret, all of which live in the API process. A pass keeps no state between runs (the
 * state is `payment_orders` and the gateway's answer), so a workflow history would make nothing more durable;
 * a Schedule would add a workflow type whose histories must replay, a schedule to create/update/delete in step
 * with the configuration, and an activity holding a Temporal client only to signal. Several API processes run
 * several loops: that is safe because every write is a conditional UPDATE on the order's status (lock-free,
 * idempotent: exactly one confirmation matches), at the cost of duplicate querydr calls, spread by a random first
 * delay.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { FINAL_STATUSES } from '../../workflows/shared/dossier';
import { parseVnpayDate, type PaymentOrderStore, type QueryTransactionRequest, type QueryTransactionResult } from './vnpay';
import { clock } from '../clock';

export interface ReconcilableOrder {
  txnRef: string;
  dossierCode: string;
  amountVnd: number;
  /** The signed payment URL we issued: carries vnp_CreateDate (querydr's transaction date) and vnp_ExpireDate. */
  paymentUrl: string;
  /** Keyset cursor (as stored). */
  createdAt: string;
  /** The dossier's status in the read model; null if unknown. */
  dossierStatus: string | null;
}

/** How the reconciler closes an order it will not confirm. */
export type ClosedOrderStatus = 'failed' | 'expired' | 'refund-due';

export interface ReconcilerDeps {
  /** Pending orders created before `createdBefore`, oldest first, after the cursor. */
  listUnconfirmed(q: { createdBefore: string; after?: { createdAt: string; txnRef: string }; limit: number }): Promise<ReconcilableOrder[]>;
  /** Closes a still-pending order; false if it is no longer pending. */
  close(txnRef: string, status: ClosedOrderStatus, detail: Record<string, unknown>): Promise<boolean>;
  /** The IPN handler's store: markPaid = conditional update + workflow signal in one transaction. */
  store: PaymentOrderStore;
  /** querydr with the merchant's credentials (activities/payment/vnpay.ts queryTransaction). */
  query(req: QueryTransactionRequest): Promise<QueryTransactionResult>;
  log: Logger;
  now?: () => Date;
}

export interface ReconcileOptions {
  /** Only orders pending for longer than this: the IPN normally arrives within seconds. */
  olderThanMs: number;
  /** An unpaid order is closed as expired this long after its link's vnp_ExpireDate (default 15 minutes). */
  expiryGraceMs?: number;
  /** Orders read per query (default 100) and at most per pass (default 1000). */
  batchSize?: number;
  maxPerPass?: number;
}

export type ReconcileOutcome = 'paid' | 'already-confirmed' | 'failed' | 'expired' | 'refund-due' | 'pending' | 'needs-attention' | 'error';

export interface ReconcileResult {
  txnRef: string;
  dossierCode: string;
  outcome: ReconcileOutcome;
  detail?: string;
}

export interface ReconcileReport {
  startedAt: string;
  checked: number;
  counts: Record<ReconcileOutcome, number>;
  results: ReconcileResult[];
}

const OUTCOMES: ReconcileOutcome[] = ['paid', 'already-confirmed', 'failed', 'expired', 'refund-due', 'pending', 'needs-attention', 'error'];
const FINAL: readonly string[] = FINAL_STATUSES;

function paymentUrlDates(paymentUrl: string): { createDate: Date | null; expireDate: Date | null } {
  try {
    const q = new URL(paymentUrl).searchParams;
    return { createDate: parseVnpayDate(q.get('vnp_CreateDate') ?? undefined), expireDate: parseVnpayDate(q.get('vnp_ExpireDate') ?? undefined) };
  } catch {
    return { createDate: null, expireDate: null };
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function reconcileOrder(deps: ReconcilerDeps, opts: ReconcileOptions, o: ReconcilableOrder, now: Date): Promise<ReconcileResult> {
  const log = deps.log.child({ txnRef: o.txnRef, dossierCode: o.dossierCode });
  const result = (outcome: ReconcileOutcome, detail?: string): ReconcileResult => ({ txnRef: o.txnRef, dossierCode: o.dossierCode, outcome, ...(detail ? { detail } : {}) });
  const { createDate, expireDate } = paymentUrlDates(o.paymentUrl);
  if (!createDate) {
    log.error('payment reconciliation: the stored payment URL has no vnp_CreateDate; cannot query the gateway');
    return result('error', 'payment URL without vnp_CreateDate');
  }

  let answer: QueryTransactionResult;
  try {
    answer = await deps.query({
      txnRef: o.txnRef,
      transactionDate: createDate,
      ipAddr: '127.0.0.1',
      requestId: randomUUID().replace(/-/g, ''),
      createdAt: now,
      orderInfo: `Doi soat giao dich ${o.txnRef}`,
    });
  } catch (err) {
    log.warn({ err: errorText(err) }, 'payment reconciliation: querydr failed; will ask again next pass');
    return result('error', errorText(err));
  }

  const detail = { checkedAt: now.toISOString(), found: answer.found, responseCode: answer.responseCode, transactionStatus: answer.transactionStatus, transactionNo: answer.transactionNo };
  const closeAs = async (status: ClosedOrderStatus, why: string): Promise<ReconcileResult> => {
    const closed = await deps.close(o.txnRef, status, { ...detail, reason: why });
    if (!closed) return result('already-confirmed');
    if (status === 'refund-due') log.error({ transactionNo: answer.transactionNo, reason: why }, 'payment reconciliation: paid after the dossier closed; REFUND DUE to the citizen');
    else log.info({ transactionStatus: answer.transactionStatus, reason: why }, `payment reconciliation: order closed as ${status}`);
    return result(status, why);
  };

  if (answer.paid) {
    if (o.dossierStatus && FINAL.includes(o.dossierStatus)) {
      return closeAs('refund-due', `paid at the gateway after the dossier closed (${o.dossierStatus})`);
    }
    if (answer.amountVnd !== o.amountVnd) {
      log.error({ gatewayAmountVnd: answer.amountVnd, orderAmountVnd: o.amountVnd }, 'payment reconciliation: gateway reports a different amount; not confirmed');
      return result('needs-attention', `amount ${answer.amountVnd} ≠ ${o.amountVnd}`);
    }
    try {
      const won = await deps.store.markPaid(o.txnRef, {
        via: 'querydr',
        bankCode: answer.bankCode,
        transactionNo: answer.transactionNo,
        payDate: answer.payDate,
        amountVnd: o.amountVnd,
      });
      if (won === false) {
        log.info('payment reconciliation: already confirmed (the IPN or another pass was first)');
        return result('already-confirmed');
      }
      log.info({ transactionNo: answer.transactionNo, bankCode: answer.bankCode }, 'payment reconciliation: paid at the gateway, IPN missing; confirmed and dossier signalled');
      return result('paid');
    } catch (err) {
      // The transaction rolled back: the order is still pending and the next pass tries again.
      log.error({ err: errorText(err), dossierStatus: o.dossierStatus }, 'payment reconciliation: paid at the gateway but could not be confirmed');
      return result('error', errorText(err));
    }
  }

  if (answer.found && answer.transactionStatus === '02') return closeAs('failed', 'gateway reports the transaction failed or cancelled');
  if (answer.found && answer.transactionStatus !== '01') {
    // 04 reversed, 05/06 refund in progress, 07 suspected fraud, 09 refund refused: money may have moved.
    log.warn({ transactionStatus: answer.transactionStatus, transactionType: answer.transactionType }, 'payment reconciliation: unusual gateway status; left pending for a person to check');
    return result('needs-attention', `transaction status ${answer.transactionStatus}`);
  }
  // Not found (the citizen never reached the gateway) or not finished yet.
  const grace = opts.expiryGraceMs ?? 15 * 60_000;
  if (expireDate && now.getTime() >= expireDate.getTime() + grace) return closeAs('expired', 'payment link expired unpaid');
  if (o.dossierStatus && FINAL.includes(o.dossierStatus)) return closeAs('expired', `dossier closed (${o.dossierStatus}) unpaid`);
  return result('pending');
}

/** One reconciliation pass over every order pending for longer than `olderThanMs` (up to maxPerPass). */
export async function reconcilePayments(deps: ReconcilerDeps, opts: ReconcileOptions): Promise<ReconcileReport> {
  const now = deps.now?.() ?? clock.now();
  const createdBefore = new Date(now.getTime() - opts.olderThanMs).toISOString();
  const batchSize = opts.batchSize ?? 100;
  const maxPerPass = opts.maxPerPass ?? 1000;
  const results: ReconcileResult[] = [];
  let after: { createdAt: string; txnRef: string } | undefined;
  while (results.length < maxPerPass) {
    const limit = Math.min(batchSize, maxPerPass - results.length);
    const batch = await deps.listUnconfirmed({ createdBefore, after, limit });
    // One at a time: gentle with the gateway, and a pass is small.
    for (const o of batch) results.push(await reconcileOrder(deps, opts, o, now));
    if (batch.length < limit) break;
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.createdAt, txnRef: last.txnRef };
  }
  const counts = Object.fromEntries(OUTCOMES.map((k) => [k, 0])) as Record<ReconcileOutcome, number>;
  for (const r of results) counts[r.outcome]++;
  const changed = counts.paid + counts.failed + counts.expired + counts['refund-due'];
  deps.log[changed || counts.error || counts['needs-attention'] ? 'info' : 'debug']({ checked: results.length, ...counts }, 'payment reconciliation pass');
  return { startedAt: now.toISOString(), checked: results.length, counts, results };
}

export interface PaymentReconciler {
  /** Runs a pass now (or joins the one in progress: passes never overlap). */
  runOnce(): Promise<ReconcileReport | null>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs a pass every `intervalMs`, the first after a random delay below `firstDelayMs` (default: the interval) so
 * several API processes do not query in step. A failing pass is logged and the loop goes on.
 */
export function startPaymentReconciler(deps: ReconcilerDeps, opts: ReconcileOptions & { intervalMs: number; firstDelayMs?: number }): PaymentReconciler {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<ReconcileReport | null> | null = null;
  let stopped = false;

  const runOnce = () => {
    current ??= reconcilePayments(deps, opts)
      .catch((err: unknown) => {
        deps.log.error({ err: errorText(err) }, 'payment reconciliation pass failed');
        return null;
      })
      .finally(() => {
        current = null;
      });
    return current;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(() => schedule(opts.intervalMs));
    }, ms);
    timer.unref();
  };
  schedule(Math.floor(Math.random() * (opts.firstDelayMs ?? opts.intervalMs)));
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
