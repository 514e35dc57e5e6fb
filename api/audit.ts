/**
 * Audit middleware for /api: records every state-changing call (allowed or refused, 401/403/409/422 included) and
 * every read of personal data, once the response has finished. The append runs after the response so it never
 * delays it; a failed append is retried and then logged with the full entry, never dropped silently.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { appendAudit, type AuditEntryInput, type AuditRecord } from '../db/repositories/audit';
import { nowIso } from '../activities/clock';

const CODE = '[0-9A-Z.]+-\\d{6}-\\d{4,}';
const CODE_IN_PATH = new RegExp(`/dossiers/(${CODE})(?=/|$)`);

/** GET routes that return personal data (applicant name, phone, history) and are therefore audited. */
const PERSONAL_READS = [
  new RegExp(`^/dossiers/${CODE}(/timeline|/control-sheet)?$`),
  /^\/inbox$/,
  /^\/supervisor\/(dossiers|near-due|overdue|stuck)$/,
  /^\/audit-log$/,
];
/** Callbacks that change state through GET (payment gateway IPN). */
const STATE_CHANGING_GETS = [/^\/payments\/vnpay\/ipn$/];

const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** `POST /api/dossiers/:code/steps/tham-dinh/decision`: the code is replaced so actions group by route. */
export function auditAction(method: string, originalPath: string): string {
  return `${method} ${originalPath.replace(CODE_IN_PATH, '/dossiers/:code')}`;
}

export function shouldAudit(method: string, pathUnderApi: string): boolean {
  if (isWrite(method)) return true;
  if (method !== 'GET') return false;
  return PERSONAL_READS.some((r) => r.test(pathUnderApi)) || STATE_CHANGING_GETS.some((r) => r.test(pathUnderApi));
}

export interface AuditTrail {
  (req: Request, res: Response, next: NextFunction): void;
  /** Resolves when every append started so far has settled (graceful shutdown, tests). */
  flush(): Promise<void>;
}

export function auditTrail(deps: { db: Db; log: Logger; onAppended?: (record: AuditRecord) => void }): AuditTrail {
  const pending = new Set<Promise<unknown>>();

  const write = async (entry: AuditEntryInput, log: Logger) => {
    for (let attempt = 1; ; attempt++) {
      try {
        deps.onAppended?.(await appendAudit(deps.db, entry));
        return;
      } catch (err) {
        if (attempt >= 3) {
          // The entry itself goes to the log so an operator can re-append it.
          log.error({ err, auditEntry: entry }, 'audit append failed');
          return;
        }
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  };

  const middleware = ((req: Request, res: Response, next: NextFunction) => {
    // Mounted at /api: req.path is relative to it; keep the full path for the record.
    const pathUnderApi = req.path;
    const originalPath = req.originalUrl.split('?')[0]!;
    if (!shouldAudit(req.method, pathUnderApi)) return next();

    // Remember the problem type of an error answer (e.g. /problems/forbidden) for the record.
    let problemType: string | undefined;
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      if (res.statusCode >= 400 && body && typeof body === 'object' && 'type' in body) problemType = String((body as { type: unknown }).type);
      return json(body);
    };

    const started = nowIso();
    res.on('finish', () => {
      const status = res.statusCode;
      const bodyCode = (req.body as { code?: unknown } | undefined)?.code;
      const dossierCode =
        CODE_IN_PATH.exec(originalPath)?.[1] ??
        (typeof bodyCode === 'string' && new RegExp(`^${CODE}$`).test(bodyCode) ? bodyCode : undefined) ??
        (status === 201 ? res.get('Location')?.match(CODE_IN_PATH)?.[1] : undefined);
      const entry: AuditEntryInput = {
        at: started,
        actorId: req.actor?.userId ?? null,
        actorRoles: req.actor?.roles ?? [],
        action: auditAction(req.method, originalPath),
        dossierCode: dossierCode ?? null,
        outcome: status < 400 ? 'allowed' : 'refused',
        detail: {
          status,
          kind: isWrite(req.method) ? 'write' : 'read',
          path: originalPath,
          ...(problemType ? { problem: problemType } : {}),
          ...(req.id ? { requestId: req.id } : {}),
          ...(req.ip ? { ip: req.ip } : {}),
          ...(req.actor?.departments?.length ? { departments: req.actor.departments } : {}),
        },
      };
      const p = write(entry, req.log ?? deps.log);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    });
    next();
  }) as AuditTrail;

  middleware.flush = async () => {
    await Promise.allSettled([...pending]);
  };
  return middleware;
}
