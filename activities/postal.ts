/**
 * Orders with the public postal service (bưu chính công ích, Decision 45/2016/QĐ-TTg). The client reference is the
 * dossier + order kind, so a retried activity finds the existing order instead of booking a second one; the carrier
 * itself is idempotent on it too, so a crash between booking and recording books nothing twice.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { postalOrders } from '../db/schema';
import type { PostalAddress, PostalCarrier, PostalOrderKind, PostalStatus } from './postal/carrier';

export interface PostalOrderRequest {
  dossierCode: string;
  kind: PostalOrderKind;
  recipient: { fullName: string; phone?: string; address?: string; province?: string };
}

export async function createPostalOrder(db: Db, carrier: PostalCarrier, centre: PostalAddress, req: PostalOrderRequest) {
  const clientRef = `${req.dossierCode}:${req.kind}`;
  const existing = (await db.select().from(postalOrders).where(eq(postalOrders.clientRef, clientRef)).limit(1))[0];
  if (existing) {
    return { orderId: existing.orderId, trackingNumber: existing.trackingNumber, status: existing.status as PostalStatus };
  }
  const citizen: PostalAddress = {
    name: req.recipient.fullName,
    phone: req.recipient.phone ?? '',
    address: req.recipient.address ?? '',
    province: req.recipient.province ?? centre.province,
  };
  const [from, to] = req.kind === 'deliver-result' ? [centre, citizen] : [citizen, centre];
  const order = await carrier.createOrder({ clientRef, kind: req.kind, dossierCode: req.dossierCode, from, to });
  await db
    .insert(postalOrders)
    .values({ clientRef, dossierCode: req.dossierCode, kind: req.kind, ...order })
    .onConflictDoNothing();
  return order;
}
