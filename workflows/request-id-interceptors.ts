/**
 * Workflow side of request-ID propagation (see shared/request-id.ts). Each start, signal and update may carry the
 * ID of the HTTP request behind it; the workflow remembers the latest one and stamps it on the activities and
 * child workflows it schedules next, and on its own log lines. "Latest" is the honest attribution: an activity
 * is caused by whichever request last moved the dossier (timers firing carry none and keep the previous one).
 *
 * Registered through `workflowInterceptorModules` when the bundle is built (scripts/worker.ts).
 */
import { defaultPayloadConverter, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { Payload } from '@temporalio/common';
import { REQUEST_ID_HEADER } from './shared/request-id';

type Headers = Record<string, Payload>;

export const interceptors: WorkflowInterceptorsFactory = () => {
  // The factory runs once per workflow execution, so this closure is the execution's own state.
  let latest: Payload | undefined;
  const remember = (headers: Headers) => {
    const h = headers[REQUEST_ID_HEADER];
    if (h) latest = h;
  };
  const stamp = <T extends { headers: Headers }>(input: T): T =>
    latest && !input.headers[REQUEST_ID_HEADER] ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: latest } } : input;
  const decoded = (): string | undefined => {
    if (!latest) return undefined;
    try {
      const v = defaultPayloadConverter.fromPayload<unknown>(latest);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    inbound: [
      {
        execute(input, next) {
          remember(input.headers);
          return next(input);
        },
        handleSignal(input, next) {
          remember(input.headers);
          return next(input);
        },
        handleUpdate(input, next) {
          remember(input.headers);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(stamp(input)),
        scheduleLocalActivity: (input, next) => next(stamp(input)),
        startChildWorkflowExecution: (input, next) => next(stamp(input)),
        getLogAttributes(input, next) {
          const id = decoded();
          return next(id ? { ...input, requestId: id } : input);
        },
      },
    ],
  };
};
