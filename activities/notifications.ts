/**
 * Citizen and staff notifications through one interface. Every notification is first written to the outbox
 * (unique per event, audience and channel), so a retried activity or a replay never sends twice, and what was sent
 * is visible. Transports deliver pending rows; the local transport writes to the log.
 */
import { currentRequestId } from './request-context';
import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { notificationOutbox } from '../db/schema';
import { formatVietnamTime } from '../workflows/lifecycle-rules';

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

export interface NotificationTransport {
  channel: NotificationChannel;
  send(to: NotificationRequest['recipient'], body: string): Promise<void>;
}

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
      return `${head} cần bổ sung: ${(p.items as string[]).join('; ')}. Hạn bổ sung: ${fmt(p.deadline)}.`;
    case 'apology':
      return `${p.faultUnit} xin lỗi ông/bà: ${head} chưa trả được kết quả đúng hẹn (${fmt(p.originalDueAt)}). Lý do: ${p.reason}. Hẹn lại: ${fmt(p.newDueAt)}.`;
    case 'payment-request':
      return `${head}: đề nghị nộp phí, lệ phí ${vnd(p.amountVnd)} trước ${fmt(p.deadline)} tại ${p.paymentUrl}.`;
    case 'result-ready':
      return `${head} đã có kết quả${p.method === 'postal' ? ', sẽ được gửi qua bưu chính' : p.method === 'online' ? ', nhận trực tuyến trên Cổng dịch vụ công' : ', mời nhận tại bộ phận một cửa'}.`;
    case 'survey':
      return `Cảm ơn ông/bà đã sử dụng dịch vụ. Mời đánh giá mức độ hài lòng với ${head}.`;
    case 'step-reminder':
      return `${head}: bước "${p.step}" sắp đến hạn (${fmt(p.dueAt)}).`;
    case 'step-overdue':
      return `${head}: bước "${p.step}" của ${p.department} đã quá hạn (${fmt(p.dueAt)}).`;
    case 'step-overdue-head':
      return `${head}: bước "${p.step}" của phòng đã quá hạn (${fmt(p.dueAt)}), đề nghị lãnh đạo phòng chỉ đạo xử lý.`;
    case 'step-escalated':
      return `${head}: giám sát viên đôn đốc bước "${p.step}": ${p.note}.`;
    case 'apology-issued':
      return `${head}: ${p.faultUnit} đã phát hành văn bản xin lỗi, hẹn lại ${fmt(p.newDueAt)}.`;
    case 'second-slip':
      return `${head} tiếp tục trễ hẹn (${fmt(p.dueAt)}) sau khi đã xin lỗi; đề nghị giám sát viên xử lý.`;
    default:
      return `${head}: ${template}`;
  }
}

/** Channels for a recipient: citizens by SMS and e-mail when known, staff on the internal channel. */
function channelsFor(req: NotificationRequest): NotificationChannel[] {
  if (req.audience !== 'citizen') return ['internal'];
  const out: NotificationChannel[] = [];
  if (req.recipient.phone) out.push('sms');
  if (req.recipient.email) out.push('email');
  return out.length ? out : ['internal'];
}

/** Local transport: the outbox row plus a log line is the delivery (no SMS/e-mail provider on this machine). */
export function logTransport(log: Logger, channel: NotificationChannel): NotificationTransport {
  return {
    channel,
    async send(to, body) {
      const requestId = currentRequestId();
      log.info({ channel, to, body, ...(requestId ? { requestId } : {}) }, 'notification');
    },
  };
}

export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly transports: Map<NotificationChannel, NotificationTransport>,
  ) {}

  /** Writes the notification to the outbox (once) and delivers what is pending for this key. */
  async notify(req: NotificationRequest): Promise<{ channels: NotificationChannel[] }> {
    const body = renderNotification(req.template, req.params);
    const channels = channelsFor(req);
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
          body,
        })),
      )
      .onConflictDoNothing();
    for (const channel of channels) await this.deliver(req.key, channel);
    return { channels };
  }

  private async deliver(key: string, channel: NotificationChannel) {
    const transport = this.transports.get(channel) ?? this.transports.get('internal');
    await this.db.transaction(async (tx) => {
      // Row lock: two concurrent attempts for the same key cannot both send.
      const rows = await tx
        .select()
        .from(notificationOutbox)
        .where(and(eq(notificationOutbox.key, key), eq(notificationOutbox.channel, channel), eq(notificationOutbox.status, 'pending')))
        .for('update', { skipLocked: true });
      const row = rows[0];
      if (!row || !transport) return;
      try {
        await transport.send(row.recipient as NotificationRequest['recipient'], row.body);
        await tx
          .update(notificationOutbox)
          .set({ status: 'sent', sentAt: sql`now()`, attempts: row.attempts + 1 })
          .where(eq(notificationOutbox.id, row.id));
      } catch (err) {
        await tx
          .update(notificationOutbox)
          .set({ attempts: row.attempts + 1, lastError: (err as Error).message })
          .where(eq(notificationOutbox.id, row.id));
        throw err;
      }
    });
  }
}
