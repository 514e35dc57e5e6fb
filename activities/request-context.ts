/**
 * The request ID of the work in progress, carried by AsyncLocalStorage inside one process: the API sets it for each
 * HTTP request, the Temporal client passes it on as a header, and the worker sets it again around each activity.
 * Log lines written anywhere below (notifications, providers) can then name the request that caused them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Payload } from '@temporalio/common';
import { REQUEST_ID_HEADER } from '../workflows/shared/request-id';

const storage = new AsyncLocalStorage<{ requestId: string }>();

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}

export const requestIdPayload = (requestId: string): Payload => defaultPayloadConverter.toPayload(requestId)!;

export function requestIdFromHeaders(headers: Record<string, Payload> | undefined): string | undefined {
  const h = headers?.[REQUEST_ID_HEADER];
  if (!h) return undefined;
  try {
    const v = defaultPayloadConverter.fromPayload<unknown>(h);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
