/** zod validation for request parts; failures become 400 problem details listing every field. */
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpProblem, problems } from './problem';

export function parse<S extends z.ZodType>(schema: S, req: Request, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(req[where] ?? {});
  if (!r.success) throw problems.validation(r.error, where);
  return r.data;
}

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not valid Unicode (an unpaired surrogate) is refused at the
 * edge: accepted, it would reach the workflow and then fail every write of the read model.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex
    return /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value) ? path.join('.') || '(gốc)' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findUnstorableText(value[i], [...path, String(i)]);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findUnstorableText(k, [...path, k]) ?? findUnstorableText(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/** Express middleware: 400 problem+json naming the field with unstorable text (body or query). */
export function rejectUnstorableText(req: Request, _res: unknown, next: (err?: unknown) => void): void {
  for (const where of ['body', 'query'] as const) {
    const hit = findUnstorableText(req[where], [where]);
    if (hit) {
      return next(
        new HttpProblem({
          status: 400,
          slug: 'validation-error',
          title: 'Dữ liệu không hợp lệ',
          detail: 'Văn bản chứa ký tự không hợp lệ (NUL hoặc mã Unicode lỗi)',
          errors: [{ path: hit, message: 'ký tự không hợp lệ (NUL hoặc UTF-16 surrogate lẻ)' }],
        }),
      );
    }
  }
  next();
}
