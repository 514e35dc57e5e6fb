/**
 * RFC 9457 problem details: every error leaves the API as application/problem+json with a Vietnamese
 * title/detail and an English `type` slug. Never a stack trace.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';

export interface ProblemFields {
  status: number;
  /** English slug, e.g. "validation-error"; becomes `type` = /problems/<slug>. */
  slug: string;
  title: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
  [extra: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(readonly problem: ProblemFields) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }
}

export const problems = {
  notFound: (detail: string) => new HttpProblem({ status: 404, slug: 'not-found', title: 'Không tìm thấy', detail }),
  forbidden: (detail: string) => new HttpProblem({ status: 403, slug: 'forbidden', title: 'Không có quyền', detail }),
  unauthorized: (detail: string) =>
    new HttpProblem({ status: 401, slug: 'unauthorized', title: 'Chưa xác thực', detail }),
  conflict: (detail: string) => new HttpProblem({ status: 409, slug: 'state-conflict', title: 'Xung đột trạng thái', detail }),
  invalid: (detail: string) =>
    new HttpProblem({ status: 422, slug: 'unprocessable', title: 'Yêu cầu không hợp lệ', detail }),
  unavailable: (detail: string) =>
    new HttpProblem({ status: 503, slug: 'service-unavailable', title: 'Dịch vụ tạm thời không sẵn sàng', detail }),
  validation: (error: z.ZodError, where: 'body' | 'query' | 'params' | 'headers') =>
    new HttpProblem({
      status: 400,
      slug: 'validation-error',
      title: 'Dữ liệu không hợp lệ',
      detail: `Kiểm tra lại các trường được liệt kê (${where})`,
      errors: error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
    }),
};

export function sendProblem(res: Response, p: ProblemFields, instance?: string): void {
  const { slug, ...rest } = p;
  res
    .status(p.status)
    .type('application/problem+json')
    .json({ type: `/problems/${slug}`, ...rest, ...(instance ? { instance } : {}) });
}

/** Connection-level failures of PostgreSQL (postgres.js codes, SQLSTATE classes 08 and 57P) and of Temporal (gRPC). */
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);

export function unavailableDependency(err: unknown): 'database' | 'temporal' | null {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && (DB_DOWN_CODES.has(code) || /^08|^57P0[1-3]$/.test(code))) return 'database';
    if (name === 'ServiceError' || name === 'TransportError' || (typeof code === 'number' && (code === 14 || code === 4) && 'metadata' in e)) return 'temporal';
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Last error handler: known problems as they are, malformed JSON as 400, a database or Temporal that does not
 * answer as 503, anything else as a logged 500.
 */
export function problemHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof HttpProblem) return sendProblem(res, err.problem, req.originalUrl);
    if (err?.type === 'entity.parse.failed') {
      return sendProblem(res, { status: 400, slug: 'malformed-json', title: 'JSON không hợp lệ', detail: 'Nội dung yêu cầu không phải JSON hợp lệ' }, req.originalUrl);
    }
    if (err?.type === 'entity.too.large') {
      return sendProblem(res, { status: 413, slug: 'payload-too-large', title: 'Nội dung quá lớn' }, req.originalUrl);
    }
    const down = unavailableDependency(err);
    if (down) {
      log.error({ err, requestId: (req as { id?: string }).id, dependency: down }, 'dependency unavailable');
      const detail = down === 'database' ? 'Cơ sở dữ liệu không phản hồi (database unavailable)' : 'Máy chủ Temporal không phản hồi (Temporal unavailable)';
      res.setHeader('Retry-After', '10');
      return sendProblem(res, problems.unavailable(`${detail}; vui lòng thử lại sau ít phút`).problem, req.originalUrl);
    }
    log.error({ err, requestId: (req as { id?: string }).id }, 'unhandled error');
    sendProblem(
      res,
      { status: 500, slug: 'internal-error', title: 'Lỗi hệ thống', detail: 'Đã ghi nhận lỗi; vui lòng thử lại sau' },
      req.originalUrl,
    );
  };
}
