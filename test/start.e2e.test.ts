/**
 * `npm start` as a newcomer runs it: embedded PostgreSQL + Temporal dev server + worker + API in one process tree.
 * Receives and approves dossiers over HTTP, stops with SIGINT leaving nothing behind, and keeps data across a restart;
 * fees are paid on the sandbox gateway's page, and a result sent by post travels to "delivered" through the sandbox
 * carrier (moved on demand over its HTTP API rather than waiting for its 15-second schedule).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../api/auth';
import { DEV_JWT_SECRET } from '../scripts/config';
import { freePort } from './ports';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-start-'));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as its own user
let env: Record<string, string>;
let output = '';
let current: ChildProcess | null = null;

async function launch(): Promise<ChildProcess> {
  output = '';
  // Straight `node --import tsx`, so SIGINT reaches our process as Ctrl-C would, without a wrapper in between.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  current = child;
  child.stdout!.on('data', (d) => (output += d.toString()));
  child.stderr!.on('data', (d) => (output += d.toString()));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Hệ thống đã sẵn sàng')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });

async function api(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${env.PORT}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The citizen's lookup (no account): dossier code + last 4 digits of the phone. */
async function lookup(code: string, secret: string) {
  const res = await fetch(`http://127.0.0.1:${env.PORT}/api/public/lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, secret }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Pays a fee on the sandbox gateway's page as a browser would: open the page, press "Thanh toán". */
async function payOnSandboxPage(paymentUrl: string) {
  const page = await fetch(paymentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const txnRef = /name="txnRef" value="([^"]+)"/.exec(html)![1];
  const paid = await fetch(new URL('pay', paymentUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ txnRef }),
    redirect: 'manual',
  });
  expect(paid.status).toBe(302);
  return html;
}

async function poll<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

afterAll(async () => {
  // A failed assertion must not leave the system running.
  if (current && current.exitCode === null && current.signalCode === null) await stop(current);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('runs the whole system, stops cleanly on Ctrl-C and keeps data across a restart', async () => {
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      AGENCY_CODE: 'E2E.H26',
      LOG_LEVEL: 'warn',
    };
    const reception = await issueToken(DEV_JWT_SECRET, { id: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] });
    const officer = await issueToken(DEV_JWT_SECRET, { id: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });

    let child = await launch();
    expect(output).toContain(`Temporal UI:  http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    expect(output).toContain('Đối soát thanh toán (querydr) mỗi 300 giây');
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(health.status).toBe(200);

    const created = await api('POST', '/api/dossiers', reception, {
      procedureCode: '2.000815',
      feeFacts: { pages: 1 },
      channel: 'counter',
      applicant: { fullName: 'Trần Văn Bình', phone: '0987654321' },
    });
    expect(created.status).toBe(201);
    const code = created.body.code as string;
    let found;
    for (let i = 0; i < 100; i++) {
      found = await api('GET', `/api/dossiers/${code}`, officer);
      if (found.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(found!.body.status).toBe('PROCESSING');
    // The receipt SMS went over the gateway protocol to the local SMS sandbox, whose page shows it.
    const inbox = await poll(
      async () => ({ text: await (await fetch(`http://127.0.0.1:${env.PORT}/sandbox/notify`)).text() }),
      (r) => r.text.includes(code),
      90_000,
    );
    expect(inbox.text).toContain('84987654321');
    expect(inbox.text).toContain('đã được tiếp nhận');
    const approved = await api('POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, officer, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const awaiting = await poll(() => api('GET', `/api/dossiers/${code}`, officer), (r) => r.body.status === 'AWAITING_PAYMENT' && !!r.body.fees.paymentUrl);

    // A second dossier whose result goes back by post (bưu chính công ích).
    const byPost = await api('POST', '/api/dossiers', reception, {
      procedureCode: '2.000815',
      feeFacts: { pages: 1 },
      channel: 'counter',
      returnMethod: 'postal',
      applicant: { fullName: 'Hoàng Thị Mai', phone: '0901234567', address: 'Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng', province: 'Hà Nội' },
    });
    expect(byPost.status).toBe(201);
    const postCode = byPost.body.code as string;
    await poll(() => api('GET', `/api/dossiers/${postCode}`, officer), (r) => r.body.status === 'PROCESSING');
    expect((await api('POST', `/api/dossiers/${postCode}/steps/chung-thuc/decision`, officer, { decision: 'approve' })).status).toBe(200);
    const postAwaiting = await poll(() => api('GET', `/api/dossiers/${postCode}`, officer), (r) => r.body.status === 'AWAITING_PAYMENT' && !!r.body.fees.paymentUrl);

    expect(await stop(child), output).toBe(0);
    for (const p of [env.PORT, env.EMBEDDED_PG_PORT, env.TEMPORAL_DEV_PORT, env.TEMPORAL_UI_PORT]) {
      expect(await portOpen(Number(p)), `port ${p} still open`).toBe(false);
    }

    // Restart on the same data directory: the dossier is still in PostgreSQL and its workflow in Temporal.
    child = await launch();
    const again = await api('GET', `/api/dossiers/${code}`, officer);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('AWAITING_PAYMENT');
    // The citizen pays on the sandbox gateway page, as in a browser; its IPN reaches the restarted workflow.
    expect(await payOnSandboxPage(awaiting.body.fees.paymentUrl)).toContain('2.000');
    const ready = await poll(() => api('GET', `/api/dossiers/${code}`, officer), (r) => r.body.status === 'RESULT_READY');
    expect(ready.body.events.map((e: { type: string }) => e.type)).toContain('FEES_PAID');

    // The postal dossier: paid the same way, then its result is handed to the post and travels to the citizen.
    await payOnSandboxPage(postAwaiting.body.fees.paymentUrl);
    const shipped = await poll(() => api('GET', `/api/dossiers/${postCode}`, officer), (r) => !!r.body.postal?.orderId);
    expect(shipped.body.postal.trackingNumber).toMatch(/^EK\d{9}VN$/);
    expect(shipped.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['FEES_PAID', 'RESULT_READY', 'POSTAL_ORDER_CREATED']));
    const inTransit = await lookup(postCode, '4567');
    expect(inTransit.status).toBe(200);
    expect(inTransit.body.message).toContain('đang được gửi qua bưu chính');
    expect(inTransit.body.postal).toMatchObject({ trackingNumber: shipped.body.postal.trackingNumber });
    // Move the parcel along now through the sandbox carrier's HTTP API (created → picked-up → delivered); its own
    // 15-second schedule may move it too, so a step it already took is answered 409 and we just look again.
    const orderId = shipped.body.postal.orderId as string;
    const seen: string[] = [];
    const delivered = await poll(
      async () => {
        const res = await fetch(`http://127.0.0.1:${env.PORT}/sandbox/postal/orders/${orderId}/advance`, { method: 'POST' });
        expect([200, 409]).toContain(res.status);
        if (res.status === 200) seen.push(((await res.json()) as { status: string }).status);
        else await res.arrayBuffer();
        return api('GET', `/api/dossiers/${postCode}`, officer);
      },
      (r) => r.body.status === 'RETURNED',
    );
    expect(seen.at(-1) ?? 'delivered').toBe('delivered');
    expect(delivered.body.postal.status).toBe('delivered');
    const tracking = delivered.body.events.filter((e: { type: string }) => e.type === 'POSTAL_TRACKING').map((e: { data: { status: string } }) => e.data.status);
    expect(tracking).toEqual(['picked-up', 'delivered']);
    const returned = delivered.body.events.find((e: { type: string }) => e.type === 'RETURNED');
    expect(returned.summary).toBe('Đã trả kết quả (qua bưu chính)');
    const citizen = await lookup(postCode, '4567');
    expect(citizen.body).toMatchObject({
      code: postCode,
      status: 'RETURNED',
      statusLabel: 'Đã trả kết quả',
      fees: { totalVnd: 2000, paid: true },
      postal: { trackingNumber: shipped.body.postal.trackingNumber, status: 'delivered', statusLabel: 'Đã phát thành công' },
    });
    expect(await stop(child), output).toBe(0);
  });
});
