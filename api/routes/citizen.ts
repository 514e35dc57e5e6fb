/**
 * Citizen routes (no account): look a dossier up by code + secret (the last 4 digits of the applicant's phone),
 * with the list of documents issued to the citizen (receipt, supplement request, refusal, apology, stop notice),
 * download one of them (the secret in the body, never in the URL), answer the satisfaction survey, and tell the
 * centre that the requested papers were supplemented.
 * Unknown code and wrong secret get the same 404; attempts are rate-limited per IP and per code.
 */
import type { Client } from '@temporalio/client';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { sendDocument } from './documents';
import { dossierCodeSchema } from './dossier-code';
import { findDossier } from '../../db/repositories/dossiers';
import type { Db } from '../../db/client';
import { documents, surveyResponses } from '../../db/schema';
import { formSpec } from '../../activities/documents/form-numbers';
import { formatVietnamTime } from '../../workflows/shared/format';
import { supplementReceivedSignal, type DossierView, type PostalStatus } from '../../workflows/shared/dossier';
import { departmentName } from '../departments';
import { HttpProblem, problems } from '../problem';
import { SlidingWindowLimiter } from '../rate-limit';
import { toHttpProblem } from '../temporal-errors';
import { parse } from '../validate';

export { dossierCodeSchema };
const secretSchema = z.string().trim().regex(/^\d{4}$/, '4 chữ số cuối số điện thoại đã đăng ký');

export const citizenLookupBody = z.object({ code: dossierCodeSchema, secret: secretSchema });
export const citizenSurveyBody = z.object({
  secret: secretSchema,
  score: z.number().int().min(1, 'điểm từ 1 đến 5').max(5, 'điểm từ 1 đến 5'),
  comment: z.string().trim().max(2000).optional(),
});
export const citizenSupplementBody = z.object({
  secret: secretSchema,
  note: z.string().trim().min(1, 'mô tả giấy tờ đã bổ sung').max(2000),
});
export const citizenCodeParams = z.object({ code: dossierCodeSchema });
export const citizenDocumentParams = z.object({ code: dossierCodeSchema, id: z.coerce.number().int().positive() });
export const citizenSecretBody = z.object({ secret: secretSchema });
/** Documents addressed to the citizen (not internal control sheets). */
export const CITIZEN_DOCUMENT_KINDS = ['receipt', 'supplement', 'refusal', 'refusal-notice', 'apology', 'stop-notice'] as const;
export type CitizenDocumentKind = (typeof CITIZEN_DOCUMENT_KINDS)[number];

export const citizenDocument = z.object({
  id: z.number().int().describe('Mã văn bản trong hệ thống, dùng để tải: POST /api/public/dossiers/{code}/documents/{id}'),
  kind: z.enum(CITIZEN_DOCUMENT_KINDS),
  title: z.string().describe('Tên văn bản bằng tiếng Việt, ví dụ "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"'),
  fileName: z.string(),
  issuedAt: z.string().describe('hh:mm dd/mm/yyyy, giờ Việt Nam'),
  sha256: z.string().describe('Mã băm SHA-256 (hex) của tệp PDF, để đối chiếu bản in'),
});

export const citizenLookupResponse = z.object({
  code: z.string(),
  procedureName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  /** One plain Vietnamese sentence saying where the dossier is and what the citizen should do. */
  message: z.string(),
  currentDepartment: z.string().nullable(),
  receivedAt: z.string().describe('hh:mm dd/mm/yyyy, giờ Việt Nam'),
  appointment: z.string().describe('hh:mm dd/mm/yyyy, giờ Việt Nam'),
  originalAppointment: z.string().nullable(),
  apologies: z.array(z.object({ no: z.number(), issuedAt: z.string(), reason: z.string(), newAppointment: z.string(), signer: z.string() })),
  supplement: z.object({ items: z.array(z.string()), reason: z.string(), deadline: z.string() }).nullable(),
  fees: z.object({ totalVnd: z.number(), paid: z.boolean(), paymentUrl: z.string().nullable() }),
  /** Bưu chính công ích: the parcel carrying the result (or collecting the dossier), when there is one. */
  postal: z
    .object({
      trackingNumber: z.string(),
      status: z.string(),
      statusLabel: z.string().describe('Trạng thái bưu gửi bằng tiếng Việt'),
      updatedAt: z.string().describe('hh:mm dd/mm/yyyy, giờ Việt Nam'),
    })
    .nullable(),
  /** Văn bản của hồ sơ gửi công dân (giấy hẹn, phiếu bổ sung, từ chối, xin lỗi, thông báo dừng), cũ trước. */
  documents: z.array(citizenDocument),
});
export const citizenAcceptedResponse = z.object({ code: z.string(), message: z.string() });

export interface CitizenLimits {
  perIp: SlidingWindowLimiter;
  perCode: SlidingWindowLimiter;
}

/** 10 attempts per 15 minutes, per IP and per dossier code. */
export function defaultCitizenLimits(): CitizenLimits {
  const window = 15 * 60_000;
  return { perIp: new SlidingWindowLimiter(10, window), perCode: new SlidingWindowLimiter(10, window) };
}

const NOT_FOUND_DETAIL = 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại.';

const POSTAL_STATUS_LABEL: Record<PostalStatus, string> = {
  created: 'Đã tạo đơn gửi, chờ bưu chính nhận',
  'picked-up': 'Bưu chính đã nhận, đang vận chuyển',
  'handed-to-agency': 'Đã giao hồ sơ cho cơ quan giải quyết',
  delivered: 'Đã phát thành công',
  'delivery-failed': 'Phát không thành công, bưu chính sẽ phát lại hoặc liên hệ',
  returned: 'Bưu gửi đã được chuyển hoàn',
};

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đồng`;

/** Plain-language status for the citizen. */
export function citizenMessage(v: DossierView): string {
  const where = v.activeSteps.map((s) => departmentName(s.department)).join(', ');
  const appointment = formatVietnamTime(v.dueAt);
  switch (v.status) {
    case 'REGISTERED':
      return v.postal
        ? 'Hồ sơ đã đăng ký; bưu chính đang chuyển hồ sơ đến cơ quan. Thời hạn giải quyết tính từ khi cơ quan nhận đủ hồ sơ.'
        : 'Hồ sơ đã đăng ký, chờ hồ sơ đầy đủ. Thời hạn giải quyết tính từ khi nhận đủ hồ sơ.';
    case 'RECEIVED':
      return `Hồ sơ đã được tiếp nhận và đang được chuyển đến cơ quan giải quyết. Hẹn trả kết quả lúc ${appointment}.`;
    case 'PROCESSING':
      return `Hồ sơ đang được xử lý tại ${where || 'cơ quan giải quyết'}. Hẹn trả kết quả lúc ${appointment}.`;
    case 'SUPPLEMENT_REQUESTED': {
      const req = v.supplementRequests.at(-1);
      const items = req?.missingItems.join('; ') ?? '';
      const deadline = req?.deadline ? ` trước ${formatVietnamTime(req.deadline)}` : '';
      return `Hồ sơ cần bổ sung: ${items}. Vui lòng bổ sung${deadline}; thời hạn giải quyết chưa tính trong thời gian chờ bổ sung.`;
    }
    case 'AWAITING_PAYMENT':
      return `Vui lòng nộp phí, lệ phí ${vnd(v.fees.totalVnd)} để nhận kết quả.`;
    case 'RESULT_READY':
      return v.returnMethod === 'postal'
        ? 'Đã có kết quả; kết quả đang được gửi qua bưu chính đến địa chỉ đã đăng ký.'
        : 'Đã có kết quả. Mời ông/bà đến Bộ phận Một cửa để nhận kết quả.';
    case 'RETURNED':
      return 'Đã trả kết quả. Cảm ơn ông/bà; mời ông/bà đánh giá mức độ hài lòng.';
    case 'REFUSED':
      return `Hồ sơ không được giải quyết. Lý do: ${v.closure?.reason ?? 'xem văn bản trả lời'}.`;
    case 'WITHDRAWN':
      return 'Hồ sơ đã được rút theo đề nghị của ông/bà.';
    case 'STOPPED':
      return `Cơ quan đã dừng giải quyết hồ sơ. Lý do: ${v.closure?.reason ?? 'xem thông báo'}.`;
  }
}

/** The form's name in sentence case, e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". */
const KIND_FALLBACK_TITLE: Record<CitizenDocumentKind, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  supplement: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  'refusal-notice': 'Thông báo về việc không giải quyết hồ sơ',
  apology: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  'stop-notice': 'Thông báo dừng giải quyết hồ sơ',
};

export function citizenDocumentTitle(kind: CitizenDocumentKind, rulePack: '2018' | '2025' | undefined): string {
  const spec = rulePack ? formSpec(rulePack, kind) : null;
  if (!spec) return KIND_FALLBACK_TITLE[kind];
  const lower = spec.title.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

export interface CitizenDocumentRow {
  id: number;
  kind: string;
  fileName: string;
  sha256: string;
  issuedAt: string;
}

/** The citizen's documents of one dossier, oldest first; when a kind repeats, its title says which time ("lần 2"). */
export function citizenDocumentList(rows: CitizenDocumentRow[], rulePack: '2018' | '2025' | undefined): z.infer<typeof citizenDocument>[] {
  const total = new Map<string, number>();
  for (const r of rows) total.set(r.kind, (total.get(r.kind) ?? 0) + 1);
  const seen = new Map<string, number>();
  return rows
    .filter((r): r is CitizenDocumentRow & { kind: CitizenDocumentKind } => (CITIZEN_DOCUMENT_KINDS as readonly string[]).includes(r.kind))
    .map((r) => {
      const n = (seen.get(r.kind) ?? 0) + 1;
      seen.set(r.kind, n);
      const title = citizenDocumentTitle(r.kind, rulePack);
      return {
        id: r.id,
        kind: r.kind,
        title: (total.get(r.kind) ?? 0) > 1 ? `${title} (lần ${n})` : title,
        fileName: r.fileName,
        issuedAt: formatVietnamTime(r.issuedAt),
        sha256: r.sha256,
      };
    });
}

/** The stored documents of this dossier (and only this one) that are addressed to the citizen. */
async function findCitizenDocuments(db: Db, code: string): Promise<CitizenDocumentRow[]> {
  return db
    .select({ id: documents.id, kind: documents.kind, fileName: documents.fileName, sha256: documents.sha256, issuedAt: documents.issuedAt })
    .from(documents)
    .where(and(eq(documents.dossierCode, code), inArray(documents.kind, [...CITIZEN_DOCUMENT_KINDS])))
    .orderBy(asc(documents.issuedAt), asc(documents.id));
}

export function citizenView(v: DossierView, docs: CitizenDocumentRow[] = []): z.infer<typeof citizenLookupResponse> {
  const pendingSupplement = v.status === 'SUPPLEMENT_REQUESTED' ? v.supplementRequests.at(-1) : undefined;
  return {
    code: v.code,
    procedureName: v.procedureName,
    status: v.status,
    statusLabel: v.statusLabel,
    message: citizenMessage(v),
    currentDepartment: v.activeSteps.length ? v.activeSteps.map((s) => departmentName(s.department)).join(', ') : null,
    receivedAt: formatVietnamTime(v.receivedAt),
    appointment: formatVietnamTime(v.dueAt),
    originalAppointment: v.originalDueAt !== v.dueAt ? formatVietnamTime(v.originalDueAt) : null,
    apologies: v.apologies.map((a) => ({
      no: a.no,
      issuedAt: formatVietnamTime(a.at),
      reason: a.reason,
      newAppointment: formatVietnamTime(a.newDueAt),
      signer: departmentName(a.faultUnit),
    })),
    supplement: pendingSupplement
      ? { items: pendingSupplement.missingItems, reason: pendingSupplement.reason, deadline: pendingSupplement.deadline ? formatVietnamTime(pendingSupplement.deadline) : '' }
      : null,
    fees: { totalVnd: v.fees.totalVnd, paid: !!v.fees.paidAt, paymentUrl: v.fees.paidAt ? null : (v.fees.paymentUrl ?? null) },
    postal: v.postal
      ? {
          trackingNumber: v.postal.trackingNumber,
          status: v.postal.status,
          statusLabel: POSTAL_STATUS_LABEL[v.postal.status] ?? v.postal.status,
          updatedAt: formatVietnamTime(v.postal.updatedAt),
        }
      : null,
    documents: citizenDocumentList(docs, v.rulePack),
  };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected.padEnd(4, '#')), b = Buffer.from(given.padEnd(4, '#'));
  return a.length === b.length && timingSafeEqual(a, b);
}

export function citizenRoutes(deps: { db: Db; client: Client; limits?: CitizenLimits }): Router {
  const r = Router();
  const limits = deps.limits ?? defaultCitizenLimits();

  /** Counts the attempt; refuses with 429 + Retry-After when the IP or the code is over its window. */
  function throttle(req: Request, res: Response, code: string): void {
    const byIp = limits.perIp.hit(`ip:${req.ip ?? 'unknown'}`);
    const byCode = byIp.allowed ? limits.perCode.hit(`code:${code}`) : byIp;
    if (!byIp.allowed || !byCode.allowed) {
      const wait = Math.max(byIp.retryAfterSeconds, byCode.retryAfterSeconds);
      res.setHeader('Retry-After', String(wait));
      throw new HttpProblem({
        status: 429,
        slug: 'too-many-requests',
        title: 'Quá nhiều lần tra cứu',
        detail: `Ông/bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`,
        retryAfterSeconds: wait,
      });
    }
  }

  /** The dossier if code and secret match; the same 404 otherwise. */
  async function authenticateCitizen(code: string, secret: string): Promise<DossierView> {
    const row = await findDossier(deps.db, code);
    const phone = row?.applicantPhone?.replace(/\D/g, '') ?? '';
    const ok = sameSecret(phone.length >= 4 ? phone.slice(-4) : '', secret);
    if (!row || !ok) throw problems.notFound(NOT_FOUND_DETAIL);
    return row.snapshot as DossierView;
  }

  const handler = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (err) {
      next(err);
    }
  };

  r.post('/public/lookup', handler(async (req, res) => {
    const body = parse(citizenLookupBody, req, 'body');
    throttle(req, res, body.code);
    const view = await authenticateCitizen(body.code, body.secret);
    const docs = await findCitizenDocuments(deps.db, body.code);
    res.setHeader('Cache-Control', 'no-store');
    res.json(citizenView(view, docs));
  }));

  r.post('/public/dossiers/:code/documents/:id', handler(async (req, res) => {
    const { code, id } = parse(citizenDocumentParams, req, 'params');
    const body = parse(citizenSecretBody, req, 'body');
    throttle(req, res, code);
    await authenticateCitizen(code, body.secret);
    // Exactly what the lookup lists: this dossier's documents addressed to the citizen.
    const docs = await findCitizenDocuments(deps.db, code);
    if (!docs.some((d) => d.id === id)) throw problems.notFound(NOT_FOUND_DETAIL);
    res.setHeader('Cache-Control', 'no-store');
    await sendDocument(deps.db, res, code, id);
  }));

  r.post('/public/dossiers/:code/survey', handler(async (req, res) => {
    const { code } = parse(citizenCodeParams, req, 'params');
    const body = parse(citizenSurveyBody, req, 'body');
    throttle(req, res, code);
    const view = await authenticateCitizen(code, body.secret);
    if (view.status !== 'RETURNED') throw problems.conflict('Chỉ đánh giá sau khi đã nhận kết quả (survey opens after the result is returned)');
    const inserted = await deps.db
      .insert(surveyResponses)
      .values({ dossierCode: code, score: body.score, comment: body.comment ?? null })
      .onConflictDoNothing()
      .returning({ code: surveyResponses.dossierCode });
    if (inserted.length === 0) throw problems.conflict('Hồ sơ này đã được đánh giá (one survey answer per dossier)');
    res.status(201).json({ code, message: 'Cảm ơn ông/bà đã đánh giá.' });
  }));

  r.post('/public/dossiers/:code/supplement', handler(async (req, res) => {
    const { code } = parse(citizenCodeParams, req, 'params');
    const body = parse(citizenSupplementBody, req, 'body');
    throttle(req, res, code);
    const view = await authenticateCitizen(code, body.secret);
    if (view.status !== 'SUPPLEMENT_REQUESTED') throw problems.conflict('Hồ sơ hiện không chờ bổ sung giấy tờ (no supplement is awaited)');
    try {
      await deps.client.workflow.getHandle(code).signal(supplementReceivedSignal, { receivedBy: 'citizen', note: body.note });
    } catch (err) {
      throw toHttpProblem(err, code);
    }
    res.status(202).json({ code, message: 'Đã ghi nhận giấy tờ bổ sung; hồ sơ sẽ được tiếp tục xử lý.' });
  }));

  return r;
}
