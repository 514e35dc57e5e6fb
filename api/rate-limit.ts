/**
 * In-memory sliding-window rate limiter (per process): at most `limit` attempts per key within `windowMs`.
 * Good enough for one API process; several processes would each allow `limit` (use a shared store then).
 */
export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the oldest attempt leaves the window (when refused). */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Prune idle keys once the map grows past this many. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Records an attempt for `key` if allowed. */
  hit(key: string): RateLimitResult {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((x) => x > t - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - t) / 1000)) };
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.prune(t);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  private prune(t: number): void {
    for (const [k, v] of this.hits) if (!v.some((x) => x > t - this.windowMs)) this.hits.delete(k);
  }
}
