/**
 * National yearly schedules, imported statically (bundled into the workflow sandbox) and validated at load.
 *
 * Two layers, because running dossiers replay their history against today's code:
 * - BASE_SCHEDULES: the data every running dossier may have used. Never edit a day here while dossiers started
 *   under it may still be running: their replayed dates would move and their histories stop replaying.
 * - SCHEDULE_PATCHES: data added later (a newly announced Tết schedule, an extra day off). Each carries a patch ID;
 *   a dossier workflow uses a patch only if it started after the patch shipped (Temporal `patched()` in the
 *   workflow's constructor) or an admin applied the calendar to open dossiers (calendarChanged signal), so replay
 *   never moves a dossier's dates. Once no dossier started before a patch is running, fold it into the base and
 *   mark the ID deprecated in the workflow (`deprecatePatch`).
 */
import { yearScheduleSchema, type YearSchedule } from '../schema';
import y2019 from './y2019';
import y2020 from './y2020';
import y2021 from './y2021';
import y2022 from './y2022';
import y2023 from './y2023';
import y2024 from './y2024';
import y2025 from './y2025';
import y2026 from './y2026';
import { RAW_SCHEDULE_PATCHES } from './patches';

const RAW = [y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026];

function validated(raw: unknown): YearSchedule {
  const r = yearScheduleSchema.safeParse(raw);
  if (!r.success) throw new Error(`holidays/data: invalid schedule ${String((raw as { year?: unknown }).year)}: ${r.error.message}`);
  return r.data;
}

export const BASE_SCHEDULES: readonly YearSchedule[] = Object.freeze(RAW.map(validated));

export interface SchedulePatch {
  /** Temporal patch ID, e.g. `national-calendar-2027`: unique, never reused. */
  patchId: string;
  /** Replaces the base schedule of the same year, or adds the year. */
  schedule: YearSchedule;
}

/** Schedules shipped after BASE_SCHEDULES, oldest first (data in ./patches.ts; see the header). */
export const SCHEDULE_PATCHES: readonly SchedulePatch[] = Object.freeze(
  RAW_SCHEDULE_PATCHES.map((p) => ({ patchId: p.patchId, schedule: validated(p.schedule) })),
);

/** Base schedules with the given patches applied (a patched year replaces the base one). */
export function withPatches(base: readonly YearSchedule[], patches: readonly SchedulePatch[]): readonly YearSchedule[] {
  const byYear = new Map(base.map((s) => [s.year, s]));
  for (const p of patches) byYear.set(p.schedule.year, p.schedule);
  return Object.freeze([...byYear.values()].sort((a, b) => a.year - b.year));
}

/** The national data with exactly the named patches (unknown IDs are ignored). */
export function schedulesWithPatches(patchIds: readonly string[]): readonly YearSchedule[] {
  const used = SCHEDULE_PATCHES.filter((p) => patchIds.includes(p.patchId));
  return used.length === SCHEDULE_PATCHES.length ? NATIONAL_SCHEDULES : withPatches(BASE_SCHEDULES, used);
}

/** Everything known today: what the API, the CLI and new dossiers use. */
export const NATIONAL_SCHEDULES: readonly YearSchedule[] = withPatches(BASE_SCHEDULES, SCHEDULE_PATCHES);
