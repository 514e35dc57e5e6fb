/** zod validation for request parts; failures become 400 problem details listing every field. */
import type { Request } from 'express';
import type { z } from 'zod';
import { problems } from './problem';

export function parse<S extends z.ZodType>(schema: S, req: Request, where: 'body' | 'query' | 'params'): z.output<S> {
  const r = schema.safeParse(req[where] ?? {});
  if (!r.success) throw problems.validation(r.error, where);
  return r.data;
}
