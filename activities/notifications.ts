/**
 * Citizen and staff notifications through one interface. Every notification is first written to the outbox
 * (unique per event, audience and channel), so a retried activity or a replay never sends twice, and what was sent
 * is visible. Transports deliver pending rows: the local one writes to the log; SMS (HTTP gateway), Zalo ZNS and
 * e-mail (SMTP) adapters are in activities/notify-transports/.
 *
 * A provider outage never holds a dossier up: the activity writes the outbox and tries each channel once; a failed
 * delivery stays pending with a retry time, and the dispatcher (dispatchDue, run on a timer next to the worker)
 * retries it with backoff until it is sent, refused for good, or out of attempts.
 */
import { departmentName } from '../workflows/procedures/departments';
import { currentRequestId } from './request-context';
import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { isProviderError } from './provider-error';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { notificationOutbox } from '../db/schema';
import { formatVietnamTime } from '../workflows/shared/format';
import { clock } from './clock';

export type NotificationChannel = 'sms' | 'email' | 'zalo' | 'internal';

export interface NotificationRequest {
  /** `<dossier>:<event seq>:<audience>[:<unit>]` — the exactly-once key. */
  key: string;
  dossierCode: string;
  audience: 'citizen' | 'department' | 'supervisor';
  recipient: { name?: string; phone?: string; email?: string; unit?: string };
  template: string;
  params: Record<string, unknown>;
}

export interface OutgoingMessage {
  /** The outbox key: providers that accept a client reference get it, so a resend can be recognised. */
  key: string;
  template: string;
  params: Record<string, unknown>;
  /** The rendered Vietnamese text. */
  body: string;
}

export interface NotificationTransport {
  channel: NotificationChannel;
  /** Throws a ProviderError (retryable or not) when the provider does not take the message. */
  send(to: NotificationRequest['recipient'], message: OutgoingMessage): Promise<void>;
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/** Attempts per outbox row before it is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** Wait after the n-th failed attempt: 1, 2, 4, … minutes, at most an hour (8 attempts span about 2 hours). */
export const retryDelayMs = (attempts: number): number => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** Dates in messages as `hh:mm dd/mm/yyyy`, Vietnam time; anything that is not a date is printed as it is. */
const fmt = (iso: unknown) =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? formatVietnamTime(iso) : String(iso ?? '');
const vnd = (n: unknown) => `${Number(n).toLocaleString('vi-VN')} đồng`;

/** Vietnamese message text for each template. */
export function renderNotification(template: string, p: Record<string, any>): string {
  const head = `Hồ sơ ${p.code}`;
  switch (template) {
    case 'receipt':
      return `${head} (${p.procedure}) đã được tiếp nhận. Hẹn trả kết quả: ${fmt(p.dueAt)}.`;
    case 'supplement-request':
      return `${head} cần bổ sung (một lần): ${(p.items as string[]).join('; ')}.${p.deadline ? ` Hạn bổ sung: ${fmt(p.deadline)}.` : ''}`;
    case 'apology':
      return `${departmentName(p.faultUnit)} xin lỗi ông/bà: ${head} chưa trả được kết quả đúng hẹn (${fmt(p.originalDueAt)}). Lý do: ${p.reason}. Hẹn lại: ${fmt(p.newDueAt)}.`;
    case 'appointment-changed':
      return `${head}: do thay đổi lịch làm việc (${p.reason}), hẹn trả kết quả chuyển từ ${fmt(p.previousDueAt)} sang ${fmt(p.newDueAt)}.`;
    case 'deadline-extended':
      return `${head}: thời hạn giải quyết được gia hạn (${p.reason}); hẹn trả kết quả chuyển từ ${fmt(p.previousDueAt)} sang ${fmt(p.newDueAt)}. Văn bản thông báo có trên trang tra cứu.`;
    case 'refused':
      return `${head} không được giải quyết. Lý do: ${p.reason}. Văn bản thông báo có trên trang tra cứu.`;
    case 'withdrawn':
      return `${head} đã được rút theo yêu cầu của ông/bà.`;
    case 'stopped':
      return `${head} đã dừng xử lý. Lý do: ${p.reason}.`;
    case 'payment-request':
      return `${head}: đề nghị nộp phí, lệ phí ${vnd(p.amountVnd)} trước ${fmt(p.deadline)} tại ${p.paymentUrl}.`;
    case 'result-ready':
      return `${head} đã có kết quả${p.method === 'postal' ? ', sẽ được gửi qua bưu chính' : p.method === 'online' ? ', nhận trực tuyến trên Cổng dịch vụ công' : ', mời nhận tại bộ phận một cửa'}.`;
    case 'survey':
      return `Cảm ơn ông/bà đã sử dụng dịch vụ. Mời đánh giá mức độ hài lòng với ${head}.`;
    case 'step-reminder':
      return `${head}: bước "${p.step}" sắp đến hạn (${fmt(p.dueAt)}).`;
    case 'step-overdue':
      return `${head}: bước "${p.step}" của ${departmentName(p.department)} đã quá hạn (${fmt(p.dueAt)}).`;
    case 'step-overdue-head':
      return `${head}: bước "${p.step}" của phòng đã quá hạn (${fmt(p.dueAt)}), đề nghị lãnh đạo phòng chỉ đạo xử lý.`;
    case 'step-escalated':
      return `${head}: giám sát viên đôn đốc bước "${p.step}": ${p.note}.`;
    case 'apology-issued':
      return `${head}: ${departmentName(p.faultUnit)} đã phát hành văn bản xin lỗi, hẹn lại ${fmt(p.newDueAt)}.`;
    case 'second-slip':
      return `${head} tiếp tục trễ hẹn (${fmt(p.dueAt)}) sau khi đã xin lỗi; đề nghị giám sát viên xử lý.`;
    default:
      return `${head}: ${template}`;
  }
}

/**
 * Channels for a recipient: citizens by phone (SMS, or Zalo ZNS where the centre uses it) and e-mail when known,
 * staff on the internal channel.
 */
function channelsFor(req: NotificationRequest, phoneChannel: 'sms' | 'zalo'): NotificationChannel[] {
  if (req.audience !== 'citizen') return ['internal'];
  const out: NotificationChannel[] = [];
  if (req.recipient.phone) out.push(phoneChannel);
  if (req.recipient.email) out.push('email');
  return out.length ? out : ['internal'];
}

/** Local transport: the outbox row plus a log line is the delivery (no SMS/e-mail provider on this machine). */
export function logTransport(log: Logger, channel: NotificationChannel): NotificationTransport {
  return {
    channel,
    async send(to, message) {
      const requestId = currentRequestId();
      log.info({ channel, to, body: message.body, ...(requestId ? { requestId } : {}) }, 'notification');
    },
  };
}

export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly transports: Map<NotificationChannel, NotificationTransport>,
    private readonly opts: { log?: Logger; phoneChannel?: 'sms' | 'zalo'; now?: () => Date } = {},
  ) {}

  /**
   * Writes the notification to the outbox (once) and tries to deliver what is pending for this key. Delivery
   * failures are recorded on the row (retried later by dispatchDue), never thrown: only a database error is.
   */
  async notify(req: NotificationRequest): Promise<{ channels: NotificationChannel[]; delivery: Partial<Record<NotificationChannel, DeliveryOutcome>> }> {
    const body = renderNotification(req.template, req.params);
    const channels = channelsFor(req, this.opts.phoneChannel ?? 'sms');
    await this.db
      .insert(notificationOutbox)
      .values(
        channels.map((channel) => ({
          key: req.key,
          dossierCode: req.dossierCode,
          audience: req.audience,
          channel,
          recipient: req.recipient,
          template: req.template,
          params: req.params,
          body,
        })),
      )
      .onConflictDoNothing();
    const delivery: Partial<Record<NotificationChannel, DeliveryOutcome>> = {};
    for (const channel of channels) delivery[channel] = await this.deliver(req.key, channel, false);
    return { channels, delivery };
  }

  /** Retries pending deliveries whose retry time has come, oldest first; returns what happened to each. */
  async dispatchDue(limit = 50): Promise<Record<DeliveryOutcome, number>> {
    const now = (this.opts.now?.() ?? clock.now()).toISOString();
    const due = await this.db
      .select({ key: notificationOutbox.key, channel: notificationOutbox.channel })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.status, 'pending'), isNotNull(notificationOutbox.nextAttemptAt), lte(notificationOutbox.nextAttemptAt, now)))
      .orderBy(asc(notificationOutbox.nextAttemptAt))
      .limit(limit);
    const counts: Record<DeliveryOutcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
    for (const d of due) counts[await this.deliver(d.key, d.channel as NotificationChannel, true)]++;
    return counts;
  }

  private async deliver(key: string, channel: NotificationChannel, retrying: boolean): Promise<DeliveryOutcome> {
    const transport = this.transports.get(channel) ?? this.transports.get('internal');
    const now = this.opts.now?.() ?? clock.now();
    return this.db.transaction(async (tx) => {
      // Row lock: two concurrent attempts for the same key (activity retry, dispatcher) cannot both send.
      const rows = await tx
        .select()
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.key, key),
            eq(notificationOutbox.channel, channel),
            eq(notificationOutbox.status, 'pending'),
            retrying ? lte(notificationOutbox.nextAttemptAt, now.toISOString()) : undefined,
          ),
        )
        .for('update', { skipLocked: true });
      const row = rows[0];
      // A row with a retry time belongs to the dispatcher; the activity does not jump the backoff.
      if (!row || !transport || (!retrying && row.nextAttemptAt)) return 'skipped';
      const attempts = row.attempts + 1;
      try {
        await transport.send(row.recipient as NotificationRequest['recipient'], {
          key: row.key,
          template: row.template,
          params: (row.params as Record<string, unknown> | null) ?? {},
          body: row.body,
        });
        await tx
          .update(notificationOutbox)
          .set({ status: 'sent', sentAt: sql`now()`, attempts, lastError: null, nextAttemptAt: null })
          .where(eq(notificationOutbox.id, row.id));
        return 'sent';
      } catch (err) {
        const permanent = isProviderError(err) && !err.retryable;
        const failed = permanent || attempts >= MAX_DELIVERY_ATTEMPTS;
        const nextAttemptAt = failed ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
        await tx
          .update(notificationOutbox)
          .set({ status: failed ? 'failed' : 'pending', attempts, lastError: (err as Error).message, nextAttemptAt })
          .where(eq(notificationOutbox.id, row.id));
        this.opts.log?.[failed ? 'error' : 'warn'](
          { key, channel, attempts, nextAttemptAt, err: (err as Error).message },
          failed ? 'notification not delivered (given up)' : 'notification not delivered; will retry',
        );
        return failed ? 'failed' : 'retry';
      }
    });
  }
}

/** Runs `dispatchDue` every `intervalMs` (passes never overlap); stop() waits for the pass in progress. */
export function startNotificationDispatcher(notifier: Notifier, opts: { intervalMs: number; log: Logger }) {
  let current: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    current ??= notifier
      .dispatchDue()
      .then((c) => {
        if (c.sent || c.failed || c.retry) opts.log.info(c, 'notification retries');
      })
      .catch((err) => opts.log.error({ err }, 'notification dispatcher pass failed'))
      .finally(() => {
        current = null;
      });
  }, opts.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
