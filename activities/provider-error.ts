/**
 * One error type for every external-service adapter (payment gateway, postal carrier, ...).
 *
 * Activities throw it; `retryable` tells Temporal whether another attempt can help. Network faults, timeouts,
 * 5xx, 408 and 429 are transient; bad signatures, validation failures and other 4xx are not, because retrying
 * the same request would fail the same way.
 */
import { ApplicationFailure } from '@temporalio/common';

export type ProviderErrorKind =
  | 'network' // connection refused/reset, DNS, TLS
  | 'timeout' // no answer within the adapter's deadline
  | 'server' // 5xx from the provider
  | 'rate-limited' // 429
  | 'client' // 4xx other than 408/429: our request is wrong
  | 'signature' // checksum/HMAC mismatch, either direction
  | 'validation' // our own input rejected before sending
  | 'protocol' // the provider answered something we cannot interpret
  | 'rejected'; // the provider understood and refused (business error code)

export interface ProviderErrorOptions {
  provider: string;
  kind: ProviderErrorKind;
  message: string;
  /** Defaults from the kind: network/timeout/server/rate-limited are retryable. */
  retryable?: boolean;
  httpStatus?: number;
  /** Provider-specific code (e.g. VNPay vnp_ResponseCode). */
  providerCode?: string;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['network', 'timeout', 'server', 'rate-limited']);

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly providerCode?: string;

  constructor(opts: ProviderErrorOptions) {
    super(`[${opts.provider}] ${opts.message}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.provider = opts.provider;
    this.kind = opts.kind;
    this.retryable = opts.retryable ?? RETRYABLE_KINDS.has(opts.kind);
    if (opts.httpStatus !== undefined) this.httpStatus = opts.httpStatus;
    if (opts.providerCode !== undefined) this.providerCode = opts.providerCode;
  }

  /**
   * Temporal does not look at our `retryable` flag, so activities convert with this before rethrowing
   * (or call `rethrowForTemporal`). The failure type is `ProviderError.<kind>` for filtering in retry policies.
   */
  toApplicationFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      message: this.message,
      type: `ProviderError.${this.kind}`,
      nonRetryable: !this.retryable,
      details: [{ provider: this.provider, kind: this.kind, httpStatus: this.httpStatus, providerCode: this.providerCode }],
      cause: this,
    });
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** Wraps an activity body: ProviderErrors become ApplicationFailures with the right retry flag; others pass through. */
export async function rethrowForTemporal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ProviderError) throw e.toApplicationFailure();
    throw e;
  }
}

/** Classifies a non-2xx HTTP status. */
export function errorFromHttpStatus(provider: string, status: number, detail?: string): ProviderError {
  const suffix = detail ? `: ${detail.slice(0, 300)}` : '';
  if (status === 429) return new ProviderError({ provider, kind: 'rate-limited', httpStatus: status, message: `HTTP 429 rate limited${suffix}` });
  if (status === 408) return new ProviderError({ provider, kind: 'timeout', httpStatus: status, message: `HTTP 408 request timeout${suffix}` });
  if (status >= 500) return new ProviderError({ provider, kind: 'server', httpStatus: status, message: `HTTP ${status} server error${suffix}` });
  return new ProviderError({ provider, kind: 'client', httpStatus: status, message: `HTTP ${status} request rejected${suffix}` });
}

/** Classifies what `fetch` threw (abort by timeout signal, or a network-level TypeError). */
export function errorFromFetchFailure(provider: string, err: unknown, timeoutMs?: number): ProviderError {
  if (err instanceof ProviderError) return err;
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError({ provider, kind: 'timeout', message: `no answer within ${timeoutMs ?? '?'} ms`, cause: err });
  }
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  const what = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new ProviderError({ provider, kind: 'network', message: `network failure (${what})`, cause: err });
}

/**
 * `fetch` with a deadline, turning every failure mode into a ProviderError. Returns the response only for 2xx;
 * the body of an error response is read for the message.
 */
export async function fetchOrThrow(provider: string, url: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw errorFromFetchFailure(provider, e, timeoutMs);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw errorFromHttpStatus(provider, res.status, text);
  }
  return res;
}
