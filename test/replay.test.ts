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

// Current `dossier` histories, and those of the legacy per-procedure types (dossiers received before versioned
// procedures, which must keep replaying until none is open).
const files = [
  ...readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')),
  ...readdirSync(path.join(HISTORIES_DIR, 'legacy')).filter((f) => f.endsWith('.json')).map((f) => `legacy/${f}`),
];

/** Paths and handlers each needing a recorded history (RECORD_HISTORIES=1 npm test refreshes them). */
const REQUIRED_HISTORIES = [
  'on-time', // open, decide (approve), paymentConfirmed, online return
  'early',
  'liaison-parallel', // parallel stage join
  'overdue-apology', // timers: reminder, escalation, apology, second slip
  'payment-never', // payment window closes
  'payment-late',
  'payment-retry', // paymentFailed
  'calendar-changed', // calendarChanged
  'withdrawal', // closeDossier (withdraw)
  'stop', // closeDossier (stop)
  'supplement-across-tet', // decide (request-supplement), receiveSupplement
  'supplement-signal', // supplementReceived signal
  'supplement-window', // supplementation window ends the dossier
  'refusal', // decide (refuse) after reception
  'return-to-earlier-step', // decide (return)
  'reassign-note', // supervisorAction (reassign, note)
  'claim-escalate-extend-handover', // claimStep, supervisorAction (escalate, extend), handOverResult
  'postal-return', // postalTracking → delivered
  'postal-undelivered', // postalTracking → delivery failed
  'postal-intake', // postal pickup at intake
  'intake-refusal', // refused at reception
  'intake-supplement-withdrawn', // incomplete at the counter
];

describe('recorded histories replay against the current workflow code', () => {
  it('has recorded histories for the lifecycle paths', () => {
    expect(files.filter((f) => f.startsWith('legacy/')).length).toBeGreaterThanOrEqual(13);
    // Every lifecycle path and every update and signal handler of the current workflow has a recorded history.
    const current = new Set(files.filter((f) => !f.startsWith('legacy/')).map((f) => f.replace(/\.json$/, '')));
    for (const name of REQUIRED_HISTORIES) expect(current, name).toContain(name);
  });

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: file },
      history,
    );
  });
});
