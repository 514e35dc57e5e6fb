import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` hits per window and tells how long to wait', () => {
    let t = 0;
    const l = new SlidingWindowLimiter(3, 60_000, () => t);
    expect([l.hit('a'), l.hit('a'), l.hit('a')].every((r) => r.allowed)).toBe(true);
    t = 10_000;
    expect(l.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(l.hit('b').allowed).toBe(true);
    t = 60_001; // the first hits left the window; refused attempts were not counted
    expect([l.hit('a'), l.hit('a'), l.hit('a')].every((r) => r.allowed)).toBe(true);
    expect(l.hit('a').allowed).toBe(false);
  });
});
