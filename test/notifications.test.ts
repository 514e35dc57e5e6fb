/**
 * The notification outbox on real PostgreSQL with the SMS adapter against the gateway sandbox: a provider outage
 * never fails the activity (the dossier goes on); the dispatcher retries with backoff until sent; refusals and
 * exhausted attempts end as failed; a retried activity or a second dispatcher never sends twice.
 */
import express from 'express';
import type { Server } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { logTransport, MAX_DELIVERY_ATTEMPTS, Notifier, retryDelayMs, type NotificationRequest } from '../activities/notifications';
import { createNotificationSandbox } from '../activities/notify-transports/sandbox';
import { smsGatewayTransport } from '../activities/notify-transports/sms-gateway';
import { connectDatabase, type Database } from '../db/client';

const sandbox = createNotificationSandbox();
let server: Server;
let database: Database;
let clock = new Date('2026-12-01T02:00:00Z');
const log = pino({ level: 'silent' });
let notifier: Notifier;

beforeAll(async () => {
  database = connectDatabase(inject('databaseUrl'));
  const app = express();
  app.use('/sandbox/notify', sandbox.router);
  server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sandbox/notify/sms`;
  notifier = new Notifier(
    database.db,
    new Map([
      ['sms', smsGatewayTransport({ url, apiKey: sandbox.credentials.smsApiKey, brandname: 'TTHCC' })],
      ['internal', logTransport(log, 'internal')],
    ]),
    { log, now: () => clock },
  );
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await database?.close();
});

let n = 0;
const request = (phone = '0912345678'): NotificationRequest => ({
  key: `NOTIFY.TEST-${Date.now()}-${++n}:1:citizen`,
  dossierCode: `NOTIFY.TEST-${n}`,
  audience: 'citizen',
  recipient: { name: 'Trần Văn Bình', phone },
  template: 'receipt',
  params: { code: `NOTIFY.TEST-${n}`, procedure: 'Chứng thực bản sao', dueAt: '2026-12-01T10:00:00.000Z' },
});
const row = async (key: string) => (await database.sql`select * from notification_outbox where key = ${key} and channel = 'sms'`)[0]!;
const sentTo = (key: string) => sandbox.messages.filter((m) => m.clientRef === key);

describe('notification outbox', () => {
  it('survives a gateway outage: recorded for retry, then sent by the dispatcher, once', async () => {
    const req = request();
    sandbox.failNext(1, 503);
    const first = await notifier.notify(req);
    expect(first.delivery).toEqual({ sms: 'retry' });
    let r = await row(req.key);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringContaining('503') });
    expect(new Date(r.next_attempt_at).getTime()).toBe(clock.getTime() + retryDelayMs(1));

    // The activity retried: the row belongs to the dispatcher now, nothing is sent twice or early.
    expect((await notifier.notify(req)).delivery).toEqual({ sms: 'skipped' });
    expect(await notifier.dispatchDue()).toMatchObject({ sent: 0 });
    expect(sentTo(req.key)).toHaveLength(0);

    clock = new Date(clock.getTime() + retryDelayMs(1));
    // Two dispatchers (two worker processes) at once: one sends.
    const passes = await Promise.all([notifier.dispatchDue(), notifier.dispatchDue()]);
    expect(passes.reduce((s, p) => s + p.sent, 0)).toBe(1);
    r = await row(req.key);
    expect(r).toMatchObject({ status: 'sent', attempts: 2, last_error: null, next_attempt_at: null });
    expect(sentTo(req.key)).toEqual([expect.objectContaining({ to: '84912345678', text: expect.stringContaining('đã được tiếp nhận') })]);
  });

  it('gives up at once on a refusal (bad number) and after the last attempt on an outage', async () => {
    const bad = request('12345');
    expect((await notifier.notify(bad)).delivery).toEqual({ sms: 'failed' });
    expect(await row(bad.key)).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });

    const req = request();
    sandbox.failNext(100, 503);
    expect((await notifier.notify(req)).delivery).toEqual({ sms: 'retry' });
    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      clock = new Date(clock.getTime() + retryDelayMs(attempt - 1));
      await notifier.dispatchDue();
      expect((await row(req.key)).attempts).toBe(attempt);
    }
    expect(await row(req.key)).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, next_attempt_at: null });
    sandbox.failNext(0);
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    await notifier.dispatchDue();
    expect(sentTo(req.key)).toHaveLength(0);
  });
});
