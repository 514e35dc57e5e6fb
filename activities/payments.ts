/**
 * Fee collection: one payment order per dossier and attempt, with a transaction reference derived from the dossier
 * code and the attempt number, so activity retries and worker restarts reuse the order instead of charging twice.
 * A new attempt (after the gateway reported one failed or cancelled) gets a new reference, as the gateway never
 * accepts a reference twice. The IPN callback (API) marks it paid and signals the workflow.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { paymentOrders } from '../db/schema';
import { clock } from './clock';

export interface PaymentGatewayPort {
  /** Deterministic reference for a dossier's fee line: the same dossier never gets a second charge. */
  txnRefFor(dossierCode: string, feeLine: string, attempt?: number): string;
  /** The signed URL of the provider's payment page. */
  paymentUrl(order: { txnRef: string; amountVnd: number; orderInfo: string; createdAt: Date }): string;
}

export interface PaymentRequest {
  dossierCode: string;
  fees: Array<{ code: string; name: string; amountVnd: number }>;
  applicant: { fullName: string };
  /** 1 for the first request; more after failed or cancelled attempts. */
  attempt?: number;
}

export async function requestPayment(db: Db, gateway: PaymentGatewayPort, req: PaymentRequest) {
  const amountVnd = req.fees.reduce((s, f) => s + f.amountVnd, 0);
  const txnRef = gateway.txnRefFor(req.dossierCode, 'FEES', req.attempt ?? 1);
  const existing = await db.select().from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1);
  if (existing[0]) return { txnRef, paymentUrl: existing[0].paymentUrl, amountVnd: existing[0].amountVnd };
  const paymentUrl = gateway.paymentUrl({
    txnRef,
    amountVnd,
    orderInfo: `Nop phi ho so ${req.dossierCode}${(req.attempt ?? 1) > 1 ? ` lan ${req.attempt}` : ''}`,
    createdAt: clock.now(),
  });
  await db
    .insert(paymentOrders)
    .values({ txnRef, dossierCode: req.dossierCode, amountVnd, feeLines: req.fees, paymentUrl })
    .onConflictDoNothing();
  const row = (await db.select().from(paymentOrders).where(eq(paymentOrders.txnRef, txnRef)).limit(1))[0];
  return { txnRef, paymentUrl: row.paymentUrl, amountVnd: row.amountVnd };
}
