/** Maps Temporal client errors to problem details (validator rejections carry a type: NotFound, Forbidden…). */
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REJECTION } from '../workflows/shared/dossier';
import { HttpProblem, problems } from './problem';

function rootApplicationFailure(err: unknown): ApplicationFailure | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof ApplicationFailure) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function toHttpProblem(err: unknown, dossierCode?: string): HttpProblem {
  if (err instanceof HttpProblem) return err;
  // An update or signal to a finished dossier: it exists, but nothing can change it any more.
  if (/already completed/i.test((err as Error)?.message ?? '')) {
    return problems.conflict(`Hồ sơ ${dossierCode ?? ''} đã kết thúc, không thể thay đổi (dossier is closed)`);
  }
  if (err instanceof WorkflowNotFoundError) return problems.notFound(`Không có hồ sơ ${dossierCode ?? ''}`.trim());
  if (err instanceof WorkflowExecutionAlreadyStartedError) return problems.conflict(`Hồ sơ ${dossierCode ?? ''} đã tồn tại`);
  const failure = rootApplicationFailure(err);
  if (err instanceof WorkflowUpdateFailedError || failure) {
    const message = failure?.message ?? (err as Error).message;
    switch (failure?.type) {
      case REJECTION.NOT_FOUND:
        return problems.notFound(message);
      case REJECTION.FORBIDDEN:
        return problems.forbidden(message);
      case REJECTION.CONFLICT:
        return problems.conflict(message);
      case REJECTION.INVALID:
        return problems.invalid(message);
      default:
        return problems.conflict(message);
    }
  }
  if (isGrpcServiceError(err)) {
    // 5 NOT_FOUND: workflow unknown; 14 UNAVAILABLE / 4 DEADLINE_EXCEEDED: Temporal down.
    if (err.code === 5) return problems.notFound(`Không có hồ sơ ${dossierCode ?? ''}`.trim());
    if (err.code === 14 || err.code === 4) return problems.unavailable('Máy chủ Temporal không phản hồi (Temporal unavailable)');
  }
  if ((err as Error)?.name === 'ServiceError' || (err as Error)?.name === 'TransportError') {
    return problems.unavailable('Máy chủ Temporal không phản hồi (Temporal unavailable)');
  }
  throw err;
}
