/** Admin views backed by Temporal: which workers (and which build of the workflow code) serve the procedures. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { procedures } from '../workflows/procedures/registry';
import { vietnamDate } from '../workflows/shared/format';
import { roleTokens, waitFor, type RoleTokens } from './api-fixtures';
import { call, startTestStack, type TestStack } from './harness';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

describe('admin: workers', () => {
  it('lists the pollers of the task queue with the build ID of the workflow code they run', async () => {
    // The SDK's build ID names its version and the SHA-256 of the workflow bundle the worker runs.
    const bundleHash = createHash('sha256').update(readFileSync(inject('workflowBundlePath'), 'utf8')).digest('hex');
    const res = await waitFor(async () => {
      const r = await call(stack, 'GET', '/api/admin/workers', { token: tokens.admin });
      return r.status === 200 && r.body.pollers.length > 0 ? r : undefined;
    });
    expect(res.body.taskQueue).toBe(stack.taskQueue);
    expect(res.body.pollers[0].buildId).toMatch(new RegExp(`^@temporalio/worker@[\\d.]+\\+${bundleHash}$`));
    expect(res.body.workflowTypes.map((w: { workflowType: string }) => w.workflowType).sort()).toEqual(procedures.currentAll(vietnamDate(Date.now())).map(() => 'dossier'));
  });
});
