/**
 * Client side of request-ID propagation: every workflow start, signal and update sent while handling an HTTP
 * request carries that request's ID as a Temporal header (see workflows/shared/request-id.ts).
 */
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { currentRequestId, requestIdPayload } from '../activities/request-context';
import { REQUEST_ID_HEADER } from '../workflows/shared/request-id';

function withHeader<T extends { headers: Record<string, Payload> }>(input: T): T {
  const id = currentRequestId();
  if (!id || input.headers[REQUEST_ID_HEADER]) return input;
  return { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestIdPayload(id) } };
}

export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  return {
    startWithDetails: (input, next) => next(withHeader(input)),
    signal: (input, next) => next(withHeader(input)),
    signalWithStart: (input, next) => next(withHeader(input)),
    startUpdate: (input, next) => next(withHeader(input)),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: withHeader({ headers: input.workflowStartHeaders }).headers, updateHeaders: withHeader({ headers: input.updateHeaders }).headers }),
  };
}
