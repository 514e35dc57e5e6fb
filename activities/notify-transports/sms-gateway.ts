/**
 * SMS through an HTTP brandname gateway (tin nhắn thương hiệu). Providers differ in detail; this adapter speaks a
 * small JSON protocol that a centre's gateway (or a thin proxy in front of its provider) implements:
 *
 *   POST <url>   Authorization: Bearer <apiKey>
 *   { "to": "84912345678", "brandname": "TTHCC", "text": "…", "unicode": true, "clientRef": "<outbox key>" }
 *   → 2xx { "messageId": "…" }; 4xx refused (not retried); 5xx/408/429/network retried.
 *
 * `clientRef` lets the gateway drop a resend of a message it already took (at-least-once on our side).
 */
import type { NotificationTransport } from '../notifications';
import { fetchOrThrow, ProviderError } from '../provider-error';
import { internationalPhone } from './phone';

export interface SmsGatewayConfig {
  url: string;
  apiKey: string;
  brandname: string;
  timeoutMs?: number;
}

const PROVIDER = 'sms-gateway';

export function smsGatewayTransport(cfg: SmsGatewayConfig): NotificationTransport {
  return {
    channel: 'sms',
    async send(to, message) {
      const phone = to.phone ? internationalPhone(to.phone) : null;
      if (!phone) throw new ProviderError({ provider: PROVIDER, kind: 'validation', message: `số điện thoại không hợp lệ: ${to.phone ?? '(trống)'}` });
      await fetchOrThrow(PROVIDER, cfg.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.apiKey}` },
        body: JSON.stringify({ to: phone, brandname: cfg.brandname, text: message.body, unicode: true, clientRef: message.key }),
        timeoutMs: cfg.timeoutMs ?? 10_000,
      });
    },
  };
}
