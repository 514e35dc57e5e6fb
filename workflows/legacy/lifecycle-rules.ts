/**
 * Pure rules of the dossier lifecycle, kept apart from the workflow so they can be unit-tested:
 * hand-off results, which unit caused a delay, and what remains to be done.
 */
import type { ActiveStep, ControlSheetRow, HandOffResult } from '../shared/dossier';
import type { ProcedureDefinition } from './procedure-definition';
import type { StatutoryTime } from '../statutory-clock';

/**
 * Sớm / đúng hạn / trễ hạn for a hand-off at `at` of a step due at `dueAt`, in working hours.
 * "Early" needs at least a quarter of the step's share left, so a hand-off just before the due time is on time.
 */
export function handOffResult(time: StatutoryTime, at: string, dueAt: string, startedAt: string): HandOffResult {
  if (Date.parse(at) > Date.parse(dueAt)) return 'late';
  const share = time.workingHoursBetween(startedAt, dueAt);
  return time.workingHoursBetween(at, dueAt) >= share / 4 ? 'early' : 'on-time';
}

export interface DelayAttribution {
  unit: string;
  /** Milliseconds the unit's step ran beyond its own due time. */
  overrunMs: number;
  stepId?: string;
}

/**
 * The unit at fault for a delay: the step that ran longest past its own due time, among finished hand-offs
 * (control sheet) and steps still open at `now`. When no step overran, reception caused it (the one-stop unit
 * apologises, Decree 61/2018 art. 12 / Decree 118/2025).
 */
export function unitAtFault(
  controlSheet: ControlSheetRow[],
  activeSteps: ActiveStep[],
  now: string,
  receptionUnit: string,
): DelayAttribution {
  let worst: DelayAttribution = { unit: receptionUnit, overrunMs: 0 };
  const consider = (unit: string, stepId: string | undefined, dueAt: string | undefined, endedAt: string) => {
    if (!dueAt) return;
    const overrun = Date.parse(endedAt) - Date.parse(dueAt);
    // A step that reached its due time unfinished is at fault even at zero overrun.
    if (overrun >= 0 && (worst.stepId === undefined || overrun > worst.overrunMs)) worst = { unit, overrunMs: overrun, stepId };
  };
  for (const row of controlSheet) {
    if (row.stepId && row.completedAt) consider(row.to, row.stepId, row.stepDueAt, row.completedAt);
  }
  for (const s of activeSteps) consider(s.department, s.stepId, s.dueAt, now);
  return worst;
}

/** Working hours the stages after `stageIndex` need (each stage: its longest parallel step). */
export function laterStagesShareHours(def: ProcedureDefinition, stageIndex: number): number {
  return def.stages.slice(stageIndex + 1).reduce((sum, st) => sum + Math.max(...st.steps.map((s) => s.shareHours)), 0);
}

export const RESULT_LABEL: Record<HandOffResult, string> = { early: 'sớm', 'on-time': 'đúng hạn', late: 'trễ hạn' };

export { formatVietnamTime, formatVnd } from '../shared/format';
