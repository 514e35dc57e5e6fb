/**
 * Determinism guard: every history recorded from the workflow tests (test/histories, refreshed with
 * `RECORD_HISTORIES=1 npm test`) must replay against today's workflow code. A change that would break running
 * dossiers fails here; make it with `patched()` or a new workflow type instead.
 */
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { HISTORIES_DIR } from './workflow-env';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded histories replay against the current workflow code', () => {
  it('has recorded histories for the lifecycle paths', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: file },
      history,
    );
  });
});
