/**
 * The X-Request-Id of an HTTP call reaches the workflow (header on start/update) and every activity it schedules
 * next: the worker's activity log lines and the notification log lines carry it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';
import { call, startTestStack, type TestStack } from './harness';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const linesWith = (requestId: string) => stack.logLines.filter((l) => l.requestId === requestId);

describe('request ID propagation', () => {
  it('follows a reception and a decision into the activities they cause', async () => {
    const receptionId = `rq-receive-${Date.now()}`;
    const created = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      headers: { 'X-Request-Id': receptionId },
      body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(receptionId);
    const code: string = created.body.code;
    await waitForStatus(stack, code, tokens.reception, 'PROCESSING');

    // The reception's activities: the read-model projection and the receipt notification.
    const received = await waitFor(async () => {
      const acts = linesWith(receptionId).filter((l) => l.msg === 'activity completed' && l.dossier === code);
      return acts.some((l) => l.activity === 'recordDossierTransition') && acts.some((l) => l.activity === 'notify') ? acts : undefined;
    });
    expect(received.every((l) => l.attempt === 1)).toBe(true);
    expect(linesWith(receptionId).some((l) => l.msg === 'notification')).toBe(true);
    // And the API's own request line.
    expect(linesWith(receptionId).some((l) => l.msg === 'request' && l.status === 201)).toBe(true);

    const decisionId = `rq-approve-${Date.now()}`;
    const approved = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, {
      token: tokens.officer,
      headers: { 'X-Request-Id': decisionId },
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    await waitFor(async () =>
      linesWith(decisionId).some((l) => l.msg === 'activity completed' && l.activity === 'recordDossierTransition' && l.dossier === code)
        ? true
        : undefined,
    );
    // Activities caused by the decision are not attributed to the reception.
    const afterDecision = stack.logLines.filter((l) => l.msg === 'activity completed' && l.dossier === code);
    expect(afterDecision.filter((l) => l.requestId === decisionId).length).toBeGreaterThan(0);
    expect(afterDecision.every((l) => typeof l.requestId === 'string')).toBe(true);
  });
});
