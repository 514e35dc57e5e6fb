/**
 * Local stand-in for the SMS gateway and Zalo ZNS (mounted at /sandbox/notify): it answers both protocols as the
 * adapters expect, keeps what it received in memory, and shows it on a page, so that whoever runs `npm start` sees
 * the messages a citizen would get. Test controls make it refuse or fail on purpose.
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { nowIso } from '../clock';

export interface SandboxMessage {
  channel: 'sms' | 'zalo';
  to: string;
  /** SMS text, or the ZNS template ID with its data. */
  text: string;
  clientRef: string;
  messageId: string;
  at: string;
}

export interface NotificationSandbox {
  router: Router;
  messages: SandboxMessage[];
  /** The next `n` requests answer HTTP `status` (default 503: provider down). */
  failNext(n: number, status?: number): void;
  credentials: { smsApiKey: string; znsAccessToken: string };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sandbox's fixed credentials (it runs only on this machine; the adapters still send them as for real). */
export const defaultSandboxCredentials = { smsApiKey: 'sandbox-sms-key', znsAccessToken: 'sandbox-zns-token' };

export function createNotificationSandbox(credentials = defaultSandboxCredentials): NotificationSandbox {
  const messages: SandboxMessage[] = [];
  let failures = { left: 0, status: 503 };
  const router = Router();
  router.use(express.json());

  const failing = (res: express.Response) => {
    if (failures.left <= 0) return false;
    failures.left--;
    res.status(failures.status).json({ error: 'sandbox: simulated failure' });
    return true;
  };
  /** The same client reference twice is one message (the adapters resend after a lost answer). */
  const record = (m: Omit<SandboxMessage, 'messageId' | 'at'>): SandboxMessage => {
    const seen = messages.find((x) => x.channel === m.channel && x.clientRef === m.clientRef);
    if (seen) return seen;
    const stored = { ...m, messageId: randomUUID(), at: nowIso() };
    messages.push(stored);
    return stored;
  };

  router.post('/sms', (req, res) => {
    if (failing(res)) return;
    if (req.header('authorization') !== `Bearer ${credentials.smsApiKey}`) return void res.status(401).json({ error: 'bad api key' });
    const { to, text, brandname, clientRef } = req.body ?? {};
    if (typeof to !== 'string' || !/^84\d{9,10}$/.test(to) || typeof text !== 'string' || !text || typeof brandname !== 'string') {
      return void res.status(400).json({ error: 'to (84…), brandname and text are required' });
    }
    res.json({ messageId: record({ channel: 'sms', to, text, clientRef: String(clientRef ?? '') }).messageId });
  });

  router.post('/zns', (req, res) => {
    if (failing(res)) return;
    if (req.header('access_token') !== credentials.znsAccessToken) return void res.json({ error: -124, message: 'Access token invalid' });
    const { phone, template_id: templateId, template_data: data, tracking_id: trackingId } = req.body ?? {};
    if (typeof phone !== 'string' || !/^84\d{9,10}$/.test(phone)) return void res.json({ error: -108, message: 'Phone number invalid' });
    if (typeof templateId !== 'string' || !templateId || typeof data !== 'object' || !data) {
      return void res.json({ error: -1, message: 'template_id and template_data are required' });
    }
    const m = record({ channel: 'zalo', to: phone, text: `${templateId} ${JSON.stringify(data)}`, clientRef: String(trackingId ?? '') });
    res.json({ error: 0, message: 'Success', data: { msg_id: m.messageId, sent_time: String(Date.parse(m.at)) } });
  });

  router.get('/', (_req, res) => {
    const rows = [...messages]
      .reverse()
      .map((m) => `<tr><td>${esc(m.at)}</td><td>${m.channel === 'sms' ? 'SMS' : 'Zalo ZNS'}</td><td>${esc(m.to)}</td><td>${esc(m.text)}</td></tr>`)
      .join('');
    res.type('html').send(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Hộp thư thử nghiệm (SMS, Zalo)</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}` +
        `td,th{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}</style></head><body>` +
        `<h1>Hộp thư thử nghiệm: tin nhắn gửi công dân</h1><p>Môi trường thử nghiệm: tin nhắn SMS và Zalo không được gửi thật, chỉ hiển thị ở đây.</p>` +
        `<table><thead><tr><th>Thời điểm (UTC)</th><th>Kênh</th><th>Số nhận</th><th>Nội dung</th></tr></thead><tbody>${rows || '<tr><td colspan="4">Chưa có tin nhắn.</td></tr>'}</tbody></table></body></html>`,
    );
  });

  return {
    router,
    messages,
    credentials,
    failNext(n, status = 503) {
      failures = { left: n, status };
    },
  };
}
