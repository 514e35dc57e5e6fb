/**
 * Typed inputs of the statutory one-stop forms (biểu mẫu), validated with zod before rendering.
 * Dates are Date objects or ISO strings with an offset, so inputs survive Temporal's JSON payloads.
 * `z.input<...>` is what callers build; `z.output<...>` is what renderers see.
 */
import { z } from 'zod';

/** Rule pack in force when the dossier was received: Circular 01/2018/TT-VPCP or Circular 03/2025/TT-VPCP. */
export const rulePackSchema = z.enum(['2018', '2025']);
export type RulePack = z.infer<typeof rulePackSchema>;

const text = z.string().trim().min(1);
const dateTime = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));

/** Issuing agency, printed top left: parent authority above, agency in bold. */
export const agencySchema = z.object({
  /** Cơ quan chủ quản, e.g. "UBND TỈNH BẮC NINH"; optional. */
  parent: text.optional(),
  /** e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG". */
  name: text,
  /** Place name for the date line ("Bắc Ninh, ngày ..."). */
  place: text,
});

export const applicantSchema = z.object({
  name: text,
  /** Số định danh cá nhân / CCCD, or the organisation's code. */
  idNumber: text.optional(),
  address: text.optional(),
  phone: text.optional(),
  email: text.optional(),
});

export const procedureSchema = z.object({
  /** National procedure database code, e.g. "1.001193". */
  code: text.optional(),
  name: text,
});

export const signerSchema = z.object({
  /** Printed above the signature, e.g. "NGƯỜI TIẾP NHẬN HỒ SƠ" or "GIÁM ĐỐC". */
  title: text.optional(),
  name: text,
});

const base = {
  rulePack: rulePackSchema,
  agency: agencySchema,
  /** Issue time: printed in the date line and used as the PDF CreationDate, so output is reproducible. */
  issuedAt: dateTime,
  /** Số văn bản, e.g. "125/GTN"; printed "Số: ..." under the agency. */
  documentNumber: text.optional(),
};

const dossierBase = {
  ...base,
  dossierCode: text,
  /** Citizen lookup page; the QR code carries it with the dossier code appended. */
  lookupUrl: z.url(),
  applicant: applicantSchema,
  procedure: procedureSchema,
};

export const submittedPaperSchema = z.object({
  name: text,
  /** e.g. "Bản chính", "Bản sao chứng thực", "Bản chụp". */
  form: text.optional(),
  copies: z.number().int().min(1).default(1),
});

/** Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export const receiptSchema = z.object({
  kind: z.literal('receipt'),
  ...dossierBase,
  papers: z.array(submittedPaperSchema).min(1),
  /** Số lượng hồ sơ (bộ). */
  sets: z.number().int().min(1).default(1),
  /** Statutory duration as printed, e.g. "03 ngày làm việc". */
  statutoryDuration: text,
  receivedAt: dateTime,
  appointmentAt: dateTime,
  /** Where the result is collected, e.g. "Tại Bộ phận Một cửa" or "Qua dịch vụ bưu chính công ích". */
  returnChannel: text,
  /** Sổ theo dõi hồ sơ: book and line. */
  registerBook: text.optional(),
  registerLine: text.optional(),
  receivingOfficer: signerSchema,
});

/** Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — every item to fix, in one go. */
export const supplementSchema = z.object({
  kind: z.literal('supplement'),
  ...dossierBase,
  receivedAt: dateTime,
  items: z.array(z.object({ document: text, requirement: text })).min(1),
  /** Date by which the citizen should supplement, when the procedure sets one. */
  supplementBy: dateTime.optional(),
  contact: z.object({ name: text, phone: text.optional(), unit: text.optional() }),
  officer: signerSchema,
});

/** Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export const refusalSchema = z.object({
  kind: z.literal('refusal'),
  ...dossierBase,
  receivedAt: dateTime,
  reasons: z.array(text).min(1),
  officer: signerSchema,
});

/**
 * Refusal after reception: the competent agency's written notice with reasons, returned through the one-stop unit
 * (Decree 61/2018/NĐ-CP art. 19.8). Not reception's Form 03: the agency that decided signs it under its letterhead.
 */
export const refusalNoticeSchema = z.object({
  kind: z.literal('refusal-notice'),
  ...dossierBase,
  receivedAt: dateTime,
  decidedAt: dateTime,
  reasons: z.array(text).min(1),
  /** Code of the unit whose step refused; its letterhead and its head. */
  decidingAgency: text,
  signer: signerSchema,
});

/**
 * Form 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (2018); 2025: Văn bản xin lỗi và đề nghị gia hạn thời gian
 * giải quyết. Signed by the head of the agency that caused the delay.
 */
export const apologySchema = z.object({
  kind: z.literal('apology'),
  ...dossierBase,
  receivedAt: dateTime,
  originalAppointmentAt: dateTime,
  newAppointmentAt: dateTime,
  /** The agency at fault (may differ from the issuing one-stop unit). */
  faultAgency: text,
  delayReason: text,
  signer: signerSchema,
});

/** Form 05 (2025 only): Thông báo dừng giải quyết hồ sơ. */
export const stopNoticeSchema = z.object({
  kind: z.literal('stop-notice'),
  ...dossierBase,
  receivedAt: dateTime,
  stoppedAt: dateTime,
  reason: text,
  /** Legal basis of the stop, e.g. the article applied. */
  legalBasis: text.optional(),
  signer: signerSchema,
});

export const handoffResultSchema = z.enum(['early', 'on-time', 'late']);

/** Control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ): one row per hand-off. */
export const controlSheetSchema = z.object({
  kind: z.literal('control-sheet'),
  ...dossierBase,
  receivedAt: dateTime,
  appointmentAt: dateTime,
  rows: z
    .array(
      z.object({
        from: text,
        to: text,
        handedOverAt: dateTime,
        /** Due time of the step the receiver now performs. */
        stepDueAt: dateTime.optional(),
        /** Result of the step that ended with this hand-off; empty while unknown. */
        result: handoffResultSchema.optional(),
        note: z.string().optional(),
      }),
    )
    .min(1),
});

/** Register (Sổ theo dõi hồ sơ): one line per dossier. */
export const registerSchema = z.object({
  kind: z.literal('register'),
  ...base,
  /** Book number / year, e.g. "Quyển số 03/2025". */
  book: text.optional(),
  periodFrom: dateTime,
  periodTo: dateTime,
  entries: z.array(
    z.object({
      dossierCode: text,
      procedure: text,
      applicant: text,
      leadAgency: text,
      receivedAt: dateTime,
      dueAt: dateTime,
      sentAt: dateTime.optional(),
      resultBackAt: dateTime.optional(),
      returnedAt: dateTime.optional(),
      note: z.string().optional(),
    }),
  ),
});

export const formDocumentSchema = z.discriminatedUnion('kind', [
  receiptSchema,
  supplementSchema,
  refusalSchema,
  refusalNoticeSchema,
  apologySchema,
  stopNoticeSchema,
  controlSheetSchema,
  registerSchema,
]);

/** What callers pass to renderForm. */
export type FormDocument = z.input<typeof formDocumentSchema>;
export type FormKind = FormDocument['kind'];
/** Parsed (dates as Date, defaults applied). */
export type ParsedForm = z.output<typeof formDocumentSchema>;
export type ParsedFormOf<K extends FormKind> = Extract<ParsedForm, { kind: K }>;

export type ReceiptInput = z.input<typeof receiptSchema>;
export type SupplementInput = z.input<typeof supplementSchema>;
export type RefusalInput = z.input<typeof refusalSchema>;
export type ApologyInput = z.input<typeof apologySchema>;
export type StopNoticeInput = z.input<typeof stopNoticeSchema>;
export type ControlSheetInput = z.input<typeof controlSheetSchema>;
export type RegisterInput = z.input<typeof registerSchema>;
export type HandoffResult = z.infer<typeof handoffResultSchema>;
