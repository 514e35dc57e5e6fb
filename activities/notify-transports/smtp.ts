/**
 * E-mail over SMTP (nodemailer): plain-text Vietnamese messages, UTF-8, from the centre's address. The outbox key
 * goes in a header so a resend after a lost acknowledgement can be recognised in the mailbox.
 */
import nodemailer from 'nodemailer';
import type { NotificationTransport } from '../notifications';
import { errorFromFetchFailure, ProviderError } from '../provider-error';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 or smtps://…:465 */
  url: string;
  /** "Trung tâm PVHCC <noreply@example.gov.vn>" */
  from: string;
}

const PROVIDER = 'smtp';

/** Subject line per template: short, Vietnamese, with the dossier code. */
function subjectOf(template: string, params: Record<string, unknown>): string {
  const code = String(params.code ?? '');
  const titles: Record<string, string> = {
    receipt: 'Tiếp nhận hồ sơ',
    'supplement-request': 'Đề nghị bổ sung hồ sơ',
    apology: 'Thư xin lỗi và hẹn lại ngày trả kết quả',
    'payment-request': 'Đề nghị nộp phí, lệ phí',
    'result-ready': 'Đã có kết quả giải quyết hồ sơ',
    survey: 'Mời đánh giá mức độ hài lòng',
  };
  return `${titles[template] ?? 'Thông báo về hồ sơ'} ${code}`.trim();
}

export function smtpTransport(cfg: SmtpConfig): NotificationTransport {
  const mailer = nodemailer.createTransport(cfg.url);
  return {
    channel: 'email',
    async send(to, message) {
      if (!to.email) throw new ProviderError({ provider: PROVIDER, kind: 'validation', message: 'không có địa chỉ e-mail' });
      try {
        await mailer.sendMail({
          from: cfg.from,
          to: to.name ? { name: to.name, address: to.email } : to.email,
          subject: subjectOf(message.template, message.params),
          text: message.body,
          headers: { 'X-Mot-Cua-Key': message.key },
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx: the server refused this message (bad address, policy): sending it again would fail the same way.
        if (typeof code === 'number' && code >= 500) {
          throw new ProviderError({ provider: PROVIDER, kind: 'rejected', providerCode: String(code), message: (err as Error).message, cause: err });
        }
        if (typeof code === 'number') {
          throw new ProviderError({ provider: PROVIDER, kind: 'server', providerCode: String(code), message: (err as Error).message, cause: err });
        }
        throw errorFromFetchFailure(PROVIDER, err);
      }
    },
  };
}
