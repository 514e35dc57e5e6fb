/**
 * Citizen routes (no account): look a dossier up by code + secret (the last 4 digits of the applicant's phone),
 * answer the satisfaction survey, and tell the centre that the requested papers were supplemented.
 * Unknown code and wrong secret get the same 404; attempts are rate-limited per IP and per code.
 */
import type { Client } from '@temporalio/client';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { sendDocument } from './documents';
import { dossierCodeSchema } from './dossier-code';
import { findDossier } from '../../db/repositories/dossiers';
import type { Db } from '../../db/client';
import { surveyResponses } from '../../db/schema';
import { formatVietnamTime } from '../../workflows/lifecycle-rules';
import { supplementReceivedSignal, type DossierView } from '../../workflows/shared/dossier';
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
const CITIZEN_DOCUMENT_KINDS = ['receipt', 'supplement', 'refusal', 'apology', 'stop-notice'];

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
      const deadline = req ? ` trước ${formatVietnamTime(req.deadline)}` : '';
      return `Hồ sơ cần bổ sung: ${items}. Vui lòng bổ sung${deadline}; thời hạn giải quyết tạm dừng trong thời gian chờ bổ sung.`;
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

export function citizenView(v: DossierView): z.infer<typeof citizenLookupResponse> {
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
      ? { items: pendingSupplement.missingItems, reason: pendingSupplement.reason, deadline: formatVietnamTime(pendingSupplement.deadline) }
      : null,
    fees: { totalVnd: v.fees.totalVnd, paid: !!v.fees.paidAt, paymentUrl: v.fees.paidAt ? null : (v.fees.paymentUrl ?? null) },
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
    res.setHeader('Cache-Control', 'no-store');
    res.json(citizenView(view));
  }));

  r.post('/public/dossiers/:code/documents/:id', handler(async (req, res) => {
    const { code, id } = parse(citizenDocumentParams, req, 'params');
    const body = parse(citizenSecretBody, req, 'body');
    throttle(req, res, code);
    const view = await authenticateCitizen(code, body.secret);
    const doc = view.documents?.find((d) => d.documentId === id);
    if (!doc || !CITIZEN_DOCUMENT_KINDS.includes(doc.kind)) throw problems.notFound(NOT_FOUND_DETAIL);
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
