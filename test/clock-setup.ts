/**
 * Runs a test file as if today were another day: with `TEST_CLOCK_AT=<ISO instant>` every `Date` in the test
 * process (the tests, the in-process API, the worker's activities, the shared clock of activities/clock.ts)
 * starts at that instant and runs at real speed. Timers stay real. Temporal and PostgreSQL run in their own
 * processes on the real clock; the date-sensitive tests compare instants made in this process only.
 * `npm run test:dates` runs the date-sensitive files on a Sunday and on a Tết day.
 */
import { vi } from 'vitest';

const at = process.env.TEST_CLOCK_AT;
if (at) {
  const start = Date.parse(at);
  if (Number.isNaN(start)) throw new Error(`TEST_CLOCK_AT is not an ISO instant: ${at}`);
  vi.useFakeTimers({ toFake: ['Date'], now: start, shouldAdvanceTime: true, advanceTimeDelta: 5 });
}
