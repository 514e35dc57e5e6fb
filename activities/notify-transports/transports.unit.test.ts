/**
 * The notification adapters against their counterparts on loopback: the SMS gateway and Zalo ZNS sandbox (same
 * protocol as the real services) and a real SMTP server (smtp-server), reading back what arrived.
 */
import express from 'express';
import type { Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../provider-error';
import { internationalPhone } from './phone';
import { createNotificationSandbox } from './sandbox';
import { smsGatewayTransport } from './sms-gateway';
import { smtpTransport } from './smtp';
import { zaloZnsTransport, znsTemplateData } from './zalo-zns';

const sandbox = createNotificationSandbox();
let server: Server;
let base = '';
const citizen = { name: 'Nguyễn Thị Hương', phone: '0912 345 678', email: 'huong@example.vn' };
const message = (over: Partial<{ key: string; template: string; params: Record<string, unknown>; body: string }> = {}) => ({
  key: 'H26-251201-0001:3:citizen',
  template: 'receipt',
  params: { code: 'H26-251201-0001', procedure: 'Chứng thực bản sao', dueAt: '2025-12-03T10:00:00.000Z' },
  body: 'Hồ sơ H26-251201-0001 (Chứng thực bản sao) đã được tiếp nhận. Hẹn trả kết quả: 17:00 03/12/2025.',
  ...over,
});
const failure = async (p: Promise<unknown>): Promise<ProviderError> => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!isProviderError(e)) throw new Error(`expected a ProviderError, got ${String(e)}`);
  return e;
};

beforeAll(async () => {
  const app = express();
  app.use('/sandbox/notify', sandbox.router);
  server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/sandbox/notify`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('phone numbers', () => {
  it('normalises Vietnamese mobile numbers to 84…, refuses others', () => {
    expect(internationalPhone('0912345678')).toBe('84912345678');
    expect(internationalPhone('+84 912.345.678')).toBe('84912345678');
    expect(internationalPhone('84912345678')).toBe('84912345678');
    expect(internationalPhone('12345')).toBeNull();
  });
});

describe('SMS gateway adapter', () => {
  const sms = (apiKey = sandbox.credentials.smsApiKey) => smsGatewayTransport({ url: `${base}/sms`, apiKey, brandname: 'TTHCC' });

  it('sends the Vietnamese text once per outbox key', async () => {
    await sms().send(citizen, message());
    await sms().send(citizen, message()); // a resend after a lost answer
    const got = sandbox.messages.filter((m) => m.channel === 'sms' && m.clientRef === message().key);
    expect(got).toEqual([expect.objectContaining({ to: '84912345678', text: message().body })]);
  });

  it('classifies failures: provider down is retried, refusals and bad numbers are not', async () => {
    sandbox.failNext(1, 503);
    expect(await failure(sms().send(citizen, message({ key: 'k-503' })))).toMatchObject({ kind: 'server', retryable: true });
    expect(await failure(sms('wrong-key').send(citizen, message({ key: 'k-401' })))).toMatchObject({ kind: 'client', retryable: false, httpStatus: 401 });
    expect(await failure(sms().send({ phone: '123' }, message({ key: 'k-bad' })))).toMatchObject({ kind: 'validation', retryable: false });
    const dead = smsGatewayTransport({ url: 'http://127.0.0.1:9/sms', apiKey: 'x', brandname: 'TTHCC' });
    expect(await failure(dead.send(citizen, message({ key: 'k-net' })))).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('Zalo ZNS adapter', () => {
  const zns = (templates: Record<string, string> = { receipt: '231456' }, token = sandbox.credentials.znsAccessToken) =>
    zaloZnsTransport({ accessToken: token, templates, url: `${base}/zns` });

  it('sends the approved template with its data as strings, dates in Vietnam time', async () => {
    await zns().send(citizen, message({ key: 'zns-1' }));
    const m = sandbox.messages.find((x) => x.channel === 'zalo' && x.clientRef === 'zns-1')!;
    expect(m.to).toBe('84912345678');
    expect(m.text).toBe(`231456 ${JSON.stringify({ code: 'H26-251201-0001', procedure: 'Chứng thực bản sao', dueAt: '17:00 03/12/2025' })}`);
    expect(znsTemplateData({ items: ['Bản sao CCCD', 'Tờ khai'], n: 2, none: null })).toEqual({ items: 'Bản sao CCCD; Tờ khai', n: '2' });
  });

  it('treats a refusal (error ≠ 0) and a missing template as final, an outage as transient', async () => {
    expect(await failure(zns({ receipt: '231456' }, 'expired').send(citizen, message({ key: 'zns-2' })))).toMatchObject({
      kind: 'rejected', providerCode: '-124', retryable: false,
    });
    expect(await failure(zns({}).send(citizen, message({ key: 'zns-3' })))).toMatchObject({ kind: 'validation', retryable: false });
    sandbox.failNext(1, 502);
    expect(await failure(zns().send(citizen, message({ key: 'zns-4' })))).toMatchObject({ kind: 'server', retryable: true });
  });
});

describe('SMTP adapter', () => {
  const received: Array<{ from: string; to: string[]; raw: string }> = [];
  let smtp: SMTPServer;
  let port = 0;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, cb) {
        if (address.address.endsWith('@refused.example')) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    port = (smtp.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

  it('delivers a UTF-8 message with a Vietnamese subject and the outbox key', async () => {
    const mail = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'Trung tâm PVHCC <noreply@motcua.example>' });
    await mail.send(citizen, message());
    expect(received).toHaveLength(1);
    const { raw, to, from } = received[0]!;
    expect(to).toEqual(['huong@example.vn']);
    expect(from).toBe('noreply@motcua.example');
    expect(raw).toContain(`X-Mot-Cua-Key: ${message().key}`);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Tiếp nhận hồ sơ H26-251201-0001');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : null).toMatchObject({ name: 'Nguyễn Thị Hương', address: 'huong@example.vn' });
    const text = parsed.text ?? '';
    expect(text).toContain('Hẹn trả kết quả: 17:00 03/12/2025');
  });

  it('does not retry an address the server refuses; retries when the server is unreachable', async () => {
    const mail = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'noreply@motcua.example' });
    expect(await failure(mail.send({ email: 'x@refused.example' }, message()))).toMatchObject({ kind: 'rejected', retryable: false });
    const down = smtpTransport({ url: 'smtp://127.0.0.1:9', from: 'noreply@motcua.example' });
    expect((await failure(down.send(citizen, message()))).retryable).toBe(true);
  });
});
