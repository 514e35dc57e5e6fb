/**
 * One JSON log line per activity attempt that ends (info on success, warn on failure), naming the dossier
 * (workflow ID), the activity, the attempt and the request that caused it. The request ID is also put in
 * AsyncLocalStorage for the activity's own log lines.
 */
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from 'pino';
import { requestIdFromHeaders, withRequestId } from './request-context';

export function activityLogging(log: Logger): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input, next) {
        const requestId = requestIdFromHeaders(input.headers);
        const info = ctx.info;
        const line = log.child({
          activity: info.activityType,
          dossier: info.workflowExecution?.workflowId,
          attempt: info.attempt,
          ...(requestId ? { requestId } : {}),
        });
        const started = Date.now();
        return withRequestId(requestId, async () => {
          try {
            const result = await next(input);
            line.info({ ms: Date.now() - started }, 'activity completed');
            return result;
          } catch (err) {
            line.warn({ ms: Date.now() - started, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'activity failed');
            throw err;
          }
        });
      },
    };
    return { inbound };
  };
}
