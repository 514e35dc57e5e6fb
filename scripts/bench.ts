/** Bench entry (`npm run bench`): runs every registered bench; add new ones to BENCHES. */
import { runCalendarBench } from './bench-calendar';

const BENCHES: Array<[string, () => unknown]> = [['calendar', () => runCalendarBench()]];

const only = process.argv[2];
for (const [name, run] of BENCHES) {
  if (only && only !== name) continue;
  run();
}
