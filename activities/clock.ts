/**
 * The one clock for everything outside workflows (API, activities, repositories, scripts, tests). Workflows read
 * time from Temporal only. Code asks `clock.now()` instead of `new Date()`; a test swaps the source with
 * `useClock()` (e.g. `runningFrom('2026-11-29T10:00:00+07:00')`, a Sunday) and puts it back with `useClock(systemClock)`.
 * The test suite also runs under a chosen date with `TEST_CLOCK_AT` (see test/clock-setup.ts).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and runs at real speed from then on. */
export function runningFrom(start: string | Date, base: Clock = systemClock): Clock {
  const offset = new Date(start).getTime() - base.now().getTime();
  if (Number.isNaN(offset)) throw new Error(`invalid clock start: ${String(start)}`);
  return { now: () => new Date(base.now().getTime() + offset) };
}

/** A clock stopped at `at` (pure unit tests). */
export const fixedAt = (at: string | Date): Clock => ({ now: () => new Date(new Date(at).getTime()) });

let source: Clock = systemClock;

/** The process-wide clock. */
export const clock: Clock = { now: () => source.now() };

export function useClock(c: Clock): void {
  source = c;
}

export const nowIso = (): string => clock.now().toISOString();
