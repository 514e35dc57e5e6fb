/** National yearly schedules, imported statically (bundled into the workflow sandbox) and validated at load. */
import { yearScheduleSchema, type YearSchedule } from '../schema';
import y2019 from './y2019';
import y2020 from './y2020';
import y2021 from './y2021';
import y2022 from './y2022';
import y2023 from './y2023';
import y2024 from './y2024';
import y2025 from './y2025';
import y2026 from './y2026';

const RAW = [y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026];

export const NATIONAL_SCHEDULES: readonly YearSchedule[] = Object.freeze(
  RAW.map((raw) => {
    const r = yearScheduleSchema.safeParse(raw);
    if (!r.success) throw new Error(`holidays/data: invalid schedule ${String((raw as { year?: unknown }).year)}: ${r.error.message}`);
    return r.data;
  }),
);
