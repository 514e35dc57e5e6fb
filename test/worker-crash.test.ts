/**
 * Exactly once across worker crashes: a real worker process (test/fixtures/crash-worker.ts) is SIGKILLed in the
 * middle of a payment request (after the payment order was written, before the activity completed) and another in
 * the middle of a postal order (after the carrier booked it, before it was recorded in our database). Workers
 * started afterwards on the same task queue retry the activities once Temporal times the lost attempts out (the
 * workflow's 30 s start-to-close), and afterwards there is exactly one charge and one postal order.
 *
 * The payment gateway is the test API's VNPay sandbox (paid through the real IPN route); the postal carrier is the
 * HTTP sandbox running in this process, shared by every worker through HttpPostalCarrier, so its state survives the
 * kills; its webhooks reach the test API, which signals the dossier.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { HttpPostalCarrier } from '../activities/postal/carrier';
import { createPostalSandbox, type PostalSandbox } from '../activities/postal/sandbox-carrier';
import { createLogger } from '../api/logging';
import { allocateDossierCode } from '../db/repositories/dossier-codes';
import { loadConfig } from '../scripts/config';
import { POSTAL_WEBHOOK_PATH } from '../scripts/services';
import { activityDeps, TEST_CENTRE } from '../scripts/activity-deps';
import { createDossierWorker } from '../scripts/worker';
import { decideStepUpdate, type DossierInput, type DossierView } from '../workflows/shared/dossier';
import { ProcedureCodeKey } from '../workflows/shared/search-attributes';
import { waitFor } from './api-fixtures';
import { startTestStack, type TestStack } from './harness';

const POSTAL_API_KEY = 'crash-test-postal-key';
const crashWorkerPath = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url));

let stack: TestStack;
let postal: PostalSandbox;
let postalServer: Server;
let postalUrl: string;
const children = new Set<ChildProcess>();
let survivor: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;

beforeAll(async () => {
  stack = await startTestStack();
  const config = loadConfig({});
  postal = createPostalSandbox({
    webhookUrl: () => `${stack.apiUrl}${POSTAL_WEBHOOK_PATH}`,
    webhookSecret: config.postal.webhookSecret,
    apiKey: POSTAL_API_KEY,
  });
  const app = express();
  app.use('/api', postal.router);
  postalServer = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  postalUrl = `http://127.0.0.1:${(postalServer.address() as { port: number }).port}/api`;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (survivor) {
    survivor.worker.shutdown();
    await survivor.running;
    await survivor.connection.close();
  }
  if (postalServer) await new Promise<void>((r) => { postalServer.close(() => r()); postalServer.closeAllConnections(); });
  await stack?.stop();
});

/** Starts the crash worker process; resolves once it polls. `lines` collects everything it prints. */
async function startCrashWorker(taskQueue: string, arm: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', crashWorkerPath], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: inject('databaseUrl'),
      TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      API_URL: stack.apiUrl,
      POSTAL_URL: postalUrl,
      POSTAL_API_KEY,
      CRASH_ARM: arm,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  /** The first printed line starting with `prefix`. */
  const line = (prefix: string, timeoutMs: number) =>
    waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`crash worker exited (${child.exitCode}): ${stderr.slice(-2000)}`);
      return lines.find((l) => l.startsWith(prefix));
    }, timeoutMs);
  await line('READY', 60_000);
  return {
    line,
    async kill() {
      const exited = once(child, 'exit');
      expect(child.kill('SIGKILL')).toBe(true);
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    },
  };
}

const eventsOf = (code: string) =>
  stack.database.sql<Array<{ type: string; data: any }>>`select type, data from dossier_events where dossier_code = ${code} order by seq`;
const paymentRows = (code: string) =>
  stack.database.sql<Array<{ txn_ref: string; payment_url: string; status: string; amount_vnd: number }>>`
    select txn_ref, payment_url, status, amount_vnd from payment_orders where dossier_code = ${code}`;
const postalRows = (code: string) =>
  stack.database.sql<Array<{ order_id: string; tracking_number: string; status: string; client_ref: string }>>`
    select order_id, tracking_number, status, client_ref from postal_orders where dossier_code = ${code}`;
const carrierOrders = (code: string) => postal.orders().filter((o) => o.dossierCode === code);
/** Waits (up to 90 s: a lost attempt times out after 30 s, then the sticky queue after 10 s) for a read-model event. */
const eventually = (code: string, type: string) =>
  waitFor(async () => ((await eventsOf(code)).some((e) => e.type === type) ? true : undefined), 90_000);

describe('worker killed during a payment and a postal order', () => {
  it('ends with exactly one charge and one postal order, and the dossier is returned by post', { timeout: 300_000 }, async () => {
    const taskQueue = `crash-${stack.taskQueue}`;
    const code = await allocateDossierCode(stack.database.db, 'TEST.H26');
    const input: DossierInput = {
      code,
      procedureCode: '2.000815',
      procedureVersion: 1,
      feeFacts: { pages: 1 },
      channel: 'counter',
      applicant: { fullName: 'Võ Thị Lan', phone: '0935111222', address: '12 Trần Phú, xã Thử', province: 'Tỉnh thử' },
      submittedPapers: [],
      receivedBy: { userId: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] },
      returnMethod: 'postal',
    };

    // ---- worker 1: killed while the payment request is in flight
    const first = await startCrashWorker(taskQueue, 'payment,postal');
    const handle = await stack.client.workflow.start('dossier', {
      workflowId: code,
      taskQueue,
      args: [input],
      typedSearchAttributes: [{ key: ProcedureCodeKey, value: '2.000815' }],
    });
    await handle.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'chung-thuc', decision: 'approve', actor: { userId: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] } }],
    });
    const inPayment = await first.line('IN_PAYMENT', 30_000);
    const txnRef = inPayment.split(' ')[1]!;
    // The payment order was written before the crash; the workflow has not heard back.
    const beforeKill = await paymentRows(code);
    expect(beforeKill).toHaveLength(1);
    expect(beforeKill[0]).toMatchObject({ txn_ref: txnRef, status: 'pending', amount_vnd: 2000 });
    await first.kill();
    expect((await eventsOf(code)).map((e) => e.type)).not.toContain('PAYMENT_REQUESTED');

    // ---- worker 2: retries the payment request (reusing the order), then is killed in the postal order
    const second = await startCrashWorker(taskQueue, 'postal');
    await eventually(code, 'PAYMENT_REQUESTED');
    const afterRetry = await paymentRows(code);
    expect(afterRetry).toHaveLength(1);
    expect(afterRetry[0]!.payment_url).toBe(beforeKill[0]!.payment_url);
    const requested = (await eventsOf(code)).filter((e) => e.type === 'PAYMENT_REQUESTED');
    expect(requested).toHaveLength(1);
    expect(requested[0]!.data.txnRef).toBe(txnRef);
    const [snapshot] = await stack.database.sql<Array<{ snapshot: DossierView }>>`select snapshot from dossiers where code = ${code}`;
    expect(snapshot!.snapshot.fees).toMatchObject({ txnRef, paymentUrl: beforeKill[0]!.payment_url, totalVnd: 2000 });

    // The citizen pays on the gateway page the workflow exposes; the IPN marks the one order paid.
    const gateway = stack.services.paymentSandbox!;
    const txn = gateway.open(snapshot!.snapshot.fees.paymentUrl!);
    expect(txn).toMatchObject({ txnRef, amount: '200000' });
    const paid = await gateway.pay(txnRef);
    expect(paid.delivery.answer).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect((await gateway.replayIpn(txnRef)).answer?.RspCode).toBe('02'); // already confirmed: no second charge

    const inPostal = await second.line('IN_POSTAL', 30_000);
    const bookedId = inPostal.split(' ')[1]!;
    // The carrier booked the order, our database has not recorded it yet.
    expect(carrierOrders(code).map((o) => o.orderId)).toEqual([bookedId]);
    expect(await postalRows(code)).toHaveLength(0);
    await second.kill();

    // ---- worker 3 (in-process, nothing armed): retries the postal order, which the carrier recognises
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const worker = await createDossierWorker({
      connection,
      namespace: 'default',
      taskQueue,
      deps: activityDeps({
        database: stack.database,
        log: createLogger('warn'),
        payments: stack.services.payments,
        postal: new HttpPostalCarrier({ baseUrl: postalUrl, apiKey: POSTAL_API_KEY }),
        centre: TEST_CENTRE,
      }),
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    survivor = { worker, running: worker.run(), connection };
    await eventually(code, 'POSTAL_ORDER_CREATED');
    const recorded = await postalRows(code);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ order_id: bookedId, client_ref: `${code}:deliver-result` });
    expect(carrierOrders(code)).toHaveLength(1);

    // The post delivers; its signed webhooks reach the API, which signals the dossier.
    expect((await postal.advance(bookedId)).delivery.httpStatus).toBe(204);
    expect((await postal.advance(bookedId, 'delivered')).delivery.httpStatus).toBe(204);
    const result = await handle.result();
    expect(result.status).toBe('RETURNED');
    expect(result.postal).toMatchObject({ orderId: bookedId, trackingNumber: recorded[0]!.tracking_number, status: 'delivered' });
    expect(result.fees).toMatchObject({ txnRef, paymentUrl: beforeKill[0]!.payment_url });
    expect(result.fees.paidAt).toBeTruthy();

    // Exactly one charge and one order, everywhere.
    const finalPayments = await paymentRows(code);
    expect(finalPayments).toHaveLength(1);
    expect(finalPayments[0]).toMatchObject({ txn_ref: txnRef, status: 'paid' });
    expect(gateway.deliveries.filter((d) => d.txnRef === txnRef && d.answer?.RspCode === '00')).toHaveLength(1);
    expect(carrierOrders(code)).toHaveLength(1);
    expect(await postalRows(code)).toEqual([expect.objectContaining({ order_id: bookedId, status: 'delivered' })]);
    const types = (await waitFor(async () => {
      const ev = await eventsOf(code);
      return ev.some((e) => e.type === 'SURVEY_INVITED') ? ev : undefined;
    })).map((e) => e.type);
    for (const type of ['PAYMENT_REQUESTED', 'FEES_PAID', 'POSTAL_ORDER_CREATED', 'RETURNED']) {
      expect(types.filter((t) => t === type), type).toHaveLength(1);
    }

    // The kills really interrupted the activities: both completed on their second attempt, after a timeout.
    const history = await handle.fetchHistory();
    const scheduled = new Map<string, string>();
    const attempts: Record<string, number[]> = {};
    for (const e of history.events ?? []) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) scheduled.set(String(e.eventId), s.activityType?.name ?? '');
      const st = e.activityTaskStartedEventAttributes;
      if (st) {
        const name = scheduled.get(String(st.scheduledEventId))!;
        (attempts[name] ??= []).push(st.attempt ?? 0);
        if (name === 'requestPayment' || name === 'createPostalOrder') expect(st.lastFailure?.timeoutFailureInfo).toBeTruthy();
      }
    }
    expect(attempts.requestPayment).toEqual([2]);
    expect(attempts.createPostalOrder).toEqual([2]);
  });
});
