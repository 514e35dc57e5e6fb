/**
 * The one place that wires activity dependencies (database, notifier, providers, centre) from their parts, for
 * the system, the test stacks and the crash-test worker alike.
 */
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities';
import type { Letterhead } from '../activities/issue-document';
import type { PostalCarrier } from '../activities/postal/carrier';
import type { PaymentGatewayPort } from '../activities/payments';
import type { Database } from '../db/client';
import type { AppConfig } from './config';
import { logTransport, Notifier, type NotificationChannel, type NotificationTransport } from '../activities/notifications';

export type Centre = AppConfig['centre'];

/** The centre the test stacks run as. */
export const TEST_CENTRE: Centre = { name: 'Trung tâm thử nghiệm', address: 'Số 1', province: 'Tỉnh thử', phone: '0243000000' };

export function activityDeps(o: {
  database: Database;
  log: Logger;
  payments: PaymentGatewayPort;
  postal: PostalCarrier;
  centre: Centre;
  letterhead?: Letterhead;
}): ActivityDeps {
  return {
    db: o.database.db,
    notifier: createNotifier(o.database, o.log),
    payments: o.payments,
    postal: o.postal,
    centreAddress: { name: o.centre.name, address: o.centre.address, province: o.centre.province, phone: o.centre.phone },
    ...(o.letterhead ? { letterhead: o.letterhead } : {}),
  };
}

/** Notifications go through the outbox; on this machine every channel is delivered to the log. */
export function createNotifier(database: Database, log: Logger): Notifier {
  const channels: NotificationChannel[] = ['sms', 'email', 'zalo', 'internal'];
  const transports = new Map<NotificationChannel, NotificationTransport>(channels.map((c) => [c, logTransport(log, c)]));
  return new Notifier(database.db, transports);
}
