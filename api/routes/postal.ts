/**
 * Tracking webhooks from the postal carrier: signature over the raw body, then the order's status is recorded and
 * the dossier's workflow is signalled. Duplicates (carriers redeliver) are harmless: the workflow ignores a
 * status it already has.
 */
import type { Client } from '@temporalio/client';
import express, { Router } from 'express';
import { eq, sql } from 'drizzle-orm';
import { POSTAL_SIGNATURE_HEADER, postalWebhookSchema, verifyPostalWebhook } from '../../activities/postal/carrier';
import type { Db } from '../../db/client';
import { postalOrders } from '../../db/schema';
import { postalTrackingSignal } from '../../workflows/shared/dossier';
import { problems } from '../problem';
import { toHttpProblem } from '../temporal-errors';

export function postalRoutes(deps: { db: Db; client: Client; webhookSecret: string }): Router {
  const r = Router();
  r.post('/postal/webhook', express.raw({ type: 'application/json', limit: '100kb' }), async (req, res, next) => {
    try {
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.from('');
      if (!verifyPostalWebhook(raw, req.header(POSTAL_SIGNATURE_HEADER), deps.webhookSecret)) {
        throw problems.unauthorized('Chữ ký webhook không hợp lệ (invalid webhook signature)');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw problems.invalid('Nội dung webhook không phải JSON');
      }
      const parsed = postalWebhookSchema.safeParse(json);
      if (!parsed.success) throw problems.validation(parsed.error, 'body');
      const w = parsed.data;
      await deps.db
        .update(postalOrders)
        .set({ status: w.status, updatedAt: sql`now()` })
        .where(eq(postalOrders.orderId, w.orderId));
      try {
        await deps.client.workflow.getHandle(w.dossierCode).signal(postalTrackingSignal, {
          orderId: w.orderId,
          status: w.status,
          at: w.at,
          handoverRecordNo: w.handoverRecordNo,
          note: w.note,
        });
      } catch (err) {
        throw toHttpProblem(err, w.dossierCode);
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });
  return r;
}
