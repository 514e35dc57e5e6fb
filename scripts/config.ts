/**
 * All runtime configuration, read once from the environment and validated with zod.
 * A bad value stops start-up with a message naming the variable and what is expected.
 */
import { z } from 'zod';
import path from 'node:path';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Base directory for embedded data (PostgreSQL cluster, Temporal SQLite file). */
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),

  /** Any PostgreSQL; when absent an embedded PostgreSQL is started under DATA_DIR/pg. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'một URL dạng postgres://user:pass@host:port/db (a postgres:// URL)')
    .optional(),
  EMBEDDED_PG_PORT: port.default(5433),

  /** A Temporal frontend (cluster or Temporal Cloud); when absent the dev server is started. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port, ví dụ localhost:7233 (host:port, e.g. localhost:7233)')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFlag.optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dossiers'),
  /** Dev server ports (embedded mode only). */
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),

  /** Whether this process runs a worker and/or the API (scale-out runs more workers elsewhere). */
  RUN_WORKER: booleanFlag.default(true),
  RUN_API: booleanFlag.default(true),

  /** HMAC secret for bearer tokens (JWT HS256); required in production. */
  AUTH_JWT_SECRET: z.string().min(32, 'ít nhất 32 ký tự (at least 32 characters)').optional(),

  /** Public base URL of this API (payment return/IPN, postal webhook, citizen lookup links). */
  PUBLIC_BASE_URL: z.url('URL đầy đủ, ví dụ https://motcua.example.gov.vn (a full URL)').optional(),
  /** `sandbox` runs local stand-ins of the payment gateway and the postal carrier inside this process. */
  PAYMENT_PROVIDER: z.enum(['sandbox', 'vnpay']).default('sandbox'),
  VNPAY_TMN_CODE: z.string().min(1).optional(),
  VNPAY_HASH_SECRET: z.string().min(16, 'ít nhất 16 ký tự (at least 16 characters)').optional(),
  VNPAY_PAY_URL: z.url().optional(),
  /** VNPay's transaction API (querydr), for reconciliation; without it no reconciliation runs with the real gateway. */
  VNPAY_API_URL: z.url().optional(),
  /** Payment reconciliation by querydr: seconds between passes (0 = off), and how long an order waits for its IPN first. */
  PAYMENT_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  PAYMENT_RECONCILE_AFTER_MINUTES: z.coerce.number().min(0).max(10_080).default(10),
  /**
   * Citizen notifications. Phones get SMS or Zalo ZNS (PHONE_CHANNEL); `sandbox` sends over the real protocols to
   * the local stand-in at /sandbox/notify, `log` only writes the log, `http`/`zns` use the real providers.
   * E-mail goes over SMTP when SMTP_URL is set, to the log otherwise.
   */
  PHONE_CHANNEL: z.enum(['sms', 'zalo']).default('sms'),
  SMS_PROVIDER: z.enum(['sandbox', 'http', 'log']).default('sandbox'),
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_API_KEY: z.string().min(1).optional(),
  SMS_BRANDNAME: z.string().min(1).max(11).default('MOTCUA'),
  ZALO_PROVIDER: z.enum(['sandbox', 'zns', 'log']).default('sandbox'),
  ZALO_ZNS_ACCESS_TOKEN: z.string().min(1).optional(),
  ZALO_ZNS_URL: z.url().optional(),
  /** JSON object: our template name → approved ZNS template ID, e.g. {"receipt":"231456","apology":"231457"}. */
  ZALO_ZNS_TEMPLATES: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return {} as Record<string, string>;
      try {
        const v = JSON.parse(s) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return v as Record<string, string>;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: 'JSON {"tên mẫu": "mã mẫu ZNS"} (a JSON object of strings)' });
      return z.NEVER;
    }),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp://user:pass@host:587 hoặc smtps://…').optional(),
  MAIL_FROM: z.string().min(3).default('Trung tâm Phục vụ hành chính công <noreply@localhost>'),
  /** Seconds between retries of notifications whose first delivery failed. */
  NOTIFY_RETRY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  POSTAL_PROVIDER: z.enum(['sandbox', 'http']).default('sandbox'),
  POSTAL_API_URL: z.url().optional(),
  POSTAL_API_KEY: z.string().min(1).optional(),
  POSTAL_WEBHOOK_SECRET: z.string().min(16, 'ít nhất 16 ký tự (at least 16 characters)').optional(),

  /** The one-stop centre itself, as printed on documents and postal orders. */
  CENTRE_NAME: z.string().min(1).default('Trung tâm Phục vụ hành chính công tỉnh'),
  CENTRE_ADDRESS: z.string().min(1).default('Số 1 đường Trung tâm, phường Trung tâm'),
  CENTRE_PROVINCE: z.string().min(1).default('Tỉnh mẫu'),
  CENTRE_PHONE: z.string().regex(/^(0|\+84)\d{9,10}$/, 'số điện thoại Việt Nam').default('0243000000'),

  /** Identifier of the receiving agency, the first part of each dossier code. */
  AGENCY_CODE: z
    .string()
    .regex(/^[0-9A-Z.]+$/, 'mã cơ quan gồm chữ in hoa, số và dấu chấm (e.g. 000.00.19.H26)')
    .default('000.00.19.H26'),
});

/** Only for local development and tests; production refuses to start without AUTH_JWT_SECRET. */
export const DEV_JWT_SECRET = 'dev-only-secret-do-not-use-in-production-0123456789';

/** Shared by the local payment and postal sandboxes; never used with a real provider. */
const SANDBOX_SECRET = 'sandbox-secret-local-only-0123456789abcdef';

export type AppConfig = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  // Treat empty strings as unset, the way shells and .env files commonly leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = i.path.join('.');
        const got = cleaned[name];
        return `${name}=${JSON.stringify(got)}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if ((e.TEMPORAL_TLS_CERT_PATH && !e.TEMPORAL_TLS_KEY_PATH) || (!e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH)) {
    problems.push('TEMPORAL_TLS_CERT_PATH và TEMPORAL_TLS_KEY_PATH phải đi cùng nhau (mTLS needs both cert and key)');
  }
  if (e.TEMPORAL_API_KEY && !e.TEMPORAL_ADDRESS) {
    problems.push('TEMPORAL_API_KEY chỉ dùng với TEMPORAL_ADDRESS (an API key needs an external Temporal address)');
  }
  if (e.PAYMENT_PROVIDER === 'vnpay') {
    for (const k of ['VNPAY_TMN_CODE', 'VNPAY_HASH_SECRET', 'VNPAY_PAY_URL', 'PUBLIC_BASE_URL'] as const) {
      if (!e[k]) problems.push(`${k} bắt buộc khi PAYMENT_PROVIDER=vnpay (required for the real gateway)`);
    }
  }
  if (e.POSTAL_PROVIDER === 'http') {
    for (const k of ['POSTAL_API_URL', 'POSTAL_API_KEY', 'POSTAL_WEBHOOK_SECRET'] as const) {
      if (!e[k]) problems.push(`${k} bắt buộc khi POSTAL_PROVIDER=http (required for the real carrier)`);
    }
  }
  if (e.SMS_PROVIDER === 'http' && (!e.SMS_GATEWAY_URL || !e.SMS_GATEWAY_API_KEY)) {
    problems.push('SMS_GATEWAY_URL và SMS_GATEWAY_API_KEY bắt buộc khi SMS_PROVIDER=http (required for the real SMS gateway)');
  }
  if (e.PHONE_CHANNEL === 'zalo' && e.ZALO_PROVIDER === 'zns' && (!e.ZALO_ZNS_ACCESS_TOKEN || Object.keys(e.ZALO_ZNS_TEMPLATES).length === 0)) {
    problems.push('ZALO_ZNS_ACCESS_TOKEN và ZALO_ZNS_TEMPLATES bắt buộc khi ZALO_PROVIDER=zns (required for Zalo ZNS)');
  }
  if (e.NODE_ENV === 'production' && !e.AUTH_JWT_SECRET) {
    problems.push('AUTH_JWT_SECRET bắt buộc khi NODE_ENV=production (a JWT secret is required in production)');
  }
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir,
    http: { port: e.PORT, host: e.HOST },
    agencyCode: e.AGENCY_CODE,
    centre: { name: e.CENTRE_NAME, address: e.CENTRE_ADDRESS, province: e.CENTRE_PROVINCE, phone: e.CENTRE_PHONE },
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
      usingDevSecret: !e.AUTH_JWT_SECRET,
    },
    database: e.DATABASE_URL
      ? ({ mode: 'external', url: e.DATABASE_URL } as const)
      : ({ mode: 'embedded', dir: path.join(dataDir, 'pg'), port: e.EMBEDDED_PG_PORT } as const),
    temporal: {
      mode: e.TEMPORAL_ADDRESS ? ('external' as const) : ('embedded' as const),
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      apiKey: e.TEMPORAL_API_KEY,
      tls:
        e.TEMPORAL_TLS || e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_API_KEY
          ? {
              certPath: e.TEMPORAL_TLS_CERT_PATH,
              keyPath: e.TEMPORAL_TLS_KEY_PATH,
              caPath: e.TEMPORAL_TLS_CA_PATH,
              serverName: e.TEMPORAL_TLS_SERVER_NAME,
            }
          : undefined,
      devServer: {
        port: e.TEMPORAL_DEV_PORT,
        uiPort: e.TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.db'),
      },
      cliPath: e.TEMPORAL_CLI_PATH,
      testServerPath: e.TEMPORAL_TEST_SERVER_PATH,
    },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    payment:
      e.PAYMENT_PROVIDER === 'vnpay'
        ? { provider: 'vnpay' as const, tmnCode: e.VNPAY_TMN_CODE!, hashSecret: e.VNPAY_HASH_SECRET!, payUrl: e.VNPAY_PAY_URL!, apiUrl: e.VNPAY_API_URL }
        : { provider: 'sandbox' as const, tmnCode: 'MOTCUA01', hashSecret: SANDBOX_SECRET, payUrl: '', apiUrl: undefined },
    paymentReconciliation: {
      intervalMs: e.PAYMENT_RECONCILE_INTERVAL_SECONDS * 1000,
      olderThanMs: e.PAYMENT_RECONCILE_AFTER_MINUTES * 60_000,
    },
    postal:
      e.POSTAL_PROVIDER === 'http'
        ? { provider: 'http' as const, apiUrl: e.POSTAL_API_URL!, apiKey: e.POSTAL_API_KEY!, webhookSecret: e.POSTAL_WEBHOOK_SECRET! }
        : { provider: 'sandbox' as const, apiUrl: '', apiKey: '', webhookSecret: SANDBOX_SECRET },
    notifications: {
      phoneChannel: e.PHONE_CHANNEL,
      sms:
        e.SMS_PROVIDER === 'http'
          ? { provider: 'http' as const, url: e.SMS_GATEWAY_URL!, apiKey: e.SMS_GATEWAY_API_KEY!, brandname: e.SMS_BRANDNAME }
          : { provider: e.SMS_PROVIDER, brandname: e.SMS_BRANDNAME },
      zalo:
        e.ZALO_PROVIDER === 'zns'
          ? { provider: 'zns' as const, accessToken: e.ZALO_ZNS_ACCESS_TOKEN!, url: e.ZALO_ZNS_URL, templates: e.ZALO_ZNS_TEMPLATES }
          : { provider: e.ZALO_PROVIDER, templates: e.ZALO_ZNS_TEMPLATES },
      email: e.SMTP_URL ? { provider: 'smtp' as const, url: e.SMTP_URL, from: e.MAIL_FROM } : { provider: 'log' as const },
      retryIntervalMs: e.NOTIFY_RETRY_INTERVAL_SECONDS * 1000,
    },
    runWorker: e.RUN_WORKER,
    runApi: e.RUN_API,
  };
}
