/**
 * VNPay payment gateway, protocol version 2.1.0 (cổng thanh toán VNPAY), written from the public integration spec:
 * - payment URL (vnp_Command=pay) signed with HMAC-SHA512 over the sorted, form-urlencoded vnp_ fields;
 * - IPN (Instant Payment Notification, server-to-server GET from VNPay) — the only thing that may mark a fee paid;
 * - return URL (browser redirect) — display only;
 * - querydr (truy vấn kết quả giao dịch) JSON API, signed over '|'-joined fields in a fixed order.
 *
 * Pure functions plus `fetch`; the sandbox in ./sandbox-gateway plays VNPay's side with the same helpers for
 * encoding, but keeps its own secret so a wrong key on either side shows up as a checksum error.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import { ProviderError, errorFromFetchFailure, errorFromHttpStatus } from '../provider-error';

export const VNPAY_VERSION = '2.1.0';
const PROVIDER = 'vnpay';
/** VNPay dates are wall-clock GMT+7 regardless of where we run. */
const VNPAY_ZONE = 'UTC+7';
const DATE_FORMAT = 'yyyyMMddHHmmss';

export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  /** e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html */
  payUrl: string;
  returnUrl: string;
}

export interface PaymentRequest {
  txnRef: string;
  /** Integer VND; sent as ×100. */
  amountVnd: number;
  orderInfo: string;
  ipAddr: string;
  createdAt: Date;
  locale?: 'vn' | 'en';
  /** VNPay goods category; 'other' when not given. */
  orderType?: string;
  /** Minutes after createdAt; 15 when not given. */
  expireMinutes?: number;
  /** Optional: pre-select a bank/method (e.g. 'VNBANK', 'VNPAYQR'). */
  bankCode?: string;
}

/** What express puts in req.query, a URLSearchParams, or a plain map. */
export type QueryInput = URLSearchParams | Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Encoding helpers

/** yyyyMMddHHmmss in GMT+7. */
export function formatVnpayDate(d: Date): string {
  return DateTime.fromJSDate(d, { zone: VNPAY_ZONE }).toFormat(DATE_FORMAT);
}

/** Parses yyyyMMddHHmmss (GMT+7); null if malformed. */
export function parseVnpayDate(s: string | undefined): Date | null {
  if (!s || !/^\d{14}$/.test(s)) return null;
  const dt = DateTime.fromFormat(s, DATE_FORMAT, { zone: VNPAY_ZONE });
  return dt.isValid ? dt.toJSDate() : null;
}

/**
 * Vietnamese without diacritics, as VNPay requires for vnp_OrderInfo ("Tiếng Việt không dấu").
 * đ/Đ are separate letters, not a base letter plus a combining mark, so NFD alone misses them.
 */
export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Order info as VNPay accepts it: no diacritics, no special characters, ≤ 255 chars. */
export function sanitizeOrderInfo(s: string): string {
  const out = stripDiacritics(s)
    .replace(/[^A-Za-z0-9 .,:;_\-/()#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255)
    .trim();
  return out;
}

/** Normalises a query to single string values; null if any vnp_ field is repeated (a tampering sign). */
export function normalizeQuery(query: QueryInput): Record<string, string> | null {
  const out: Record<string, string> = {};
  if (query instanceof URLSearchParams) {
    for (const key of new Set(query.keys())) {
      const all = query.getAll(key);
      if (all.length !== 1) return null;
      out[key] = all[0]!;
    }
    return out;
  }
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
    else return null;
  }
  return out;
}

/**
 * The string VNPay signs: non-empty vnp_ fields except the hash fields, sorted by key, each `key=value`
 * form-urlencoded (URLSearchParams encodes like Java's URLEncoder used in VNPay's reference: space → '+'),
 * joined with '&'.
 */
export function signData(fields: Record<string, string>): string {
  const entries = Object.entries(fields)
    .filter(([k, v]) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export function hmacSha512Hex(secret: string, data: string): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

/** Signs a field map; returns the hex hash. */
export function signFields(fields: Record<string, string>, hashSecret: string): string {
  return hmacSha512Hex(hashSecret, signData(fields));
}

/** Constant-time comparison of two hex digests (case-insensitive). */
export function safeEqualHex(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  // Compare against itself on length mismatch so the timing does not reveal the length check.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// Payment URL

const TXN_REF_RE = /^[A-Za-z0-9_-]{1,100}$/;
const IP_RE = /^[0-9A-Fa-f:.]{2,45}$/;

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: PROVIDER, kind: 'validation', message });
}

/** Builds the signed redirect URL to VNPay's payment page. Throws a non-retryable ProviderError on bad input. */
export function buildPaymentUrl(cfg: VnpayConfig, req: PaymentRequest): string {
  if (!cfg.tmnCode || !cfg.hashSecret) throw invalid('tmnCode and hashSecret are required');
  if (!TXN_REF_RE.test(req.txnRef)) throw invalid(`txnRef must be 1–100 of [A-Za-z0-9_-]: ${JSON.stringify(req.txnRef)}`);
  if (!Number.isSafeInteger(req.amountVnd) || req.amountVnd <= 0) throw invalid(`amountVnd must be a positive integer: ${req.amountVnd}`);
  // vnp_Amount is Numeric(12) in the spec.
  if (req.amountVnd * 100 > 999_999_999_999) throw invalid(`amountVnd too large: ${req.amountVnd}`);
  if (!IP_RE.test(req.ipAddr)) throw invalid(`ipAddr is not an IP address: ${JSON.stringify(req.ipAddr)}`);
  if (Number.isNaN(req.createdAt.getTime())) throw invalid('createdAt is not a valid date');
  const orderInfo = sanitizeOrderInfo(req.orderInfo);
  if (!orderInfo) throw invalid('orderInfo is empty after removing diacritics and special characters');
  const expireMinutes = req.expireMinutes ?? 15;
  if (!(expireMinutes > 0)) throw invalid(`expireMinutes must be positive: ${expireMinutes}`);

  const fields: Record<string, string> = {
    vnp_Version: VNPAY_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: cfg.tmnCode,
    vnp_Amount: String(req.amountVnd * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: req.txnRef,
    vnp_OrderInfo: orderInfo,
    vnp_OrderType: req.orderType ?? 'other',
    vnp_Locale: req.locale ?? 'vn',
    vnp_ReturnUrl: cfg.returnUrl,
    vnp_IpAddr: req.ipAddr,
    vnp_CreateDate: formatVnpayDate(req.createdAt),
    vnp_ExpireDate: formatVnpayDate(new Date(req.createdAt.getTime() + expireMinutes * 60_000)),
  };
  if (req.bankCode) fields.vnp_BankCode = req.bankCode;
  const data = signData(fields);
  return `${cfg.payUrl}?${data}&vnp_SecureHash=${hmacSha512Hex(cfg.hashSecret, data)}`;
}

/**
 * Deterministic merchant reference for one fee line of one dossier, so a retried activity or a double click
 * reuses the same reference and the IPN handler's "already confirmed" check stops a second charge.
 * Readable prefix (alphanumerics of both codes) + 16 hex of a SHA-256 over the exact codes, because
 * stripping punctuation alone could map two different dossier codes to the same string.
 * `attempt` > 1 is for a new payment after a failed/cancelled one (VNPay rejects a reused reference).
 */
export function txnRefFor(dossierCode: string, feeLineCode: string, attempt = 1): string {
  if (!dossierCode || !feeLineCode) throw invalid('dossierCode and feeLineCode are required');
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99) throw invalid(`attempt must be 1..99: ${attempt}`);
  const clean = (s: string) => stripDiacritics(s).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const digest = createHash('sha256').update(`${dossierCode}\u0000${feeLineCode}`, 'utf8').digest('hex').slice(0, 16);
  const ref = `${clean(dossierCode).slice(0, 40)}F${clean(feeLineCode).slice(0, 20)}H${digest}`;
  return attempt === 1 ? ref : `${ref}A${attempt}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Signature verification, IPN, return URL

/** True when vnp_SecureHash matches the other vnp_ fields under this secret. */
export function verifySignature(query: QueryInput, hashSecret: string): boolean {
  const fields = normalizeQuery(query);
  if (!fields) return false;
  const received = fields.vnp_SecureHash;
  if (!received || !/^[0-9a-fA-F]{128}$/.test(received)) return false;
  return safeEqualHex(signFields(fields, hashSecret), received);
}

export type PaymentOrderStatus = 'pending' | 'paid' | 'failed';

export interface PaidDetails {
  /** Which channel told us: the IPN (default) or a querydr reconciliation. */
  via?: 'ipn' | 'querydr';
  bankCode: string;
  transactionNo: string;
  /** vnp_PayDate; null if VNPay omitted it. */
  payDate: Date | null;
  amountVnd: number;
}

export interface FailedDetails {
  bankCode: string;
  transactionNo: string;
  payDate: Date | null;
  amountVnd: number;
  responseCode: string;
  transactionStatus: string;
}

/**
 * Persistence of payment orders, implemented by the lead on Postgres.
 * markPaid/markFailed should be conditional updates (`... WHERE status = 'pending'`): two IPN deliveries can
 * race. Returning `false` means a concurrent delivery won; the handler then answers '02'.
 */
export interface PaymentOrderStore {
  findByTxnRef(txnRef: string): Promise<{ amountVnd: number; status: PaymentOrderStatus } | null>;
  markPaid(txnRef: string, details: PaidDetails): Promise<void | boolean>;
  markFailed(txnRef: string, details: FailedDetails): Promise<void | boolean>;
}

export interface IpnAnswer {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
}

export interface IpnOptions {
  hashSecret: string;
  /** When given, an IPN for another terminal is treated like a bad checksum. */
  tmnCode?: string;
  /** Called with unexpected errors before answering '99' (for logging). */
  onError?: (err: unknown) => void;
}

/**
 * IPN handler (URL nhận kết quả thanh toán). Answer this JSON with HTTP 200 whatever the outcome: VNPay reads
 * RspCode, and retries on anything other than '00'/'02'. Checks in the order the spec documents.
 */
export async function handleIpn(query: QueryInput, store: PaymentOrderStore, opts: IpnOptions): Promise<IpnAnswer> {
  try {
    const fields = normalizeQuery(query);
    if (!fields || !verifySignature(fields, opts.hashSecret) || (opts.tmnCode !== undefined && fields.vnp_TmnCode !== opts.tmnCode)) {
      return { RspCode: '97', Message: 'Invalid signature' };
    }
    const txnRef = fields.vnp_TxnRef ?? '';
    const order = txnRef ? await store.findByTxnRef(txnRef) : null;
    if (!order) return { RspCode: '01', Message: 'Order not found' };

    const rawAmount = fields.vnp_Amount ?? '';
    if (!/^\d{1,15}$/.test(rawAmount) || Number(rawAmount) !== order.amountVnd * 100) {
      return { RspCode: '04', Message: 'Invalid amount' };
    }
    if (order.status !== 'pending') return { RspCode: '02', Message: 'Order already confirmed' };

    const common = {
      bankCode: fields.vnp_BankCode ?? '',
      transactionNo: fields.vnp_TransactionNo ?? '',
      payDate: parseVnpayDate(fields.vnp_PayDate),
      amountVnd: order.amountVnd,
    };
    const responseCode = fields.vnp_ResponseCode ?? '';
    const transactionStatus = fields.vnp_TransactionStatus ?? '';
    const won =
      responseCode === '00' && transactionStatus === '00'
        ? await store.markPaid(txnRef, common)
        : await store.markFailed(txnRef, { ...common, responseCode, transactionStatus });
    if (won === false) return { RspCode: '02', Message: 'Order already confirmed' };
    return { RspCode: '00', Message: 'Confirm Success' };
  } catch (err) {
    opts.onError?.(err);
    return { RspCode: '99', Message: 'Unknown error' };
  }
}

/** Vietnamese text for vnp_ResponseCode of a payment (shown to the citizen on the return page). */
export const PAYMENT_RESPONSE_MESSAGES: Readonly<Record<string, string>> = {
  '00': 'Giao dịch thành công',
  '07': 'Đã trừ tiền, giao dịch đang được kiểm tra (nghi ngờ gian lận)',
  '09': 'Thẻ/tài khoản chưa đăng ký dịch vụ Internet Banking',
  '10': 'Xác thực thông tin thẻ/tài khoản sai quá 3 lần',
  '11': 'Đã hết thời gian chờ thanh toán',
  '12': 'Thẻ/tài khoản bị khóa',
  '13': 'Nhập sai mật khẩu xác thực (OTP)',
  '24': 'Người nộp đã hủy giao dịch',
  '51': 'Tài khoản không đủ số dư',
  '65': 'Tài khoản đã vượt hạn mức giao dịch trong ngày',
  '75': 'Ngân hàng thanh toán đang bảo trì',
  '79': 'Nhập sai mật khẩu thanh toán quá số lần quy định',
  '99': 'Lỗi không xác định',
};

export interface ReturnResult {
  /** False: the query was tampered with or signed with another key — show an error, trust nothing. */
  valid: boolean;
  /** True only for a valid signature with ResponseCode and TransactionStatus both '00'. Display only. */
  success: boolean;
  txnRef: string | null;
  amountVnd: number | null;
  responseCode: string | null;
  transactionStatus: string | null;
  transactionNo: string | null;
  bankCode: string | null;
  payDate: Date | null;
  /** Vietnamese message for the citizen. */
  message: string;
}

/**
 * Reads the browser return (vnp_ReturnUrl). Never marks anything paid: the browser can be closed, replayed or
 * forged, and the IPN is the authoritative channel.
 */
export function verifyReturn(query: QueryInput, hashSecret: string): ReturnResult {
  const fields = normalizeQuery(query);
  const valid = fields !== null && verifySignature(fields, hashSecret);
  if (!valid || !fields) {
    return {
      valid: false, success: false, txnRef: null, amountVnd: null, responseCode: null, transactionStatus: null,
      transactionNo: null, bankCode: null, payDate: null, message: 'Chữ ký không hợp lệ: không xác nhận được kết quả thanh toán',
    };
  }
  const responseCode = fields.vnp_ResponseCode ?? null;
  const transactionStatus = fields.vnp_TransactionStatus ?? null;
  const amount = fields.vnp_Amount && /^\d+$/.test(fields.vnp_Amount) ? Number(fields.vnp_Amount) / 100 : null;
  const success = responseCode === '00' && transactionStatus === '00';
  return {
    valid: true,
    success,
    txnRef: fields.vnp_TxnRef ?? null,
    amountVnd: amount,
    responseCode,
    transactionStatus,
    transactionNo: fields.vnp_TransactionNo ?? null,
    bankCode: fields.vnp_BankCode ?? null,
    payDate: parseVnpayDate(fields.vnp_PayDate),
    message: (responseCode && PAYMENT_RESPONSE_MESSAGES[responseCode]) ?? `Giao dịch không thành công (mã ${responseCode ?? '?'})`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// querydr

/** Field order of the querydr request checksum, as documented. */
export const QUERYDR_REQUEST_HASH_FIELDS = [
  'vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef',
  'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo',
] as const;

/** Field order of the querydr response checksum; absent fields count as empty strings. */
export const QUERYDR_RESPONSE_HASH_FIELDS = [
  'vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount',
  'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus',
  'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount',
] as const;

/** HMAC-SHA512 over the given fields joined with '|', missing ones as ''. */
export function pipeHash(obj: Record<string, unknown>, order: readonly string[], hashSecret: string): string {
  const data = order.map((k) => (obj[k] === undefined || obj[k] === null ? '' : String(obj[k]))).join('|');
  return hmacSha512Hex(hashSecret, data);
}

export interface QueryTransactionConfig {
  tmnCode: string;
  hashSecret: string;
  /** e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction */
  apiUrl: string;
  timeoutMs?: number;
}

export interface QueryTransactionRequest {
  txnRef: string;
  /** vnp_CreateDate of the original payment. */
  transactionDate: Date;
  ipAddr: string;
  /** Unique per day, ≤ 32 chars: generate it inside the activity attempt, not in the workflow. */
  requestId: string;
  createdAt: Date;
  orderInfo?: string;
  transactionNo?: string;
}

export interface QueryTransactionResult {
  /** False when VNPay answered 91 (no such transaction). */
  found: boolean;
  /** ResponseCode 00 and TransactionStatus 00. */
  paid: boolean;
  responseCode: string;
  message: string;
  txnRef: string;
  amountVnd: number | null;
  bankCode: string;
  payDate: Date | null;
  transactionNo: string;
  /** 01 payment, 02 full refund, 03 partial refund. */
  transactionType: string;
  /** 00 success, 01 not finished, 02 failed, ... */
  transactionStatus: string;
  raw: Record<string, unknown>;
}

/** Queries a transaction's state (the fallback when an IPN never arrived). */
export async function queryTransaction(cfg: QueryTransactionConfig, req: QueryTransactionRequest): Promise<QueryTransactionResult> {
  if (!TXN_REF_RE.test(req.txnRef)) throw invalid(`txnRef must be 1–100 of [A-Za-z0-9_-]: ${JSON.stringify(req.txnRef)}`);
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(req.requestId)) throw invalid(`requestId must be 1–32 of [A-Za-z0-9_-]`);
  if (!IP_RE.test(req.ipAddr)) throw invalid(`ipAddr is not an IP address: ${JSON.stringify(req.ipAddr)}`);
  const body: Record<string, string> = {
    vnp_RequestId: req.requestId,
    vnp_Version: VNPAY_VERSION,
    vnp_Command: 'querydr',
    vnp_TmnCode: cfg.tmnCode,
    vnp_TxnRef: req.txnRef,
    vnp_OrderInfo: sanitizeOrderInfo(req.orderInfo ?? `Truy van giao dich ${req.txnRef}`),
    vnp_TransactionDate: formatVnpayDate(req.transactionDate),
    vnp_CreateDate: formatVnpayDate(req.createdAt),
    vnp_IpAddr: req.ipAddr,
  };
  if (req.transactionNo) body.vnp_TransactionNo = req.transactionNo;
  body.vnp_SecureHash = pipeHash(body, QUERYDR_REQUEST_HASH_FIELDS, cfg.hashSecret);

  const timeoutMs = cfg.timeoutMs ?? 15_000;
  let res: Response;
  let text: string;
  try {
    res = await fetch(cfg.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    throw errorFromFetchFailure(PROVIDER, e, timeoutMs);
  }
  if (!res.ok) throw errorFromHttpStatus(PROVIDER, res.status, text);
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    json = parsed as Record<string, unknown>;
  } catch (e) {
    throw new ProviderError({ provider: PROVIDER, kind: 'protocol', retryable: false, message: `querydr answered non-JSON: ${text.slice(0, 200)}`, cause: e });
  }
  const str = (k: string) => (json[k] === undefined || json[k] === null ? '' : String(json[k]));
  const responseCode = str('vnp_ResponseCode');
  const receivedHash = str('vnp_SecureHash');
  const hashOk = receivedHash !== '' && safeEqualHex(pipeHash(json, QUERYDR_RESPONSE_HASH_FIELDS, cfg.hashSecret), receivedHash);

  // Error answers are acted on only as "failed"; a success must carry a valid checksum to be believed.
  if (responseCode === '00' || responseCode === '91') {
    if (!hashOk) {
      throw new ProviderError({ provider: PROVIDER, kind: 'signature', message: 'querydr response checksum mismatch', providerCode: responseCode });
    }
  } else {
    const meaning: Record<string, string> = {
      '02': 'merchant (TmnCode) not valid',
      '03': 'request data format invalid',
      '94': 'duplicate request (vnp_RequestId reused)',
      '97': 'checksum rejected by VNPay (check hashSecret)',
      '99': 'VNPay internal error',
    };
    throw new ProviderError({
      provider: PROVIDER,
      kind: responseCode === '97' ? 'signature' : responseCode === '99' ? 'server' : 'rejected',
      retryable: responseCode === '99',
      providerCode: responseCode,
      message: `querydr ${responseCode}: ${meaning[responseCode] ?? (str('vnp_Message') || 'unknown')}`,
    });
  }
  if (responseCode === '00' && str('vnp_TxnRef') !== req.txnRef) {
    throw new ProviderError({ provider: PROVIDER, kind: 'protocol', retryable: false, message: `querydr answered for another txnRef: ${str('vnp_TxnRef')}` });
  }
  const amount = str('vnp_Amount');
  const transactionStatus = str('vnp_TransactionStatus');
  return {
    found: responseCode === '00',
    paid: responseCode === '00' && transactionStatus === '00',
    responseCode,
    message: str('vnp_Message'),
    txnRef: str('vnp_TxnRef') || req.txnRef,
    amountVnd: /^\d+$/.test(amount) ? Number(amount) / 100 : null,
    bankCode: str('vnp_BankCode'),
    payDate: parseVnpayDate(str('vnp_PayDate')),
    transactionNo: str('vnp_TransactionNo'),
    transactionType: str('vnp_TransactionType'),
    transactionStatus,
    raw: json,
  };
}
