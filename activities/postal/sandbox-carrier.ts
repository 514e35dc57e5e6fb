/**
 * In-memory stand-in for the public postal carrier: the same JSON API as HttpPostalCarrier expects (served as an
 * express Router), an in-process PostalCarrier, and controls to move parcels along and emit signed tracking
 * webhooks to the merchant. State is in memory: it plays the other party.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { DateTime } from 'luxon';
import { ProviderError } from '../provider-error';
import {
  POSTAL_SIGNATURE_HEADER,
  createPostalOrderSchema,
  isTerminal,
  nextStatuses,
  signPostalWebhook,
  type CreatePostalOrder,
  type CreatedPostalOrder,
  type PostalCarrier,
  type PostalOrder,
  type PostalStatus,
  type PostalWebhook,
} from './carrier';
import { clock } from '../clock';

export interface PostalSandboxOptions {
  webhookUrl: string | (() => string);
  webhookSecret: string;
  /** When set, the HTTP API requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  now?: () => Date;
  webhookTimeoutMs?: number;
}

export interface WebhookDelivery {
  eventId: string;
  orderId: string;
  status: PostalStatus;
  httpStatus: number | null;
  error?: string;
}

/**
 * UPU S10 item identifier (e.g. "EB123456785VN"): 8-digit serial plus a mod-11 check digit, so numbers look
 * like the national post's and validators that check the digit accept them.
 */
export function s10TrackingNumber(prefix: string, serial: number): string {
  const digits = String(serial).padStart(8, '0').slice(-8);
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = digits.split('').reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  if (check === 11) check = 5;
  return `${prefix}${digits}${check}VN`;
}

const canonical = (o: unknown) => JSON.stringify(o, Object.keys(o as object).sort());

export function createPostalSandbox(opts: PostalSandboxOptions) {
  const now = opts.now ?? (() => clock.now());
  const orders = new Map<string, PostalOrder>();
  const byClientRef = new Map<string, { orderId: string; fingerprint: string }>();
  const deliveries: WebhookDelivery[] = [];
  let serial = 0;
  let handoverSeq = 0;
  let eventSeq = 0;
  const webhookUrl = () => (typeof opts.webhookUrl === 'function' ? opts.webhookUrl() : opts.webhookUrl);
  const copy = (o: PostalOrder): PostalOrder => structuredClone(o);

  function mustGet(orderId: string): PostalOrder {
    const o = orders.get(orderId);
    if (!o) throw new ProviderError({ provider: 'postal', kind: 'client', httpStatus: 404, message: `order ${orderId} not found` });
    return o;
  }

  function create(input: CreatePostalOrder): PostalOrder {
    const parsed = createPostalOrderSchema.safeParse(input);
    if (!parsed.success) {
      throw new ProviderError({ provider: 'postal', kind: 'validation', httpStatus: 422, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const o = parsed.data;
    const fingerprint = createHash('sha256').update(canonical({ ...o, from: canonical(o.from), to: canonical(o.to) })).digest('hex');
    const known = byClientRef.get(o.clientRef);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        throw new ProviderError({ provider: 'postal', kind: 'client', httpStatus: 409, message: `clientRef ${o.clientRef} already used for a different order` });
      }
      return mustGet(known.orderId);
    }
    serial += 1;
    const order: PostalOrder = {
      orderId: `PO${String(serial).padStart(6, '0')}`,
      clientRef: o.clientRef,
      trackingNumber: s10TrackingNumber(o.kind === 'collect-dossier' ? 'EH' : 'EK', 10_000_000 + serial),
      kind: o.kind,
      dossierCode: o.dossierCode,
      status: 'created',
      events: [{ status: 'created', at: now().toISOString() }],
    };
    orders.set(order.orderId, order);
    byClientRef.set(o.clientRef, { orderId: order.orderId, fingerprint });
    return order;
  }

  async function sendWebhook(order: PostalOrder): Promise<WebhookDelivery> {
    const ev = order.events[order.events.length - 1]!;
    eventSeq += 1;
    const payload: PostalWebhook = {
      eventId: `EV${String(eventSeq).padStart(8, '0')}`,
      orderId: order.orderId,
      clientRef: order.clientRef,
      trackingNumber: order.trackingNumber,
      dossierCode: order.dossierCode,
      kind: order.kind,
      status: ev.status,
      at: ev.at,
      ...(ev.handoverRecordNo ? { handoverRecordNo: ev.handoverRecordNo } : {}),
      ...(ev.note ? { note: ev.note } : {}),
    };
    const body = JSON.stringify(payload);
    const d: WebhookDelivery = { eventId: payload.eventId, orderId: order.orderId, status: ev.status, httpStatus: null };
    try {
      const res = await fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [POSTAL_SIGNATURE_HEADER]: signPostalWebhook(body, opts.webhookSecret) },
        body,
        signal: AbortSignal.timeout(opts.webhookTimeoutMs ?? 10_000),
      });
      d.httpStatus = res.status;
      await res.arrayBuffer();
    } catch (e) {
      d.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    deliveries.push(d);
    return d;
  }

  /** The default next step: the happy path for the order's kind. */
  function defaultNext(order: PostalOrder): PostalStatus | undefined {
    return nextStatuses(order.kind, order.status)[0];
  }

  /**
   * Moves an order one step (to `toStatus`, or along the happy path) and posts the signed webhook.
   * handed-to-agency gets a hand-over record number (biên bản giao nhận).
   */
  async function advance(orderId: string, toStatus?: PostalStatus, note?: string): Promise<{ order: PostalOrder; delivery: WebhookDelivery }> {
    const order = mustGet(orderId);
    const target = toStatus ?? defaultNext(order);
    if (!target || !nextStatuses(order.kind, order.status).includes(target)) {
      throw new ProviderError({
        provider: 'postal', kind: 'client', httpStatus: 409,
        message: `order ${orderId} (${order.kind}) cannot go from ${order.status} to ${target ?? '(nothing: terminal)'}`,
      });
    }
    const at = now();
    const event: PostalOrder['events'][number] = { status: target, at: at.toISOString() };
    if (target === 'handed-to-agency') {
      handoverSeq += 1;
      event.handoverRecordNo = `BBGN-${DateTime.fromJSDate(at, { zone: 'Asia/Ho_Chi_Minh' }).toFormat('yyyyMMdd')}-${String(handoverSeq).padStart(4, '0')}`;
      order.handoverRecordNo = event.handoverRecordNo;
    }
    if (note) event.note = note;
    order.status = target;
    order.events.push(event);
    const delivery = await sendWebhook(order);
    return { order: copy(order), delivery };
  }

  /** Every `intervalMs`, moves each unfinished order one step along the happy path. Returns a stop function. */
  function autoAdvance(intervalMs: number): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const pending = [...orders.values()].filter((o) => !isTerminal(o.kind, o.status));
      Promise.allSettled(pending.map((o) => advance(o.orderId))).finally(() => {
        busy = false;
      });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  const carrier: PostalCarrier = {
    async createOrder(o: CreatePostalOrder): Promise<CreatedPostalOrder> {
      const order = create(o);
      return { orderId: order.orderId, trackingNumber: order.trackingNumber, status: order.status };
    },
    async getOrder(orderId: string): Promise<PostalOrder> {
      return copy(mustGet(orderId));
    },
  };

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  const router: Router = express.Router();
  router.use(express.json());
  router.use((req, res, next) => {
    if (opts.apiKey && req.get('authorization') !== `Bearer ${opts.apiKey}`) {
      res.status(401).json({ error: 'unauthorized', message: 'Khóa truy cập không hợp lệ' });
      return;
    }
    next();
  });
  const fail = (res: Response, e: unknown) => {
    if (e instanceof ProviderError) {
      res.status(e.httpStatus ?? 400).json({ error: e.kind, message: e.message });
      return;
    }
    throw e;
  };
  router.post('/orders', (req: Request, res: Response) => {
    try {
      const headerKey = req.get('idempotency-key');
      const body = { ...(req.body as object) } as CreatePostalOrder;
      if (headerKey && body.clientRef && headerKey !== body.clientRef) {
        res.status(422).json({ error: 'validation', message: 'Idempotency-Key must equal clientRef' });
        return;
      }
      const existed = typeof body.clientRef === 'string' && byClientRef.has(body.clientRef);
      const order = create(body);
      res.status(existed ? 200 : 201).json(order);
    } catch (e) {
      fail(res, e);
    }
  });
  router.get('/orders/:id', (req: Request, res: Response) => {
    try {
      res.json(mustGet(String(req.params.id)));
    } catch (e) {
      fail(res, e);
    }
  });
  /** Manual control over HTTP, for demos: body { status?, note? }. */
  router.post('/orders/:id/advance', async (req: Request, res: Response) => {
    try {
      const body = (req.body ?? {}) as { status?: PostalStatus; note?: string };
      res.json((await advance(String(req.params.id), body.status, body.note)).order);
    } catch (e) {
      fail(res, e);
    }
  });

  return {
    router,
    carrier,
    advance,
    autoAdvance,
    /** Resends the latest event of an order (duplicate delivery, as real carriers do). */
    redeliver: (orderId: string) => sendWebhook(mustGet(orderId)),
    get webhookDeliveries(): readonly WebhookDelivery[] {
      return [...deliveries];
    },
    orders: (): PostalOrder[] => [...orders.values()].map(copy),
  };
}

export type PostalSandbox = ReturnType<typeof createPostalSandbox>;
