/**
 * Zalo Notification Service (ZNS): template messages to a citizen's phone number through a Zalo Official Account.
 * Each of our templates needs a ZNS template approved by Zalo beforehand; the centre maps our template names to
 * its template IDs (config). The request:
 *
 *   POST https://business.openapi.zalo.me/message/template   header access_token: <OA access token>
 *   { "phone": "84912345678", "template_id": "…", "template_data": { … }, "tracking_id": "<outbox key>" }
 *   → 200 { "error": 0, "message": "Success", "data": { "msg_id": "…" } }, or error ≠ 0.
 *
 * Zalo answers HTTP 200 with a negative `error` for refusals; those are not retried (bad phone, no template…),
 * except the access token expiring, which an operator must renew: also not retried blindly, but logged as such.
 */
import type { NotificationTransport } from '../notifications';
import { fetchOrThrow, ProviderError } from '../provider-error';
import { formatVietnamTime } from '../../workflows/shared/format';
import { internationalPhone } from './phone';

export const ZNS_DEFAULT_URL = 'https://business.openapi.zalo.me/message/template';

export interface ZaloZnsConfig {
  accessToken: string;
  /** Our template name (receipt, apology, payment-request, …) → approved ZNS template ID. */
  templates: Record<string, string>;
  url?: string;
  timeoutMs?: number;
}

const PROVIDER = 'zalo-zns';

/** ZNS template parameters are strings; dates go out as Vietnamese local time, lists joined. */
export function znsTemplateData(params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out[k] = v.join('; ');
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) out[k] = formatVietnamTime(v);
    else out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

export function zaloZnsTransport(cfg: ZaloZnsConfig): NotificationTransport {
  return {
    channel: 'zalo',
    async send(to, message) {
      const templateId = cfg.templates[message.template];
      if (!templateId) {
        throw new ProviderError({ provider: PROVIDER, kind: 'validation', message: `chưa khai báo mẫu ZNS cho "${message.template}"` });
      }
      const phone = to.phone ? internationalPhone(to.phone) : null;
      if (!phone) throw new ProviderError({ provider: PROVIDER, kind: 'validation', message: `số điện thoại không hợp lệ: ${to.phone ?? '(trống)'}` });
      const res = await fetchOrThrow(PROVIDER, cfg.url ?? ZNS_DEFAULT_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: cfg.accessToken },
        body: JSON.stringify({ phone, template_id: templateId, template_data: znsTemplateData(message.params), tracking_id: message.key }),
        timeoutMs: cfg.timeoutMs ?? 10_000,
      });
      const answer = (await res.json().catch(() => null)) as { error?: number; message?: string } | null;
      if (!answer || typeof answer.error !== 'number') {
        throw new ProviderError({ provider: PROVIDER, kind: 'protocol', message: 'câu trả lời không đúng định dạng ZNS', retryable: true });
      }
      if (answer.error !== 0) {
        throw new ProviderError({ provider: PROVIDER, kind: 'rejected', providerCode: String(answer.error), message: `ZNS từ chối (${answer.error}): ${answer.message ?? ''}` });
      }
    },
  };
}
