/** JSON logs (pino) with a request ID per request, echoed in `X-Request-Id` and passed to workflows and activities. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { withRequestId } from '../activities/request-context';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'mot-cua' } }, destination);
}

export function requestLogging(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('X-Request-Id');
    req.id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    req.log = log.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log!.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms), user: req.actor?.userId }, 'request');
    });
    // The rest of the request runs with its ID in AsyncLocalStorage, so Temporal calls carry it (api/temporal-request-id.ts).
    withRequestId(req.id, next);
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      log?: Logger;
    }
  }
}
