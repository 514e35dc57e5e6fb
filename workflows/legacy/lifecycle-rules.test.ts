import { describe, expect, it } from 'vitest';
import { formatVnd } from './lifecycle-rules';

describe('formatVnd', () => {
  it('writes đồng amounts with dots between thousands', () => {
    expect(formatVnd(0)).toBe('0');
    expect(formatVnd(2000)).toBe('2.000');
    expect(formatVnd(50_000)).toBe('50.000');
    expect(formatVnd(1_250_000)).toBe('1.250.000');
    expect(formatVnd(999)).toBe('999');
  });
});
