/**
 * What a procedure file imports: no validation library, so the catalogue is plain data that workflow code can share
 * across dossiers (see registry.ts). Validation happens once per process, in registry.ts and the unit tests.
 */
import type { ProcedureInput } from './schema';

/** Office hours per working day (Decision 188/1999/QĐ-TTg: 8 hours a day, Monday to Friday). Shares are in these hours. */
export const HOURS_PER_WORKING_DAY = 8;

/** Helper for readable procedure files: `shareHours: workingDays(2)`. */
export const workingDays = (n: number) => n * HOURS_PER_WORKING_DAY;

/** Marks a procedure version's definition (typed; validated by the registry). */
export const procedure = <T extends ProcedureInput>(p: T): T => p;
