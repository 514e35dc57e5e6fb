import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded stack', () => {
    const c = loadConfig({});
    expect(c.database.mode).toBe('embedded');
    expect(c.temporal.mode).toBe('embedded');
    expect(c.http.port).toBe(3000);
    expect(c.auth.usingDevSecret).toBe(true);
  });

  it('points at external PostgreSQL and Temporal', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.example:5432/motcua',
      TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'key',
    });
    expect(c.database).toEqual({ mode: 'external', url: 'postgres://u:p@db.example:5432/motcua' });
    expect(c.temporal).toMatchObject({ mode: 'external', address: 'ns.tmprl.cloud:7233', namespace: 'ns.acct', apiKey: 'key' });
    expect(c.temporal.tls).toBeDefined();
  });

  it('names the variable and what is expected', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'no-port' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT="abc"');
      expect(msg).toContain('DATABASE_URL="mysql://x"');
      expect(msg).toContain('TEMPORAL_ADDRESS="no-port"');
    }
  });

  it('reconciles payments every 5 minutes by default; 0 turns it off; the real gateway takes its querydr URL', () => {
    expect(loadConfig({}).paymentReconciliation).toEqual({ intervalMs: 300_000, olderThanMs: 600_000 });
    expect(loadConfig({ PAYMENT_RECONCILE_INTERVAL_SECONDS: '0', PAYMENT_RECONCILE_AFTER_MINUTES: '2' }).paymentReconciliation).toEqual({ intervalMs: 0, olderThanMs: 120_000 });
    expect(() => loadConfig({ PAYMENT_RECONCILE_INTERVAL_SECONDS: '-1' })).toThrow(/PAYMENT_RECONCILE_INTERVAL_SECONDS="-1"/);
    const real = loadConfig({
      PAYMENT_PROVIDER: 'vnpay', VNPAY_TMN_CODE: 'TMN', VNPAY_HASH_SECRET: '0123456789abcdef0123', VNPAY_PAY_URL: 'https://pay.example/vpcpay.html',
      VNPAY_API_URL: 'https://pay.example/merchant_webapi/api/transaction', PUBLIC_BASE_URL: 'https://motcua.example',
    });
    expect(real.payment.apiUrl).toBe('https://pay.example/merchant_webapi/api/transaction');
  });

  it('sends SMS to the local sandbox by default and takes real SMS, Zalo ZNS and SMTP settings', () => {
    expect(loadConfig({}).notifications).toMatchObject({ phoneChannel: 'sms', sms: { provider: 'sandbox' }, email: { provider: 'log' } });
    const c = loadConfig({
      PHONE_CHANNEL: 'zalo',
      ZALO_PROVIDER: 'zns',
      ZALO_ZNS_ACCESS_TOKEN: 'tok',
      ZALO_ZNS_TEMPLATES: '{"receipt":"231456","apology":"231457"}',
      SMTP_URL: 'smtps://u:p@mail.example.gov.vn:465',
      MAIL_FROM: 'TTHCC <noreply@example.gov.vn>',
    });
    expect(c.notifications).toMatchObject({
      phoneChannel: 'zalo',
      zalo: { provider: 'zns', accessToken: 'tok', templates: { receipt: '231456', apology: '231457' } },
      email: { provider: 'smtp', url: 'smtps://u:p@mail.example.gov.vn:465', from: 'TTHCC <noreply@example.gov.vn>' },
    });
    expect(() => loadConfig({ ZALO_ZNS_TEMPLATES: '["x"]' })).toThrow(/ZALO_ZNS_TEMPLATES/);
    expect(() => loadConfig({ SMS_PROVIDER: 'http' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => loadConfig({ PHONE_CHANNEL: 'zalo', ZALO_PROVIDER: 'zns' })).toThrow(/ZALO_ZNS_ACCESS_TOKEN/);
  });

  it('refuses production without a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
  });
});
