/**
 * A local stand-in for VNPay's sandbox (môi trường thử nghiệm), so development and tests run without the internet.
 * It plays the gateway's side of the 2.1.0 protocol: validates the signed payment URL, shows a payment page,
 * calls the merchant IPN (GET with a signed query, like VNPay), redirects the browser to vnp_ReturnUrl, and answers
 * querydr. Test controls let a test pay/cancel without a browser and misbehave on purpose (replays, bad signatures,
 * wrong amounts, a result whose IPN is lost so that only querydr can tell). State is in memory: it is the other
 * party, not ours to persist.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import {
  PAYMENT_RESPONSE_MESSAGES,
  QUERYDR_REQUEST_HASH_FIELDS,
  QUERYDR_RESPONSE_HASH_FIELDS,
  VNPAY_VERSION,
  formatVnpayDate,
  normalizeQuery,
  parseVnpayDate,
  pipeHash,
  safeEqualHex,
  signData,
  signFields,
  verifySignature,
  type IpnAnswer,
  type QueryInput,
} from './vnpay';
import { clock } from '../clock';

export interface VnpaySandboxOptions {
  tmnCode: string;
  hashSecret: string;
  /** Merchant IPN endpoint; a function when the port is only known after the server starts. */
  ipnUrl: string | (() => string);
  /** Clock, for expiry and pay dates. */
  now?: () => Date;
  ipnTimeoutMs?: number;
}

export type SandboxTxnStatus = 'pending' | 'paid' | 'failed' | 'cancelled';

export interface SandboxTransaction {
  txnRef: string;
  /** As sent: VND × 100. */
  amount: string;
  orderInfo: string;
  returnUrl: string;
  createDate: string;
  expireDate: string | null;
  ipAddr: string;
  status: SandboxTxnStatus;
  transactionNo: string | null;
  /** The last signed result (what the IPN and the return URL carry). */
  result: Record<string, string> | null;
}

/** `dropped`: the result IPN the gateway "lost" on purpose (never sent; recorded so tests can see it). */
export type IpnDeliveryKind = 'result' | 'replay' | 'corrupted-signature' | 'corrupted-amount' | 'dropped';

export interface IpnDelivery {
  at: Date;
  txnRef: string;
  kind: IpnDeliveryKind;
  url: string;
  httpStatus: number | null;
  /** The merchant's JSON answer; null if unreachable or not JSON. */
  answer: IpnAnswer | null;
  error?: string;
}

export interface FinishOptions {
  /** Settle the transaction but never send its IPN, as if the callback were lost. */
  dropIpn?: boolean;
}

export interface PayOutcome {
  delivery: IpnDelivery;
  /** Where the browser would be redirected, with the signed result. */
  returnUrl: string;
}

/** A validation failure of the payment URL, with VNPay-like code and a Vietnamese message. */
export class SandboxRequestError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'SandboxRequestError';
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);
const vnd = (amountX100: string) => `${new Intl.NumberFormat('vi-VN').format(Number(amountX100) / 100)} VND`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto}dt{font-weight:bold}button{font-size:1rem;margin-right:1rem}</style>
</head><body><h1>${esc(title)}</h1>${body}<p><small>Cổng thanh toán thử nghiệm (sandbox) — không trừ tiền thật.</small></p></body></html>`;
}

export function createVnpaySandbox(opts: VnpaySandboxOptions) {
  const now = opts.now ?? (() => clock.now());
  const txns = new Map<string, SandboxTransaction>();
  const deliveries: IpnDelivery[] = [];
  const seenRequestIds = new Set<string>();
  let nextTransactionNo = 14_000_001;
  const ipnUrl = () => (typeof opts.ipnUrl === 'function' ? opts.ipnUrl() : opts.ipnUrl);

  /** Validates a payment request the way the gateway would and registers the transaction. */
  function open(query: QueryInput | string): SandboxTransaction {
    const q = typeof query === 'string' ? new URL(query).searchParams : query;
    const f = normalizeQuery(q);
    if (!f) throw new SandboxRequestError('03', 'Dữ liệu gửi sang không đúng định dạng (tham số lặp)');
    if (!verifySignature(f, opts.hashSecret)) throw new SandboxRequestError('97', 'Sai chữ ký (vnp_SecureHash)');
    const need = (k: string, re: RegExp, what: string) => {
      const v = f[k];
      if (v === undefined || !re.test(v)) throw new SandboxRequestError('03', `Tham số ${k} không hợp lệ: ${what}`);
      return v;
    };
    need('vnp_Version', /^2\.1\.0$/, `phải là ${VNPAY_VERSION}`);
    need('vnp_Command', /^pay$/, 'phải là pay');
    if (f.vnp_TmnCode !== opts.tmnCode) throw new SandboxRequestError('02', 'Website chưa được phê duyệt (vnp_TmnCode)');
    const amount = need('vnp_Amount', /^[1-9]\d{0,11}$/, 'số nguyên dương ≤ 12 chữ số');
    if (!amount.endsWith('00')) throw new SandboxRequestError('03', 'Số tiền phải là VND × 100');
    need('vnp_CurrCode', /^VND$/, 'chỉ hỗ trợ VND');
    const txnRef = need('vnp_TxnRef', /^[A-Za-z0-9_-]{1,100}$/, '1–100 ký tự chữ, số');
    const orderInfo = need('vnp_OrderInfo', /^[\x20-\x7E]{1,255}$/, 'tiếng Việt không dấu, ≤ 255 ký tự');
    need('vnp_OrderType', /^.{1,100}$/, 'bắt buộc');
    need('vnp_Locale', /^(vn|en)$/, 'vn hoặc en');
    const returnUrl = need('vnp_ReturnUrl', /^https?:\/\/\S+$/, 'URL http(s)');
    const ipAddr = need('vnp_IpAddr', /^[0-9A-Fa-f:.]{2,45}$/, 'địa chỉ IP');
    const createDate = need('vnp_CreateDate', /^\d{14}$/, 'yyyyMMddHHmmss');
    if (!parseVnpayDate(createDate)) throw new SandboxRequestError('03', 'vnp_CreateDate không phải ngày hợp lệ');
    const expireDate = f.vnp_ExpireDate ?? null;
    if (expireDate !== null) {
      const exp = parseVnpayDate(expireDate);
      if (!exp) throw new SandboxRequestError('03', 'vnp_ExpireDate không phải ngày hợp lệ');
      if (exp.getTime() < now().getTime()) throw new SandboxRequestError('11', 'Giao dịch đã quá thời gian chờ thanh toán');
    }
    const existing = txns.get(txnRef);
    if (existing) {
      if (existing.status !== 'pending' || existing.amount !== amount) {
        throw new SandboxRequestError('03', 'Mã giao dịch (vnp_TxnRef) đã tồn tại');
      }
      return existing;
    }
    const txn: SandboxTransaction = {
      txnRef, amount, orderInfo, returnUrl, createDate, expireDate, ipAddr,
      status: 'pending', transactionNo: null, result: null,
    };
    txns.set(txnRef, txn);
    return txn;
  }

  function mustGet(txnRef: string): SandboxTransaction {
    const t = txns.get(txnRef);
    if (!t) throw new SandboxRequestError('91', `Không tìm thấy giao dịch ${txnRef}`);
    return t;
  }

  function signedQuery(fields: Record<string, string>): string {
    return `${signData(fields)}&vnp_SecureHash=${signFields(fields, opts.hashSecret)}`;
  }

  function complete(txn: SandboxTransaction, responseCode: string): Record<string, string> {
    if (txn.status !== 'pending') throw new SandboxRequestError('02', `Giao dịch ${txn.txnRef} đã kết thúc (${txn.status})`);
    const success = responseCode === '00';
    const transactionNo = success ? String(nextTransactionNo++) : '0';
    const result: Record<string, string> = {
      vnp_Amount: txn.amount,
      vnp_BankCode: success ? 'NCB' : 'VNPAY',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: txn.orderInfo,
      vnp_PayDate: formatVnpayDate(now()),
      vnp_ResponseCode: responseCode,
      vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: transactionNo,
      vnp_TransactionStatus: success ? '00' : '02',
      vnp_TxnRef: txn.txnRef,
    };
    if (success) result.vnp_BankTranNo = `VNP${transactionNo}`;
    txn.status = success ? 'paid' : responseCode === '24' ? 'cancelled' : 'failed';
    txn.transactionNo = transactionNo;
    txn.result = result;
    return result;
  }

  async function deliver(txnRef: string, kind: IpnDeliveryKind, query: string): Promise<IpnDelivery> {
    const base = ipnUrl();
    const url = `${base}${base.includes('?') ? '&' : '?'}${query}`;
    const d: IpnDelivery = { at: now(), txnRef, kind, url, httpStatus: null, answer: null };
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(opts.ipnTimeoutMs ?? 10_000) });
      d.httpStatus = res.status;
      const text = await res.text();
      try {
        const json = JSON.parse(text) as Partial<IpnAnswer>;
        if (typeof json.RspCode === 'string') d.answer = { RspCode: json.RspCode, Message: String(json.Message ?? '') } as IpnAnswer;
        else d.error = `answer without RspCode: ${text.slice(0, 200)}`;
      } catch {
        d.error = `answer is not JSON: ${text.slice(0, 200)}`;
      }
    } catch (e) {
      d.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    deliveries.push(d);
    return d;
  }

  async function finish(txnRef: string, responseCode: string, opts: FinishOptions = {}): Promise<PayOutcome> {
    const txn = mustGet(txnRef);
    const query = signedQuery(complete(txn, responseCode));
    let delivery: IpnDelivery;
    if (opts.dropIpn) {
      // The transaction is settled on the gateway's side, but the merchant never hears of it (network loss,
      // merchant down past the retries): only querydr can tell. `replayIpn` can still send it later.
      delivery = { at: now(), txnRef, kind: 'dropped', url: '', httpStatus: null, answer: null, error: 'IPN dropped by the sandbox (test control)' };
      deliveries.push(delivery);
    } else {
      delivery = await deliver(txnRef, 'result', query);
    }
    return { delivery, returnUrl: `${txn.returnUrl}${txn.returnUrl.includes('?') ? '&' : '?'}${query}` };
  }

  /** The citizen pays. `responseCode` other than '00' simulates a bank failure (e.g. '51' insufficient funds). */
  const pay = (txnRef: string, responseCode = '00', opts: FinishOptions = {}) => finish(txnRef, responseCode, opts);
  /** The citizen presses Hủy (VNPay code 24). */
  const cancel = (txnRef: string, opts: FinishOptions = {}) => finish(txnRef, '24', opts);

  /** Sends the same signed result again, as VNPay does when it did not get '00'/'02'. */
  async function replayIpn(txnRef: string): Promise<IpnDelivery> {
    const txn = mustGet(txnRef);
    if (!txn.result) throw new SandboxRequestError('01', `Giao dịch ${txnRef} chưa có kết quả để gửi lại`);
    return deliver(txnRef, 'replay', signedQuery(txn.result));
  }

  /**
   * A tampered notification for this transaction ('signature': a flipped hash character; 'amount': a different
   * amount, correctly re-signed, as if the gateway reported another sum). State is not changed.
   */
  async function sendCorruptedIpn(txnRef: string, how: 'signature' | 'amount'): Promise<IpnDelivery> {
    const txn = mustGet(txnRef);
    const base: Record<string, string> = txn.result ?? {
      vnp_Amount: txn.amount, vnp_BankCode: 'NCB', vnp_CardType: 'ATM', vnp_OrderInfo: txn.orderInfo,
      vnp_PayDate: formatVnpayDate(now()), vnp_ResponseCode: '00', vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: '99999999', vnp_TransactionStatus: '00', vnp_TxnRef: txn.txnRef,
    };
    if (how === 'amount') {
      const fields = { ...base, vnp_Amount: String(Number(base.vnp_Amount) + 100_000) };
      return deliver(txnRef, 'corrupted-amount', signedQuery(fields));
    }
    const hash = signFields(base, opts.hashSecret);
    const flipped = (hash[0] === '0' ? '1' : '0') + hash.slice(1);
    return deliver(txnRef, 'corrupted-signature', `${signData(base)}&vnp_SecureHash=${flipped}`);
  }

  // ---- querydr -------------------------------------------------------------------------------------------------

  function querydr(body: unknown): Record<string, string> {
    const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : b[k] === undefined ? '' : String(b[k]));
    const answer = (fields: Record<string, string>): Record<string, string> => {
      const out: Record<string, string> = {
        vnp_ResponseId: randomBytes(16).toString('hex'),
        vnp_Command: 'querydr',
        vnp_TmnCode: opts.tmnCode,
        vnp_TxnRef: s('vnp_TxnRef'),
        ...fields,
      };
      out.vnp_SecureHash = pipeHash(out, QUERYDR_RESPONSE_HASH_FIELDS, opts.hashSecret);
      return out;
    };
    const fail = (code: string, message: string) => answer({ vnp_ResponseCode: code, vnp_Message: message });

    if (s('vnp_Command') !== 'querydr') return fail('03', 'Only querydr is supported by the sandbox');
    for (const k of QUERYDR_REQUEST_HASH_FIELDS) if (!s(k)) return fail('03', `Missing ${k}`);
    const hash = s('vnp_SecureHash');
    if (!hash || !safeEqualHex(pipeHash(b, QUERYDR_REQUEST_HASH_FIELDS, opts.hashSecret), hash)) return fail('97', 'Invalid checksum');
    if (s('vnp_TmnCode') !== opts.tmnCode) return fail('02', 'Merchant is not valid');
    const requestKey = `${formatVnpayDate(now()).slice(0, 8)}:${s('vnp_RequestId')}`;
    if (seenRequestIds.has(requestKey)) return fail('94', 'Duplicate request');
    seenRequestIds.add(requestKey);
    const txn = txns.get(s('vnp_TxnRef'));
    // VNPay looks the transaction up by reference and its creation date; a wrong date means "not found".
    if (!txn || txn.createDate !== s('vnp_TransactionDate')) return fail('91', 'Transaction not found');
    const r = txn.result;
    return answer({
      vnp_ResponseCode: '00',
      vnp_Message: 'QueryDR Success',
      vnp_Amount: txn.amount,
      vnp_OrderInfo: txn.orderInfo,
      vnp_BankCode: r?.vnp_BankCode ?? '',
      vnp_PayDate: r?.vnp_PayDate ?? '',
      vnp_TransactionNo: txn.transactionNo ?? '',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: txn.status === 'paid' ? '00' : txn.status === 'pending' ? '01' : '02',
    });
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  const router: Router = express.Router();
  router.use(express.urlencoded({ extended: false }));
  router.use(express.json());

  const errorPage = (res: Response, e: unknown) => {
    if (e instanceof SandboxRequestError) {
      res.status(400).type('html').send(page('Giao dịch không hợp lệ', `<p>Mã lỗi: <b>${esc(e.code)}</b></p><p>${esc(e.message)}</p>`));
      return;
    }
    throw e;
  };

  router.get('/paymentv2/vpcpay.html', (req: Request, res: Response) => {
    let txn: SandboxTransaction;
    try {
      txn = open(req.query as QueryInput);
    } catch (e) {
      return errorPage(res, e);
    }
    const hidden = `<input type="hidden" name="txnRef" value="${esc(txn.txnRef)}">`;
    res.type('html').send(
      page(
        'Thanh toán qua VNPAY',
        `<dl><dt>Số tiền</dt><dd id="amount">${esc(vnd(txn.amount))}</dd>
<dt>Nội dung thanh toán</dt><dd id="order-info">${esc(txn.orderInfo)}</dd>
<dt>Mã giao dịch</dt><dd id="txn-ref">${esc(txn.txnRef)}</dd></dl>
<form method="post" action="pay" style="display:inline">${hidden}<button type="submit" id="pay">Thanh toán</button></form>
<form method="post" action="cancel" style="display:inline">${hidden}<button type="submit" id="cancel">Hủy</button></form>
<form method="post" action="pay" style="margin-top:1rem">${hidden}<input type="hidden" name="dropIpn" value="1">
<button type="submit" id="pay-drop-ipn">Thanh toán nhưng không gửi IPN (thử đối soát querydr)</button></form>`,
      ),
    );
  });

  const browserFinish = (responseCode: string) => async (req: Request, res: Response) => {
    const txnRef = typeof req.body?.txnRef === 'string' ? req.body.txnRef : '';
    try {
      const out = await finish(txnRef, responseCode, { dropIpn: req.body?.dropIpn === '1' });
      res.redirect(302, out.returnUrl);
    } catch (e) {
      errorPage(res, e);
    }
  };
  router.post('/paymentv2/pay', browserFinish('00'));
  router.post('/paymentv2/cancel', browserFinish('24'));

  router.post('/merchant_webapi/api/transaction', (req: Request, res: Response) => {
    res.json(querydr(req.body));
  });

  return {
    router,
    open,
    pay,
    cancel,
    replayIpn,
    sendCorruptedIpn,
    /** Every IPN call so far, oldest first (a copy). */
    get deliveries(): readonly IpnDelivery[] {
      return [...deliveries];
    },
    transaction(txnRef: string): SandboxTransaction | undefined {
      const t = txns.get(txnRef);
      return t ? { ...t, result: t.result ? { ...t.result } : null } : undefined;
    },
    reset(): void {
      txns.clear();
      deliveries.length = 0;
      seenRequestIds.clear();
      nextTransactionNo = 14_000_001;
    },
    /** Vietnamese label of a response code, for assertions and UI. */
    describe: (code: string) => PAYMENT_RESPONSE_MESSAGES[code] ?? code,
  };
}

export type VnpaySandbox = ReturnType<typeof createVnpaySandbox>;
