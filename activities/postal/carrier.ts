/**
 * Public postal service (dịch vụ bưu chính công ích, Decision 45/2016/QĐ-TTg): the post collects a dossier from
 * the citizen and hands it to the agency against a hand-over record (biên bản giao nhận), or delivers the result
 * to the citizen. This file holds the carrier-neutral contract and an HTTP adapter; ./sandbox-carrier plays the
 * carrier locally.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ProviderError, fetchOrThrow } from '../provider-error';

export const postalKindSchema = z.enum(['collect-dossier', 'deliver-result']);
export type PostalOrderKind = z.infer<typeof postalKindSchema>;

export const postalStatusSchema = z.enum(['created', 'picked-up', 'handed-to-agency', 'delivered', 'delivery-failed', 'returned']);
export type PostalStatus = z.infer<typeof postalStatusSchema>;

export const postalAddressSchema = z.object({
  name: z.string().trim().min(1),
  /** Vietnamese phone: 0xxxxxxxxx or +84xxxxxxxxx. */
  phone: z.string().trim().regex(/^(0|\+84)\d{9,10}$/, 'số điện thoại không hợp lệ'),
  address: z.string().trim().min(1),
  province: z.string().trim().min(1),
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

export const createPostalOrderSchema = z.object({
  /** Idempotency key chosen by us (e.g. `${dossierCode}:collect`): the same key always yields the same order. */
  clientRef: z.string().trim().min(1).max(100),
  kind: postalKindSchema,
  dossierCode: z.string().trim().min(1),
  from: postalAddressSchema,
  to: postalAddressSchema,
  note: z.string().max(500).optional(),
});
export type CreatePostalOrder = z.input<typeof createPostalOrderSchema>;

export const postalEventSchema = z.object({
  status: postalStatusSchema,
  /** ISO timestamp. */
  at: z.string(),
  handoverRecordNo: z.string().optional(),
  note: z.string().optional(),
});
export type PostalEvent = z.infer<typeof postalEventSchema>;

export const postalOrderSchema = z.object({
  orderId: z.string(),
  clientRef: z.string(),
  trackingNumber: z.string(),
  kind: postalKindSchema,
  dossierCode: z.string(),
  status: postalStatusSchema,
  /** Set when the post handed the dossier to the agency. */
  handoverRecordNo: z.string().optional(),
  events: z.array(postalEventSchema),
});
export type PostalOrder = z.infer<typeof postalOrderSchema>;

export interface CreatedPostalOrder {
  orderId: string;
  trackingNumber: string;
  status: PostalStatus;
}

export interface PostalCarrier {
  createOrder(o: CreatePostalOrder): Promise<CreatedPostalOrder>;
  getOrder(orderId: string): Promise<PostalOrder>;
}

/**
 * Allowed tracking transitions. A collected dossier ends at the agency (handed-to-agency); a result ends with
 * the citizen (delivered) or back at the sender (returned) after a failed delivery. Either can fail on the way.
 */
const TRANSITIONS: Record<PostalOrderKind, Partial<Record<PostalStatus, readonly PostalStatus[]>>> = {
  'collect-dossier': {
    created: ['picked-up'],
    'picked-up': ['handed-to-agency', 'delivery-failed'],
    'delivery-failed': ['returned'],
  },
  'deliver-result': {
    created: ['picked-up'],
    'picked-up': ['delivered', 'delivery-failed'],
    'delivery-failed': ['returned'],
  },
};

export function nextStatuses(kind: PostalOrderKind, status: PostalStatus): readonly PostalStatus[] {
  return TRANSITIONS[kind][status] ?? [];
}

export function isTerminal(kind: PostalOrderKind, status: PostalStatus): boolean {
  return nextStatuses(kind, status).length === 0;
}

/** Vietnamese label of a tracking status, for the citizen timeline. */
export const POSTAL_STATUS_LABEL: Record<PostalStatus, string> = {
  created: 'Đã tạo yêu cầu',
  'picked-up': 'Bưu điện đã nhận hồ sơ/kết quả',
  'handed-to-agency': 'Đã bàn giao cho cơ quan giải quyết',
  delivered: 'Đã phát thành công',
  'delivery-failed': 'Phát không thành công',
  returned: 'Đã chuyển hoàn',
};

// ---------------------------------------------------------------------------------------------------------------
// Webhooks

/** Tracking webhook body (JSON) sent by the carrier on every status change. */
export const postalWebhookSchema = z.object({
  eventId: z.string(),
  orderId: z.string(),
  clientRef: z.string(),
  trackingNumber: z.string(),
  dossierCode: z.string(),
  kind: postalKindSchema,
  status: postalStatusSchema,
  at: z.string(),
  handoverRecordNo: z.string().optional(),
  note: z.string().optional(),
});
export type PostalWebhook = z.infer<typeof postalWebhookSchema>;

export const POSTAL_SIGNATURE_HEADER = 'X-Postal-Signature';

/** Hex HMAC-SHA256 of the raw body. */
export function signPostalWebhook(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Checks `X-Postal-Signature` against the raw request body (bytes as received: mount the webhook route with
 * `express.raw({ type: 'application/json' })`, since re-serialised JSON may differ).
 */
export function verifyPostalWebhook(body: string | Buffer, signature: string | undefined | null, secret: string): boolean {
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(signPostalWebhook(body, secret), 'utf8');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'utf8'));
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP adapter

export interface HttpPostalCarrierOptions {
  /** e.g. https://carrier.example/api/v1 — routes: POST /orders, GET /orders/:id. */
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

const PROVIDER = 'postal';

/**
 * JSON API client. The clientRef is sent both in the body and as `Idempotency-Key`, so a retried activity after
 * a lost response finds the order it already created.
 */
export class HttpPostalCarrier implements PostalCarrier {
  private readonly baseUrl: string;
  constructor(private readonly opts: HttpPostalCarrierOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.opts.apiKey}`, accept: 'application/json', ...extra };
  }

  private async json<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      throw new ProviderError({ provider: PROVIDER, kind: 'protocol', retryable: false, message: `${what}: answer is not JSON`, cause: e });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ProviderError({ provider: PROVIDER, kind: 'protocol', retryable: false, message: `${what}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})` });
    }
    return parsed.data;
  }

  async createOrder(o: CreatePostalOrder): Promise<CreatedPostalOrder> {
    const input = createPostalOrderSchema.safeParse(o);
    if (!input.success) {
      throw new ProviderError({ provider: PROVIDER, kind: 'validation', message: `invalid order: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    }
    const res = await fetchOrThrow(PROVIDER, `${this.baseUrl}/orders`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': input.data.clientRef }),
      body: JSON.stringify(input.data),
      timeoutMs: this.opts.timeoutMs ?? 10_000,
    });
    const order = await this.json(res, postalOrderSchema, 'createOrder');
    return { orderId: order.orderId, trackingNumber: order.trackingNumber, status: order.status };
  }

  async getOrder(orderId: string): Promise<PostalOrder> {
    const res = await fetchOrThrow(PROVIDER, `${this.baseUrl}/orders/${encodeURIComponent(orderId)}`, {
      method: 'GET',
      headers: this.headers(),
      timeoutMs: this.opts.timeoutMs ?? 10_000,
    });
    return this.json(res, postalOrderSchema, 'getOrder');
  }
}
