/**
 * National schedules shipped after the base data (see index.ts): each entry is `{ patchId, schedule }`, with a
 * patch ID never used before (e.g. `national-calendar-2027`) and a schedule in the yearly format of y20xx.ts.
 * Oldest first; empty until the first announcement arrives after the base was frozen.
 */
export const RAW_SCHEDULE_PATCHES: Array<{ patchId: string; schedule: unknown }> = [];
