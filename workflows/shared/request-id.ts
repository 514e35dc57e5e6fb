/**
 * The request ID travels from the HTTP request that caused an action (X-Request-Id) to the workflow and on to every
 * activity it schedules, as a Temporal header of this name. Headers are recorded in history but are not part of the
 * determinism check, so adding or removing them never breaks replay.
 */
export const REQUEST_ID_HEADER = 'request-id';
