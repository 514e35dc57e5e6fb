import { describe, expect, it } from 'vitest';
import { PAST_DUE_MIN_HOURS, isPastDue, timeLeft } from './working-time';

// Friday 27/11/2026 17:00 in Vietnam: the end of the last office day before the weekend.
const fridayClose = '2026-11-27T10:00:00.000Z';

describe('timeLeft', () => {
  it('a deadline that passed on Friday evening is overdue on Sunday, though no office hour has passed since', () => {
    const sunday = '2026-11-29T03:00:00.000Z';
    expect(timeLeft(sunday, fridayClose)).toEqual({ workingHoursLeft: -PAST_DUE_MIN_HOURS, workingDaysLeft: 0, overdue: true });
    expect(isPastDue(sunday, fridayClose)).toBe(true);
  });

  it('during Tết (18/2/2026, a day off) a deadline passed before the break is overdue by the office hours before it', () => {
    // Due Thursday 12/2/2026 09:00; Friday 13/2 is a working day (8 h), then the Tết break (14–22/2).
    const r = timeLeft('2026-02-18T03:00:00.000Z', '2026-02-12T02:00:00.000Z');
    expect(r.overdue).toBe(true);
    expect(r.workingHoursLeft).toBeLessThan(-8);
  });

  it('counts office hours left before a future deadline, with no overdue flag', () => {
    // Sunday → due Monday 30/11/2026 10:00: some office hours on Monday morning, at most one day.
    const r = timeLeft('2026-11-29T03:00:00.000Z', '2026-11-30T03:00:00.000Z');
    expect(r.overdue).toBeUndefined();
    expect(r.workingHoursLeft).toBeGreaterThan(0);
    expect(r.workingHoursLeft).toBeLessThanOrEqual(8);
  });

  it('a deadline on the current instant is passed', () => {
    expect(timeLeft(fridayClose, fridayClose).overdue).toBe(true);
    expect(isPastDue(fridayClose, null)).toBe(false);
    expect(isPastDue(fridayClose, null, true)).toBe(true);
  });
});
