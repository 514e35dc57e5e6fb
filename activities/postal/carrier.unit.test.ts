import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error';
import {
  HttpPostalCarrier,
  POSTAL_SIGNATURE_HEADER,
  isTerminal,
  nextStatuses,
  postalWebhookSchema,
  verifyPostalWebhook,
  type CreatePostalOrder,
  type PostalWebhook,
} from './carrier';
import { createPostalSandbox, s10TrackingNumber, type PostalSandbox } from './sandbox-carrier';

const webhookSecret = 'postal-webhook-secret';
const apiKey = 'carrier-api-key';

let server: Server;
let base: string;
let sandbox: PostalSandbox;
let http: HttpPostalCarrier;
const received: { body: PostalWebhook; valid: boolean }[] = [];

beforeAll(async () => {
  const app = express();
  sandbox = createPostalSandbox({ webhookUrl: () => `${base}/merchant/postal-webhook`, webhookSecret, apiKey });
  app.use('/sandbox/postal', sandbox.router);
  // The merchant side: verify against the raw bytes.
  app.post('/merchant/postal-webhook', express.raw({ type: 'application/json' }), (req, res) => {
    const raw = req.body as Buffer;
    const valid = verifyPostalWebhook(raw, req.get(POSTAL_SIGNATURE_HEADER), webhookSecret);
    received.push({ body: postalWebhookSchema.parse(JSON.parse(raw.toString('utf8'))), valid });
    res.status(valid ? 204 : 401).end();
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = new HttpPostalCarrier({ baseUrl: `${base}/sandbox/postal/`, apiKey, timeoutMs: 2000 });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const citizen = { name: 'Nguyễn Thị Hương', phone: '0912345678', address: 'Số 5 Lý Thái Tổ, phường Kinh Bắc', province: 'Bắc Ninh' };
const centre = { name: 'Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh', phone: '02223822000', address: 'Số 11 Phù Đổng Thiên Vương', province: 'Bắc Ninh' };
const order = (clientRef: string, kind: CreatePostalOrder['kind'] = 'collect-dossier'): CreatePostalOrder => ({
  clientRef,
  kind,
  dossierCode: '000.00.19.H26-240521-0001',
  from: kind === 'collect-dossier' ? citizen : centre,
  to: kind === 'collect-dossier' ? centre : citizen,
  note: 'Hồ sơ đăng ký khai sinh',
});

describe('postal transitions', () => {
  it('follow the kind of order', () => {
    expect(nextStatuses('collect-dossier', 'picked-up')).toEqual(['handed-to-agency', 'delivery-failed']);
    expect(nextStatuses('deliver-result', 'picked-up')).toEqual(['delivered', 'delivery-failed']);
    expect(isTerminal('collect-dossier', 'handed-to-agency')).toBe(true);
    expect(isTerminal('deliver-result', 'returned')).toBe(true);
    expect(isTerminal('deliver-result', 'delivery-failed')).toBe(false);
  });
  it('tracking numbers carry a valid S10 check digit', () => {
    expect(s10TrackingNumber('RR', 47326785)).toBe('RR473267853VN'); // weights 8,6,4,2,3,5,9,7: sum 250, 11 - 250 mod 11 = 3
    expect(s10TrackingNumber('EH', 10000001)).toMatch(/^EH\d{9}VN$/);
  });
});

describe('HttpPostalCarrier against the sandbox', () => {
  it('creates idempotently by clientRef', async () => {
    const a = await http.createOrder(order('HS0001:collect'));
    const b = await http.createOrder(order('HS0001:collect'));
    expect(b).toEqual(a);
    expect(a.status).toBe('created');
    expect(a.trackingNumber).toMatch(/^EH\d{9}VN$/);
    const c = await sandbox.carrier.createOrder(order('HS0001:collect'));
    expect(c.orderId).toBe(a.orderId);
    const other = await http.createOrder(order('HS0002:collect'));
    expect(other.orderId).not.toBe(a.orderId);
  });

  it('refuses reuse of a clientRef for a different order (409, not retryable)', async () => {
    await http.createOrder(order('HS0003:collect'));
    const err = await http.createOrder({ ...order('HS0003:collect'), note: 'khác' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'client', httpStatus: 409, retryable: false });
  });

  it('collect-dossier: created → picked-up → handed-to-agency with a hand-over record, webhooks signed', async () => {
    const { orderId } = await http.createOrder(order('HS0010:collect'));
    received.length = 0;
    await sandbox.advance(orderId);
    const { order: done } = await sandbox.advance(orderId);
    expect(done.status).toBe('handed-to-agency');
    expect(done.handoverRecordNo).toMatch(/^BBGN-\d{8}-\d{4}$/);

    const fetched = await http.getOrder(orderId);
    expect(fetched.status).toBe('handed-to-agency');
    expect(fetched.events.map((e) => e.status)).toEqual(['created', 'picked-up', 'handed-to-agency']);
    expect(fetched.handoverRecordNo).toBe(done.handoverRecordNo);

    expect(received.map((r) => [r.body.status, r.valid])).toEqual([
      ['picked-up', true],
      ['handed-to-agency', true],
    ]);
    expect(received[1]!.body).toMatchObject({ orderId, clientRef: 'HS0010:collect', handoverRecordNo: done.handoverRecordNo, dossierCode: '000.00.19.H26-240521-0001' });
    await expect(sandbox.advance(orderId)).rejects.toThrow(/cannot go from handed-to-agency/);
  });

  it('deliver-result: failed delivery then returned; an impossible jump is refused', async () => {
    const { orderId, trackingNumber } = await http.createOrder(order('HS0011:deliver', 'deliver-result'));
    expect(trackingNumber.startsWith('EK')).toBe(true);
    await expect(sandbox.advance(orderId, 'delivered')).rejects.toThrow(/cannot go from created to delivered/);
    await sandbox.advance(orderId, 'picked-up');
    await sandbox.advance(orderId, 'delivery-failed', 'Người nhận vắng nhà');
    const { order: o } = await sandbox.advance(orderId);
    expect(o.status).toBe('returned');
    expect(o.events[2]).toMatchObject({ status: 'delivery-failed', note: 'Người nhận vắng nhà' });
  });

  it('autoAdvance walks unfinished orders to the end', async () => {
    const { orderId } = await sandbox.carrier.createOrder(order('HS0012:deliver', 'deliver-result'));
    const stop = sandbox.autoAdvance(20);
    try {
      await expect.poll(async () => (await sandbox.carrier.getOrder(orderId)).status, { timeout: 3000, interval: 20 }).toBe('delivered');
    } finally {
      stop();
    }
  });

  it('getOrder of an unknown id is a non-retryable 404; a wrong key is a non-retryable 401', async () => {
    const e1 = await http.getOrder('PO999999').catch((e: unknown) => e);
    expect(e1).toMatchObject({ kind: 'client', httpStatus: 404, retryable: false });
    const bad = new HttpPostalCarrier({ baseUrl: `${base}/sandbox/postal`, apiKey: 'wrong' });
    const e2 = await bad.createOrder(order('HS0013:collect')).catch((e: unknown) => e);
    expect(e2).toMatchObject({ kind: 'client', httpStatus: 401, retryable: false });
  });

  it('validates input before sending', async () => {
    const e = await http.createOrder({ ...order('HS0014:collect'), from: { ...citizen, phone: '12' } }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'validation', retryable: false });
    expect((e as Error).message).toContain('from.phone');
  });
});

describe('verifyPostalWebhook', () => {
  it('rejects tampered bodies, wrong secrets and malformed signatures', async () => {
    const body = JSON.stringify({ orderId: 'PO1', status: 'delivered' });
    const { signPostalWebhook } = await import('./carrier');
    const sig = signPostalWebhook(body, webhookSecret);
    expect(verifyPostalWebhook(body, sig, webhookSecret)).toBe(true);
    expect(verifyPostalWebhook(Buffer.from(body), sig.toUpperCase(), webhookSecret)).toBe(true);
    expect(verifyPostalWebhook(body.replace('delivered', 'returned'), sig, webhookSecret)).toBe(false);
    expect(verifyPostalWebhook(body, sig, 'other')).toBe(false);
    expect(verifyPostalWebhook(body, undefined, webhookSecret)).toBe(false);
    expect(verifyPostalWebhook(body, 'abc', webhookSecret)).toBe(false);
  });
});

describe('HttpPostalCarrier error classification', () => {
  let fake: Server;
  let mode: '500' | 'hang' | 'html' = '500';
  beforeAll(async () => {
    fake = createServer((_req, res) => {
      if (mode === '500') res.writeHead(502).end('bad gateway');
      else if (mode === 'html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      // 'hang': never answer
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    fake.closeAllConnections();
    await new Promise((r) => fake.close(r));
  });
  const client = () => new HttpPostalCarrier({ baseUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, apiKey, timeoutMs: 200 });

  it('5xx and timeouts are retryable; garbage is not; connection refused is retryable', async () => {
    mode = '500';
    expect(await client().getOrder('PO1').catch((e: unknown) => e)).toMatchObject({ kind: 'server', httpStatus: 502, retryable: true });
    mode = 'hang';
    expect(await client().getOrder('PO1').catch((e: unknown) => e)).toMatchObject({ kind: 'timeout', retryable: true });
    mode = 'html';
    expect(await client().getOrder('PO1').catch((e: unknown) => e)).toMatchObject({ kind: 'protocol', retryable: false });
    const refused = new HttpPostalCarrier({ baseUrl: 'http://127.0.0.1:1', apiKey });
    expect(await refused.getOrder('PO1').catch((e: unknown) => e)).toMatchObject({ kind: 'network', retryable: true });
  });
});
