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
import { defaultSandboxCredentials } from '../activities/notify-transports/sandbox';
import { smsGatewayTransport } from '../activities/notify-transports/sms-gateway';
import { smtpTransport } from '../activities/notify-transports/smtp';
import { zaloZnsTransport } from '../activities/notify-transports/zalo-zns';

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
  /** Notification providers; without them every channel goes to the log (tests). */
  notifications?: NotifierSettings;
  notifier?: Notifier;
}): ActivityDeps {
  return {
    db: o.database.db,
    notifier: o.notifier ?? createNotifier(o.database, o.log, o.notifications),
    payments: o.payments,
    postal: o.postal,
    centreAddress: { name: o.centre.name, address: o.centre.address, province: o.centre.province, phone: o.centre.phone },
    ...(o.letterhead ? { letterhead: o.letterhead } : {}),
  };
}

export interface NotifierSettings {
  config: AppConfig['notifications'];
  /** Where the API (and its /sandbox/notify stand-in) is reached. */
  baseUrl: string;
}

/** Sandbox ZNS template IDs: one per template name, so the sandbox can show which template went out. */
const SANDBOX_ZNS_TEMPLATES = Object.fromEntries(
  ['receipt', 'supplement-request', 'apology', 'payment-request', 'result-ready', 'survey'].map((t) => [t, `sandbox-${t}`]),
);

/**
 * Notifications go through the outbox; each channel to its configured provider (sandboxes speak the real
 * protocols to /sandbox/notify), staff notifications to the log.
 */
export function createNotifier(database: Database, log: Logger, settings?: NotifierSettings): Notifier {
  const transports = new Map<NotificationChannel, NotificationTransport>(
    (['sms', 'email', 'zalo', 'internal'] as const).map((c) => [c, logTransport(log, c)]),
  );
  if (settings) {
    const { config, baseUrl } = settings;
    const sandbox = defaultSandboxCredentials;
    if (config.sms.provider === 'http') transports.set('sms', smsGatewayTransport({ url: config.sms.url, apiKey: config.sms.apiKey, brandname: config.sms.brandname }));
    if (config.sms.provider === 'sandbox') {
      transports.set('sms', smsGatewayTransport({ url: `${baseUrl}/sandbox/notify/sms`, apiKey: sandbox.smsApiKey, brandname: config.sms.brandname }));
    }
    if (config.zalo.provider === 'zns') transports.set('zalo', zaloZnsTransport({ accessToken: config.zalo.accessToken, templates: config.zalo.templates, url: config.zalo.url }));
    if (config.zalo.provider === 'sandbox') {
      transports.set('zalo', zaloZnsTransport({
        accessToken: sandbox.znsAccessToken,
        templates: { ...SANDBOX_ZNS_TEMPLATES, ...config.zalo.templates },
        url: `${baseUrl}/sandbox/notify/zns`,
      }));
    }
    if (config.email.provider === 'smtp') transports.set('email', smtpTransport({ url: config.email.url, from: config.email.from }));
  }
  return new Notifier(database.db, transports, { log, phoneChannel: settings?.config.phoneChannel ?? 'sms' });
}
