/**
 * National calendar data shipped while dossiers run (holidays/data/index.ts, schedule patches): a workflow bundle
 * whose data closes January–March 2027 still replays every recorded history (those dossiers started without the
 * patch and keep their dates), while a dossier started on that bundle computes its appointment on the new data.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../activities';
import { createLogger } from '../api/logging';
import { connectDatabase, type Database } from '../db/client';
import { BASE_SCHEDULES, buildCalendar, defaultCalendar, withPatches, yearScheduleSchema } from '../holidays';
import { activityDeps, TEST_CENTRE } from '../scripts/activity-deps';
import { loadConfig } from '../scripts/config';
import { createExternalServices } from '../scripts/services';
import { bundleWorkflows } from '../scripts/worker';
import { getDossierQuery, type DossierView } from '../workflows/shared/dossier';
import { nationalTime, StatutoryTime } from '../workflows/statutory-clock';
import { RAW_SCHEDULE_PATCHES } from './fixtures/schedule-patches';
import { HISTORIES_DIR } from './workflow-env';

const fixture = fileURLToPath(new URL('./fixtures/schedule-patches.ts', import.meta.url));
let code: string;

beforeAll(async () => {
  ({ code } = await bundleWorkflows({ replaceModules: [{ pattern: /holidays[\\/]data[\\/]patches(\.ts)?$/, path: fixture }] }));
}, 120_000);

describe('national calendar data shipped as a patch', () => {
  it('leaves dossiers started before it on their data: every recorded history still replays', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, f), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: { code }, replayName: f }, history);
    }
  });

  describe('a dossier started after it', () => {
    let env: TestWorkflowEnvironment;
    let database: Database;
    beforeAll(async () => {
      env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } });
      database = connectDatabase(inject('databaseUrl'));
    });
    afterAll(async () => {
      await env?.teardown();
      await database?.close();
    });

    it('computes its appointment on the new data and records the patch in its history', async () => {
      const services = createExternalServices(loadConfig({}), () => 'http://127.0.0.1:9');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'schedule-patch',
        workflowBundle: { code },
        activities: createActivities(activityDeps({ database, log: createLogger('warn'), payments: services.payments, postal: services.postal, centre: TEST_CENTRE })),
      });
      await worker.runUntil(async () => {
        // Monday 4 January 2027, 08:00 in Vietnam.
        await env.sleep(Date.parse('2027-01-04T01:00:00Z') - (await env.currentTimeMs()));
        const id = `PATCH.TEST-270104-${Date.now() % 10_000}`;
        const h = await env.client.workflow.start('dossier', {
          workflowId: id,
          taskQueue: 'schedule-patch',
          args: [{
            code: id, procedureCode: '2.001610', procedureVersion: 1, channel: 'counter', applicant: { fullName: 'Trần Thị Mai', phone: '0912345678' },
            submittedPapers: [], receivedBy: { userId: 'tn01', name: 'Tiếp nhận', roles: ['reception'], departments: ['MOT-CUA'] },
            searchAttributes: false,
          }],
        });
        let view: DossierView | undefined;
        for (let i = 0; i < 100 && !view?.dueAt; i++) {
          view = await h.query(getDossierQuery).catch(() => undefined);
          if (!view?.dueAt) await new Promise((r) => setTimeout(r, 100));
        }
        const patched = buildCalendar(undefined, withPatches(BASE_SCHEDULES, RAW_SCHEDULE_PATCHES.map((p) => ({ patchId: p.patchId, schedule: yearScheduleSchema.parse(p.schedule) }))));
        expect(view!.calendarVersion).toBe(patched.version);
        expect(view!.calendarVersion).not.toBe(defaultCalendar.version);
        // 3 working days from Monday 22 March 2027, the first working day of the new data: Wednesday 24 March.
        const clock = { receivedAt: view!.receivedAt, duration: { unit: 'working-days' as const, amount: 3 }, pauses: [], extensions: [] };
        expect(view!.dueAt).toBe(new StatutoryTime(patched).computeDueAt(clock));
        expect(view!.dueAt).toBe('2027-03-24T10:00:00.000Z');
        expect(nationalTime.computeDueAt(clock) < '2027-01-31').toBe(true);
        const history = await h.fetchHistory();
        const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
        const ids = markers.map((e) => Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!.data!).toString());
        expect(ids.some((s) => s.includes('national-calendar-2027-test'))).toBe(true);
        await h.terminate('test over');
      });
    });
  });
});
