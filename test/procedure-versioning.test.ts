/**
 * Procedures as versioned code: a dossier started on v1 finishes on v1 after v2 ships (a changed share and an added
 * stage), and its history replays on the new code; a dossier started after it runs v2.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../activities';
import { createLogger } from '../api/logging';
import { connectDatabase, type Database } from '../db/client';
import { activityDeps, TEST_CENTRE } from '../scripts/activity-deps';
import { loadConfig } from '../scripts/config';
import { createExternalServices } from '../scripts/services';
import { bundleWorkflows } from '../scripts/worker';
import { decideStepUpdate, getDossierQuery, type Actor, type DossierInput, type DossierView } from '../workflows/shared/dossier';

const catalogFixture = (v: 1 | 2) => fileURLToPath(new URL(`./fixtures/catalog-v${v}/index.ts`, import.meta.url));
const replacing = (v: 1 | 2) => ({ replaceModules: [{ pattern: /procedures[\\/]catalog([\\/]index(\.ts)?)?$/, path: catalogFixture(v) }] });
const officer: Actor = { userId: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] };
const civil: Actor = { userId: 'ht01', roles: ['officer'], departments: ['UBND-XA-HO-TICH'] };

let bundleV1: string;
let bundleV2: string;
let env: TestWorkflowEnvironment;
let database: Database;

beforeAll(async () => {
  [{ code: bundleV1 }, { code: bundleV2 }] = await Promise.all([bundleWorkflows(replacing(1)), bundleWorkflows(replacing(2))]);
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } });
  database = connectDatabase(inject('databaseUrl'));
}, 240_000);
afterAll(async () => {
  await env?.teardown();
  await database?.close();
});

function worker(code: string, taskQueue = 'versioning') {
  const services = createExternalServices(loadConfig({}), () => 'http://127.0.0.1:9');
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { code },
    // No sticky cache: the next worker picks up the dossier from the shared queue at once (a shipped release).
    maxCachedWorkflows: 0,
    activities: createActivities(activityDeps({ database, log: createLogger('warn'), payments: services.payments, postal: services.postal, centre: TEST_CENTRE })),
  });
}

const input = (code: string, version: number): DossierInput => ({
  code,
  procedureCode: '9.000001',
  procedureVersion: version,
  channel: 'counter',
  applicant: { fullName: 'Phạm Văn Bình', phone: '0912000111' },
  submittedPapers: [],
  receivedBy: { userId: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] },
  returnMethod: 'online',
  searchAttributes: false,
});

async function until(h: { query: (q: typeof getDossierQuery) => Promise<DossierView> }, ok: (v: DossierView) => boolean) {
  for (let i = 0; i < 200; i++) {
    const v = await h.query(getDossierQuery).catch(() => undefined);
    if (v && ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('a procedure amended while dossiers run', () => {
  it('the running dossier finishes on v1 and replays on the new code; a new dossier runs v2', { timeout: 360_000 }, async () => {
    const id = `VER-1-${Date.now() % 100_000}`;
    // ---- shipped: v1 only
    const w1 = await worker(bundleV1);
    const h = await w1.runUntil(async () => {
      const h = await env.client.workflow.start('dossier', { workflowId: id, taskQueue: 'versioning', args: [input(id, 1)] });
      const v = await until(h, (x) => x.activeSteps[0]?.stepId === 'tham-dinh');
      expect(v.procedureVersion).toBe(1);
      console.log('[versioning] v1 dossier open');
      await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh', decision: 'approve', actor: officer }] });
      await until(h, (x) => x.activeSteps[0]?.stepId === 'phe-duyet');
      return h;
    });

    // ---- shipped: v2 (v1 kept). The running dossier continues on a worker with the new code.
    const w2 = await worker(bundleV2);
    const [old, fresh] = await w2.runUntil(async () => {
      console.log('[versioning] v2 worker up; deciding the v1 dossier');
      await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'phe-duyet', decision: 'approve', actor: officer }] });
      const old = (await h.result()) as DossierView;
      console.log('[versioning] v1 dossier finished');

      const id2 = `VER-2-${Date.now() % 100_000}`;
      const h2 = await env.client.workflow.start('dossier', { workflowId: id2, taskQueue: 'versioning', args: [input(id2, 2)] });
      const v = await until(h2, (x) => x.activeSteps[0]?.stepId === 'tham-dinh');
      await h2.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh', decision: 'approve', actor: officer }] });
      await until(h2, (x) => x.activeSteps[0]?.stepId === 'y-kien-ho-tich');
      await h2.executeUpdate(decideStepUpdate, { args: [{ stepId: 'y-kien-ho-tich', decision: 'approve', actor: civil }] });
      await until(h2, (x) => x.activeSteps[0]?.stepId === 'phe-duyet');
      await h2.executeUpdate(decideStepUpdate, { args: [{ stepId: 'phe-duyet', decision: 'approve', actor: officer }] });
      return [old, { first: v, done: (await h2.result()) as DossierView }];
    });

    // v1: two stages, the first step's share 2 working days.
    expect(old.status).toBe('RETURNED');
    expect(old.procedureVersion).toBe(1);
    expect(old.controlSheet.map((r) => r.to)).toEqual(['UBND-XA-TU-PHAP', 'UBND-XA-TU-PHAP', 'MOT-CUA']);
    // v2: three stages, the first step's share 1 working day.
    expect(fresh.done.procedureVersion).toBe(2);
    expect(fresh.done.controlSheet.map((r) => r.to)).toEqual(['UBND-XA-TU-PHAP', 'UBND-XA-HO-TICH', 'UBND-XA-TU-PHAP', 'MOT-CUA']);
    const shareOf = (v: DossierView) => (Date.parse(v.activeSteps[0].dueAt) - Date.parse(v.activeSteps[0].startedAt)) / 3_600_000;
    expect(shareOf(fresh.first)).toBeLessThan(30); // one working day of office hours, within a day or so

    // The v1 dossier's history replays on the old and on the new code.
    const history = await h.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { code: bundleV2 }, replayName: 'v1-on-v2' }, history);
    await Worker.runReplayHistory({ workflowBundle: { code: bundleV1 }, replayName: 'v1-on-v1' }, history);
  });

  it('a version no longer shipped fails the dossier clearly instead of retrying forever', async () => {
    const id = `VER-3-${Date.now() % 100_000}`;
    const w1 = await worker(bundleV1, 'versioning-missing');
    const err = await w1.runUntil(async () => {
      const h = await env.client.workflow.start('dossier', { workflowId: id, taskQueue: 'versioning-missing', args: [input(id, 2)] });
      return h.result().then(() => null, (e: Error) => e);
    });
    expect(String((err as { cause?: Error })?.cause?.message)).toMatch(/Không có thủ tục 9\.000001@2/);
  });
});
