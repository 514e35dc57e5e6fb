/**
 * Orders with the public postal service (bưu chính công ích, Decision 45/2016/QĐ-TTg). The client reference is the
 * dossier + order kind, so a retried activity finds the existing order instead of booking a second pickup.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { postalOrders } from '../db/schema';
import type { PostalStatus } from '../workflows/shared/dossier';

export interface PostalAddressee {
  fullName: string;
  phone?: string;
  address?: string;
}

export interface PostalPort {
  createOrder(o: {
    clientRef: string;
    kind: 'collect-dossier' | 'deliver-result';
    dossierCode: string;
    to: PostalAddressee;
  }): Promise<{ orderId: string; trackingNumber: string; status: PostalStatus }>;
}

export async function createPostalOrder(
  db: Db,
  carrier: PostalPort,
  req: { dossierCode: string; kind: 'collect-dossier' | 'deliver-result'; recipient: PostalAddressee },
) {
  const clientRef = `${req.dossierCode}:${req.kind}`;
  const existing = (await db.select().from(postalOrders).where(eq(postalOrders.clientRef, clientRef)).limit(1))[0];
  if (existing) {
    return { orderId: existing.orderId, trackingNumber: existing.trackingNumber, status: existing.status as PostalStatus };
  }
  // The carrier itself is idempotent on clientRef, so a crash between these two lines books nothing twice.
  const order = await carrier.createOrder({ clientRef, kind: req.kind, dossierCode: req.dossierCode, to: req.recipient });
  await db
    .insert(postalOrders)
    .values({ clientRef, dossierCode: req.dossierCode, kind: req.kind, ...order })
    .onConflictDoNothing();
  return order;
}
