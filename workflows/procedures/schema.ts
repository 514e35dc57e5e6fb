/**
 * A procedure version (thủ tục hành chính, TTHC) as typed, validated data: what an admin writes in one file per
 * version under `catalog/`, and what a dossier runs from reception to return. Pure module: imported by workflow code.
 *
 * What the national procedure database publishes (code, name, sector, level, agency, duration, fees, papers, legal
 * basis) maps one to one onto fields here; what it cannot say (the internal process: stages, steps, each unit's
 * share of the time) is the centre's approved internal process (quy trình nội bộ, Decree 61/2018/NĐ-CP art. 4,
 * kept by Decree 118/2025/NĐ-CP) and must be written by hand.
 */
import { z } from 'zod';
import { departmentCatalogue } from './departments';

export const CHANNELS = ['counter', 'online', 'postal'] as const;
/** Kênh tiếp nhận: 1 trực tiếp, 2 trực tuyến, 3 bưu chính. */
export type Channel = (typeof CHANNELS)[number];

export const DECISIONS = ['approve', 'return', 'request-supplement', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DURATION_UNITS = ['working-days', 'working-hours', 'calendar-days', 'same-day'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

import { HOURS_PER_WORKING_DAY } from './define';

export { HOURS_PER_WORKING_DAY, procedure, workingDays } from './define';

/** A legal source: the document and, where the rule sits in one, its article. */
export const legalBasisSchema = z.object({
  /** e.g. "Nghị định 61/2018/NĐ-CP", "Thông tư 226/2016/TT-BTC". */
  document: z.string().min(3),
  /** e.g. "Điều 16 khoản 2". */
  article: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});
export type LegalBasis = z.infer<typeof legalBasisSchema>;

const durationSchema = z.object({ unit: z.enum(DURATION_UNITS), amount: z.number().int().positive() });
export type Duration = z.infer<typeof durationSchema>;

const departmentCode = z.string().refine((c) => departmentCatalogue.has(c), {
  error: (i) => `đơn vị "${String(i.input)}" không có trong danh mục đơn vị (workflows/procedures/departments.ts)`,
});

const paperSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  copies: z.number().int().positive().default(1),
});

/**
 * Phí, lệ phí. `due`: when the citizen pays — at filing (most procedures, and the portal's HinhThucThu 1) or before
 * the result is returned (HinhThucThu 4).
 */
const feeCommon = {
  code: z.string().min(1),
  name: z.string().min(1),
  /** Phí (a charge for a service) or lệ phí (a fee for a state act): Law on Fees and Charges 2015 art. 3. */
  type: z.enum(['phi', 'le-phi']),
  due: z.enum(['filing', 'result']).default('filing'),
  basis: legalBasisSchema,
};
export const feeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), ...feeCommon, amountVnd: z.number().int().nonnegative() }),
  z.object({
    kind: z.literal('per-page'),
    ...feeCommon,
    /** Price per page from `fromPage` on (the first tier starts at page 1), per copy. */
    tiers: z
      .array(z.object({ fromPage: z.number().int().positive(), vndPerPage: z.number().int().nonnegative() }))
      .min(1)
      .refine((t) => t[0].fromPage === 1 && t.every((x, i) => i === 0 || x.fromPage > t[i - 1].fromPage), 'bậc tăng dần, bắt đầu từ trang 1'),
    /** Most one copy may cost. */
    capPerCopyVnd: z.number().int().positive().optional(),
  }),
]);
export type FeeRule = z.infer<typeof feeRuleSchema>;

/** Applicants who pay nothing (or less) under a named rule, e.g. poor households, children under 6. */
const exemptionSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** Fee codes the exemption removes (all when absent). */
  feeCodes: z.array(z.string().min(1)).optional(),
  basis: legalBasisSchema,
});

const caseSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case id'),
  name: z.string().min(1),
  duration: durationSchema.optional(),
  papers: z.array(paperSchema).optional(),
  basis: legalBasisSchema.optional(),
});

/**
 * Supplementation during handling (bổ sung hồ sơ). General rule (Decree 61/2018/NĐ-CP art. 19.4): the handling
 * agency asks once, in writing through the one-stop unit, with everything to fix (Form 02), and "thời hạn giải quyết
 * được tính lại từ đầu sau khi nhận đủ hồ sơ" — the period runs again in full (`restart`). Reception's own guidance
 * happens before the clock starts (art. 15.3, 17). `pause` (time already spent keeps counting) is for procedures whose
 * rules say so. `window` only where a rule gives the citizen a time limit (e.g. construction permits, Decree
 * 217/2026/NĐ-CP art. 54.2.b: 2 working days); without one the dossier waits.
 */
const supplementSchema = z.object({
  clock: z.enum(['pause', 'restart']).default('restart'),
  /** Requests during handling (after reception). The general rule allows one. */
  maxRequests: z.number().int().min(0).max(3).default(1),
  window: z.object({ amount: z.number().int().positive(), unit: z.enum(['working-days', 'calendar-days']), basis: legalBasisSchema }).optional(),
  basis: legalBasisSchema.default({ document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 19 khoản 4' }),
});
export type SupplementPolicy = z.infer<typeof supplementSchema>;

const stepSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kebab-case id, e.g. "tham-dinh"'),
  name: z.string().min(1),
  /** Unit (phòng, sở, ngành) that acts on this step, from the department catalogue. */
  department: departmentCode,
  /** Who decides: any officer of the unit, or only its head (lãnh đạo). */
  role: z.enum(['officer', 'head']).default('officer'),
  /** Share of the statutory time, in working hours (the approved internal process). */
  shareHours: z.number().positive(),
  decisions: z.array(z.enum(DECISIONS)).min(1).default(['approve']),
});

const stageSchema = z.object({
  /** Steps in one stage run in parallel and join; stages run one after another. */
  steps: z.array(stepSchema).min(1),
});

export const procedureSchema = z
  .object({
    /** Code in the national procedure database, d.dddddd (a local variant appends the agency identifier). */
    code: z.string().regex(/^\d\.\d{6}(\.[0-9A-Z.]+)?$/, 'mã TTHC dạng d.dddddd (e.g. 2.000815)'),
    name: z.string().min(1),
    /** Version of this procedure in this centre: a new file per change; a dossier keeps the one it started on. */
    version: z.number().int().positive(),
    /** First day new dossiers may use this version (Vietnam date). */
    effectiveFrom: z.iso.date(),
    /** Legal regime of the forms: Decree 61/2018 (Circular 01/2018) or Decree 118/2025 (Circular 03/2025). */
    rulePack: z.enum(['2018', '2025']),
    level: z.enum(['province', 'commune']),
    /** Lĩnh vực, as the national database names it. */
    sector: z.string().min(1),
    /** Decree 42/2022/NĐ-CP art. 11: toàn trình (all online) or một phần (partly online). */
    onlineLevel: z.enum(['toan-trinh', 'mot-phan']),
    /** Cơ quan chủ trì: the agency answerable for the procedure (in a liaison procedure, the one that leads it). */
    leadAgency: departmentCode,
    legalBasis: z.array(legalBasisSchema).min(1),
    channels: z.array(z.enum(CHANNELS)).min(1),
    requiredPapers: z.array(paperSchema).default([]),
    fees: z.array(feeRuleSchema).default([]),
    exemptions: z.array(exemptionSchema).default([]),
    duration: durationSchema,
    /** Cases with their own duration or papers (e.g. 5 or 10 working days); the first is the default. */
    cases: z.array(caseSchema).default([]),
    /** Unit that receives and returns (bộ phận một cửa). */
    receptionUnit: departmentCode.default('MOT-CUA'),
    stages: z.array(stageSchema).min(1),
    supplement: supplementSchema.default({ clock: 'restart', maxRequests: 1, basis: { document: 'Nghị định 61/2018/NĐ-CP', article: 'Điều 19 khoản 4' } }),
    /** Working hours before a step's due time when the unit is reminded. */
    reminderBeforeHours: z.number().nonnegative().default(4),
    /** Working days the citizen has to pay before the dossier is stopped. */
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
    const caseIds = new Set<string>();
    def.cases.forEach((c, i) => {
      if (caseIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['cases', i, 'id'], message: `trường hợp "${c.id}" bị trùng` });
      caseIds.add(c.id);
    });
    // Every case must leave room for the whole internal process.
    const used = def.stages.reduce((sum, s) => sum + Math.max(...s.steps.map((p) => p.shareHours)), 0);
    const durations = [{ path: ['duration'], d: def.duration }, ...def.cases.flatMap((c, i) => (c.duration ? [{ path: ['cases', i, 'duration'], d: c.duration }] : []))];
    for (const { path, d } of durations) {
      const total = statutoryWorkingHours(d);
      if (used > total + 1e-9) {
        ctx.addIssue({
          code: 'custom',
          path: path.length === 1 ? ['stages'] : path,
          message: `tổng thời gian các bước ${used} giờ vượt thời hạn luật định ${total} giờ (step shares exceed the statutory total)`,
        });
      }
    }
    const feeCodes = new Set(def.fees.map((f) => f.code));
    def.exemptions.forEach((e, i) =>
      (e.feeCodes ?? []).forEach((c, j) => {
        if (!feeCodes.has(c)) ctx.addIssue({ code: 'custom', path: ['exemptions', i, 'feeCodes', j], message: `không có khoản phí "${c}"` });
      }),
    );
    if (def.onlineLevel === 'toan-trinh' && !def.channels.includes('online')) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'dịch vụ công trực tuyến toàn trình phải nhận hồ sơ trực tuyến' });
    }
  });

export type ProcedureInput = z.input<typeof procedureSchema>;
export type Procedure = z.output<typeof procedureSchema>;
export type StepDefinition = Procedure['stages'][number]['steps'][number];
export type ProcedureCase = Procedure['cases'][number];

/** The statutory total of a duration in nominal working hours (8 per working day). */
export function statutoryWorkingHours(d: Duration): number {
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

export class ProcedureDefinitionError extends Error {
  constructor(
    readonly procedureCode: string,
    readonly problems: string[],
  ) {
    super(`Thủ tục ${procedureCode} định nghĩa sai (invalid procedure definition):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProcedureDefinitionError';
  }
}

/** `2.000815@3`: how a dossier names the procedure version it runs. */
export const procedureRef = (p: { code?: unknown; version?: unknown }) => `${typeof p.code === 'string' ? p.code : '(không mã)'}@${typeof p.version === 'number' ? p.version : '?'}`;

/** The duration and papers of a case (the procedure's own when it has no cases or the case does not override them). */
export function caseOf(def: Procedure, caseId: string | undefined): { id: string | null; name: string | null; duration: Duration; papers: Procedure['requiredPapers'] } {
  const c = caseId ? def.cases.find((x) => x.id === caseId) : def.cases[0];
  return { id: c?.id ?? null, name: c?.name ?? null, duration: c?.duration ?? def.duration, papers: c?.papers ?? def.requiredPapers };
}
