import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error';
import {
  buildPaymentUrl,
  formatVnpayDate,
  handleIpn,
  parseVnpayDate,
  queryTransaction,
  sanitizeOrderInfo,
  signFields,
  stripDiacritics,
  txnRefFor,
  verifyReturn,
  verifySignature,
  type PaymentOrderStore,
} from './vnpay';

const cfg = {
  tmnCode: 'MOTCUA01',
  hashSecret: 'SECRETKEYFORTESTSONLY0123456789AB',
  payUrl: 'https://sandbox.example/paymentv2/vpcpay.html',
  returnUrl: 'https://motcua.example/thanh-toan/ket-qua',
};
const createdAt = new Date('2024-05-21T03:04:05Z'); // 10:04:05 in Hà Nội

function req(over: Partial<Parameters<typeof buildPaymentUrl>[1]> = {}) {
  return {
    txnRef: 'HS0001FLEPHI',
    amountVnd: 150_000,
    orderInfo: 'Lệ phí Đăng ký khai sinh hồ sơ 000.00.19.H26-240521-0001',
    ipAddr: '127.0.0.1',
    createdAt,
    ...over,
  };
}

const hmac = (data: string, secret = cfg.hashSecret) => createHmac('sha512', secret).update(data).digest('hex');

describe('buildPaymentUrl', () => {
  it('carries the 2.1.0 fields and a signature over the sorted, form-encoded fields (known answer)', () => {
    const url = new URL(buildPaymentUrl(cfg, req()));
    const p = url.searchParams;
    expect(url.origin + url.pathname).toBe(cfg.payUrl);
    expect(p.get('vnp_Version')).toBe('2.1.0');
    expect(p.get('vnp_Command')).toBe('pay');
    expect(p.get('vnp_TmnCode')).toBe('MOTCUA01');
    expect(p.get('vnp_Amount')).toBe('15000000');
    expect(p.get('vnp_CurrCode')).toBe('VND');
    expect(p.get('vnp_OrderInfo')).toBe('Le phi Dang ky khai sinh ho so 000.00.19.H26-240521-0001');
    expect(p.get('vnp_OrderType')).toBe('other');
    expect(p.get('vnp_Locale')).toBe('vn');
    expect(p.get('vnp_CreateDate')).toBe('20240521100405');
    expect(p.get('vnp_ExpireDate')).toBe('20240521101905');

    // Hand-written expected sign data: keys in ASCII order, values form-encoded with '+' for spaces.
    const expectedData =
      'vnp_Amount=15000000&vnp_Command=pay&vnp_CreateDate=20240521100405&vnp_CurrCode=VND' +
      '&vnp_ExpireDate=20240521101905&vnp_IpAddr=127.0.0.1&vnp_Locale=vn' +
      '&vnp_OrderInfo=Le+phi+Dang+ky+khai+sinh+ho+so+000.00.19.H26-240521-0001&vnp_OrderType=other' +
      '&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example%2Fthanh-toan%2Fket-qua&vnp_TmnCode=MOTCUA01' +
      '&vnp_TxnRef=HS0001FLEPHI&vnp_Version=2.1.0';
    expect(url.search).toBe(`?${expectedData}&vnp_SecureHash=${hmac(expectedData)}`);
    expect(p.get('vnp_SecureHash')).toMatch(/^[0-9a-f]{128}$/);
  });

  it('formats dates in GMT+7 whatever the host time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      const a = new URL(buildPaymentUrl(cfg, req())).searchParams.get('vnp_CreateDate');
      process.env.TZ = 'Asia/Tokyo';
      const b = new URL(buildPaymentUrl(cfg, req())).searchParams.get('vnp_CreateDate');
      expect(a).toBe('20240521100405');
      expect(b).toBe('20240521100405');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    // Crossing midnight: 17:30 UTC is 00:30 next day in Hà Nội.
    expect(formatVnpayDate(new Date('2024-12-31T17:30:00Z'))).toBe('20250101003000');
    expect(parseVnpayDate('20250101003000')?.toISOString()).toBe('2024-12-31T17:30:00.000Z');
    expect(parseVnpayDate('2025010100300')).toBeNull();
  });

  it('honours locale, orderType, expireMinutes and bankCode', () => {
    const p = new URL(buildPaymentUrl(cfg, req({ locale: 'en', orderType: 'billpayment', expireMinutes: 60, bankCode: 'VNBANK' }))).searchParams;
    expect(p.get('vnp_Locale')).toBe('en');
    expect(p.get('vnp_OrderType')).toBe('billpayment');
    expect(p.get('vnp_ExpireDate')).toBe('20240521110405');
    expect(p.get('vnp_BankCode')).toBe('VNBANK');
    expect(verifySignature(p, cfg.hashSecret)).toBe(true);
  });

  it('rejects bad input with a non-retryable ProviderError', () => {
    for (const bad of [
      req({ amountVnd: 1500.5 }),
      req({ amountVnd: 0 }),
      req({ txnRef: 'có dấu' }),
      req({ txnRef: 'x'.repeat(101) }),
      req({ ipAddr: 'localhost' }),
      req({ orderInfo: '!!!' }),
    ]) {
      let err: unknown;
      try {
        buildPaymentUrl(cfg, bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).retryable).toBe(false);
      expect((err as ProviderError).kind).toBe('validation');
    }
  });
});

describe('diacritics', () => {
  it('strips Vietnamese marks and maps đ/Đ', () => {
    expect(stripDiacritics('Nguyễn Thị Hương – Đăng ký khai sinh, đổi giấy tờ')).toBe('Nguyen Thi Huong – Dang ky khai sinh, doi giay to');
    expect(sanitizeOrderInfo('Thanh toán: lệ phí “hộ tịch”  &  phí')).toBe('Thanh toan: le phi ho tich phi');
  });
});

describe('verifySignature', () => {
  const signed = () => new URL(buildPaymentUrl(cfg, req())).searchParams;

  it('accepts an intact query (URLSearchParams or a plain object, any hex case)', () => {
    const p = signed();
    expect(verifySignature(p, cfg.hashSecret)).toBe(true);
    const obj = Object.fromEntries(p);
    expect(verifySignature(obj, cfg.hashSecret)).toBe(true);
    expect(verifySignature({ ...obj, vnp_SecureHash: obj.vnp_SecureHash!.toUpperCase() }, cfg.hashSecret)).toBe(true);
    // vnp_SecureHashType is not signed
    expect(verifySignature({ ...obj, vnp_SecureHashType: 'HmacSHA512' }, cfg.hashSecret)).toBe(true);
    // non-vnp fields and empty fields are not signed
    expect(verifySignature({ ...obj, utm: 'x', vnp_BankCode: '' }, cfg.hashSecret)).toBe(true);
  });

  it('rejects tampering, a wrong secret, a missing or repeated field', () => {
    const obj = Object.fromEntries(signed());
    expect(verifySignature({ ...obj, vnp_Amount: '100' }, cfg.hashSecret)).toBe(false);
    expect(verifySignature(obj, 'another-secret')).toBe(false);
    const { vnp_SecureHash: _h, ...noHash } = obj;
    expect(verifySignature(noHash, cfg.hashSecret)).toBe(false);
    expect(verifySignature({ ...obj, vnp_SecureHash: 'abc' }, cfg.hashSecret)).toBe(false);
    expect(verifySignature({ ...obj, vnp_Amount: ['15000000', '1'] }, cfg.hashSecret)).toBe(false);
    const dup = signed();
    dup.append('vnp_Amount', '1');
    expect(verifySignature(dup, cfg.hashSecret)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------

class MemoryStore implements PaymentOrderStore {
  orders = new Map<string, { amountVnd: number; status: 'pending' | 'paid' | 'failed'; details?: unknown }>();
  calls: string[] = [];
  failWith: Error | null = null;
  loseRace = false;
  async findByTxnRef(ref: string) {
    this.calls.push(`find:${ref}`);
    if (this.failWith) throw this.failWith;
    const o = this.orders.get(ref);
    return o ? { amountVnd: o.amountVnd, status: o.status } : null;
  }
  async markPaid(ref: string, details: unknown) {
    this.calls.push(`paid:${ref}`);
    if (this.loseRace) return false;
    this.orders.get(ref)!.status = 'paid';
    this.orders.get(ref)!.details = details;
  }
  async markFailed(ref: string, details: unknown) {
    this.calls.push(`failed:${ref}`);
    this.orders.get(ref)!.status = 'failed';
    this.orders.get(ref)!.details = details;
  }
}

/** Signs an IPN the way the gateway does. */
function ipn(over: Record<string, string> = {}, secret = cfg.hashSecret): Record<string, string> {
  const fields: Record<string, string> = {
    vnp_Amount: '15000000',
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14000001',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Le phi dang ky khai sinh',
    vnp_PayDate: '20240521101500',
    vnp_ResponseCode: '00',
    vnp_TmnCode: cfg.tmnCode,
    vnp_TransactionNo: '14000001',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'REF1',
    ...over,
  };
  return { ...fields, vnp_SecureHash: signFields(fields, secret) };
}

describe('handleIpn', () => {
  const opts = { hashSecret: cfg.hashSecret, tmnCode: cfg.tmnCode };
  const storeWith = (status: 'pending' | 'paid' | 'failed' = 'pending') => {
    const s = new MemoryStore();
    s.orders.set('REF1', { amountVnd: 150_000, status });
    return s;
  };

  it('marks paid and confirms on 00/00, with bank details and the GMT+7 pay date', async () => {
    const s = storeWith();
    expect(await handleIpn(ipn(), s, opts)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    const o = s.orders.get('REF1')!;
    expect(o.status).toBe('paid');
    expect(o.details).toEqual({ bankCode: 'NCB', transactionNo: '14000001', payDate: new Date('2024-05-21T03:15:00Z'), amountVnd: 150_000 });
  });

  it('records a failure (cancel, or ResponseCode 00 with a non-00 status) and still confirms receipt', async () => {
    const s = storeWith();
    expect(await handleIpn(ipn({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }), s, opts)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(s.orders.get('REF1')!.status).toBe('failed');
    const s2 = storeWith();
    await handleIpn(ipn({ vnp_ResponseCode: '00', vnp_TransactionStatus: '07' }), s2, opts);
    expect(s2.orders.get('REF1')!.status).toBe('failed');
    expect(s2.orders.get('REF1')!.details).toMatchObject({ responseCode: '00', transactionStatus: '07' });
  });

  it('answers 97 for a bad signature before touching the store', async () => {
    const s = storeWith();
    const bad = { ...ipn(), vnp_Amount: '100' };
    expect(await handleIpn(bad, s, opts)).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    expect(await handleIpn(ipn({}, 'wrong-secret'), s, opts)).toMatchObject({ RspCode: '97' });
    expect(await handleIpn(ipn({ vnp_TmnCode: 'OTHER' }), s, opts)).toMatchObject({ RspCode: '97' });
    expect(s.calls).toEqual([]);
  });

  it('answers 01 when the order is unknown, even with a wrong amount', async () => {
    const s = storeWith();
    expect(await handleIpn(ipn({ vnp_TxnRef: 'NOPE', vnp_Amount: '1' }), s, opts)).toEqual({ RspCode: '01', Message: 'Order not found' });
  });

  it('answers 04 on an amount mismatch, before the already-confirmed check', async () => {
    const s = storeWith('paid');
    expect(await handleIpn(ipn({ vnp_Amount: '15000100' }), s, opts)).toEqual({ RspCode: '04', Message: 'Invalid amount' });
  });

  it('answers 02 when already confirmed, and never marks twice', async () => {
    const s = storeWith();
    expect((await handleIpn(ipn(), s, opts)).RspCode).toBe('00');
    expect(await handleIpn(ipn(), s, opts)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(s.calls.filter((c) => c.startsWith('paid')).length).toBe(1);
    const failed = storeWith('failed');
    expect((await handleIpn(ipn(), failed, opts)).RspCode).toBe('02');
  });

  it('answers 02 when a concurrent delivery won the conditional update', async () => {
    const s = storeWith();
    s.loseRace = true;
    expect((await handleIpn(ipn(), s, opts)).RspCode).toBe('02');
  });

  it('answers 99 when the store throws', async () => {
    const s = storeWith();
    s.failWith = new Error('db down');
    const errors: unknown[] = [];
    expect(await handleIpn(ipn(), s, { ...opts, onError: (e) => errors.push(e) })).toEqual({ RspCode: '99', Message: 'Unknown error' });
    expect(errors).toHaveLength(1);
  });
});

describe('verifyReturn', () => {
  it('reports success for display only', () => {
    const r = verifyReturn(ipn(), cfg.hashSecret);
    expect(r).toMatchObject({ valid: true, success: true, txnRef: 'REF1', amountVnd: 150_000, message: 'Giao dịch thành công' });
  });
  it('reports a cancel and a forgery', () => {
    expect(verifyReturn(ipn({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }), cfg.hashSecret)).toMatchObject({
      valid: true, success: false, message: 'Người nộp đã hủy giao dịch',
    });
    expect(verifyReturn({ ...ipn(), vnp_ResponseCode: '00', vnp_Amount: '1' }, cfg.hashSecret)).toMatchObject({ valid: false, success: false });
  });
});

describe('txnRefFor', () => {
  it('is deterministic, VNPay-safe and ≤ 100 chars', () => {
    const a = txnRefFor('000.00.19.H26-240521-0001', 'LE_PHI');
    expect(txnRefFor('000.00.19.H26-240521-0001', 'LE_PHI')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9]{1,100}$/);
    expect(a.startsWith('0000019H262405210001FLEPHIH')).toBe(true);
    const long = txnRefFor('X'.repeat(300), 'Phí thẩm định hồ sơ'.repeat(10), 99);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^[A-Za-z0-9]+$/);
  });
  it('separates codes that differ only in punctuation, fee lines and attempts', () => {
    const refs = new Set([
      txnRefFor('000.00.19.H26-240521-0001', 'LE_PHI'),
      txnRefFor('000-00-19-H26.240521.0001', 'LE_PHI'),
      txnRefFor('000.00.19.H26-240521-0001', 'LEPHI'),
      txnRefFor('000.00.19.H26-240521-0001', 'PHI'),
      txnRefFor('000.00.19.H26-240521-0001', 'LE_PHI', 2),
    ]);
    expect(refs.size).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('queryTransaction error classification', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((r) => server!.close(r));
    server = undefined;
  });
  async function serve(handler: (body: string, res: import('node:http').ServerResponse) => void): Promise<string> {
    server = createServer((rq, rs) => {
      let body = '';
      rq.on('data', (c) => (body += c));
      rq.on('end', () => handler(body, rs));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/merchant_webapi/api/transaction`;
  }
  const q = { txnRef: 'REF1', transactionDate: createdAt, ipAddr: '127.0.0.1', requestId: 'RQ1', createdAt };
  const catchErr = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);

  it('signs the request with the documented pipe order', async () => {
    let seen: Record<string, string> = {};
    const apiUrl = await serve((body, res) => {
      seen = JSON.parse(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ vnp_ResponseCode: '99' }));
    });
    await catchErr(queryTransaction({ ...cfg, apiUrl }, q));
    const data = ['RQ1', '2.1.0', 'querydr', 'MOTCUA01', 'REF1', '20240521100405', '20240521100405', '127.0.0.1', 'Truy van giao dich REF1'].join('|');
    expect(seen.vnp_SecureHash).toBe(hmac(data));
  });

  it('503 and connection refused are retryable; a forged success is not', async () => {
    const apiUrl = await serve((_b, res) => res.writeHead(503).end('maintenance'));
    const e1 = await catchErr(queryTransaction({ ...cfg, apiUrl }, q));
    expect(e1).toMatchObject({ kind: 'server', retryable: true, httpStatus: 503 });
    await new Promise((r) => server!.close(r));
    server = undefined;
    const e2 = await catchErr(queryTransaction({ ...cfg, apiUrl }, q));
    expect(e2).toMatchObject({ kind: 'network', retryable: true });

    const forged = await serve((_b, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ vnp_ResponseCode: '00', vnp_TxnRef: 'REF1', vnp_TransactionStatus: '00', vnp_SecureHash: 'ab'.repeat(64) }),
      ),
    );
    const e3 = await catchErr(queryTransaction({ ...cfg, apiUrl: forged }, q));
    expect(e3).toBeInstanceOf(ProviderError);
    expect(e3).toMatchObject({ kind: 'signature', retryable: false });
  });

  it('times out as a retryable error', async () => {
    const apiUrl = await serve(() => {
      /* never answers */
    });
    const e = await catchErr(queryTransaction({ ...cfg, apiUrl, timeoutMs: 200 }, q));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true });
    server!.closeAllConnections();
  });
});
