/**
 * Procedure definitions (thủ tục hành chính, TTHC) as typed, validated data. Admins write one file per procedure
 * under workflows/procedures/; the worker validates all of them at start and refuses to run with a broken one.
 * Pure module: imported by workflow code.
 */
import { z } from 'zod';

export const CHANNELS = ['counter', 'online', 'postal'] as const;
/** Kênh tiếp nhận: 1 trực tiếp, 2 trực tuyến, 3 bưu chính. */
export type Channel = (typeof CHANNELS)[number];

export const DECISIONS = ['approve', 'return', 'request-supplement', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DURATION_UNITS = ['working-days', 'working-hours', 'calendar-days', 'same-day'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Office hours per working day; shares of statutory time are expressed in working hours. */
export const HOURS_PER_WORKING_DAY = 8;

const stepSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case id, e.g. "tham-dinh"'),
  name: z.string().min(1),
  /** Department (phòng, sở, ngành) code that acts on this step. */
  department: z.string().min(1),
  role: z.enum(['officer', 'head']).default('officer'),
  /** Share of the statutory time, in working hours. */
  shareHours: z.number().positive(),
  decisions: z.array(z.enum(DECISIONS)).min(1).default(['approve']),
});

const stageSchema = z.object({
  /** Steps in one stage run in parallel and join; stages run one after another. */
  steps: z.array(stepSchema).min(1),
});

export const procedureDefinitionSchema = z
  .object({
    /** Code in the national procedure database, e.g. 2.000815 (local variants may append the agency). */
    code: z.string().regex(/^\d\.\d{6}(\.[0-9A-Z.]+)?$/, 'mã TTHC dạng d.dddddd (e.g. 2.000815)'),
    name: z.string().min(1),
    /** Bumped on every change to a running procedure; a dossier keeps the version it started with. */
    version: z.number().int().positive(),
    /** Legal regime: Decree 61/2018 (forms of Circular 01/2018) or Decree 118/2025 (Circular 03/2025). */
    rulePack: z.enum(['2018', '2025']),
    level: z.enum(['province', 'commune']).default('province'),
    channels: z.array(z.enum(CHANNELS)).min(1),
    requiredPapers: z
      .array(z.object({ code: z.string().min(1), name: z.string().min(1), copies: z.number().int().positive().default(1) }))
      .default([]),
    fees: z
      .array(z.object({ code: z.string().min(1), name: z.string().min(1), amountVnd: z.number().int().nonnegative() }))
      .default([]),
    duration: z.object({ unit: z.enum(DURATION_UNITS), amount: z.number().int().positive() }),
    /** Unit that receives and returns (bộ phận một cửa). */
    receptionUnit: z.string().min(1).default('MOT-CUA'),
    /** Share kept by reception/return, in working hours (counted against the statutory total). */
    receptionShareHours: z.number().nonnegative().default(0),
    stages: z.array(stageSchema).min(1),
    /** Working days the citizen has to supplement before the dossier ends. */
    supplementWindowDays: z.number().int().positive().default(30),
    /** Working hours before a step's due time when the department is reminded. */
    reminderBeforeHours: z.number().nonnegative().default(4),
    /** Working days the citizen has to pay fees before the dossier is stopped. */
    paymentWindowDays: z.number().int().positive().default(5),
  })
  .superRefine((def, ctx) => {
    const ids = new Set<string>();
    def.stages.forEach((stage, si) =>
      stage.steps.forEach((step, pi) => {
        if (ids.has(step.id)) {
          ctx.addIssue({ code: 'custom', path: ['stages', si, 'steps', pi, 'id'], message: `bước "${step.id}" bị trùng (duplicate step id)` });
        }
        ids.add(step.id);
      }),
    );
    const total = statutoryWorkingHours(def.duration);
    const used = def.receptionShareHours + def.stages.reduce((sum, s) => sum + Math.max(...s.steps.map((p) => p.shareHours)), 0);
    if (used > total + 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['stages'],
        message: `tổng thời gian các bước ${used} giờ vượt thời hạn luật định ${total} giờ (step shares exceed the statutory total)`,
      });
    }
  });

export type ProcedureDefinitionInput = z.input<typeof procedureDefinitionSchema>;
export type ProcedureDefinition = z.output<typeof procedureDefinitionSchema>;
export type StepDefinition = ProcedureDefinition['stages'][number]['steps'][number];

/** The statutory time in working hours, the budget that step shares are carved from. */
export function statutoryWorkingHours(d: { unit: DurationUnit; amount: number }): number {
  switch (d.unit) {
    case 'working-days':
    case 'calendar-days': // counted conservatively as if every day were a working day
      return d.amount * HOURS_PER_WORKING_DAY;
    case 'working-hours':
      return d.amount;
    case 'same-day':
      return HOURS_PER_WORKING_DAY;
  }
}

/** Helper for readable procedure files: `shareHours: workingDays(2)`. */
export const workingDays = (n: number) => n * HOURS_PER_WORKING_DAY;

export class ProcedureDefinitionError extends Error {
  constructor(
    readonly procedureCode: string,
    readonly problems: string[],
  ) {
    super(`Thủ tục ${procedureCode} định nghĩa sai (invalid procedure definition):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProcedureDefinitionError';
  }
}

/** Validates a definition; the error names the procedure and each bad field path. */
export function defineProcedure(input: ProcedureDefinitionInput): ProcedureDefinition {
  const parsed = procedureDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const code = typeof input?.code === 'string' ? input.code : '(không mã)';
    throw new ProcedureDefinitionError(
      code,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Temporal workflow type name of a procedure: one type per procedure code. */
export function workflowTypeFor(procedureCode: string): string {
  return `procedure_${procedureCode.replace(/\./g, '_')}`;
}
