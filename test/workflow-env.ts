/**
 * Workflow tests on the real time-skipping test server: real activities (Postgres read model, outbox, payment
 * orders, postal sandbox), a shared workflow bundle, and helpers to move the server clock to a chosen instant.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createActivities } from '../activities';
import { createLogger } from '../api/logging';
import { connectDatabase, type Database } from '../db/client';
import { defaultCalendar } from '../holidays';
import { loadConfig } from '../scripts/config';
import { createExternalServices, type ExternalServices } from '../scripts/services';
import { activityDeps, TEST_CENTRE } from '../scripts/activity-deps';
import { getDossierQuery, type Actor, type DossierInput, type DossierView } from '../workflows/shared/dossier';
import { procedures } from '../workflows/procedures/registry';

export const HISTORIES_DIR = fileURLToPath(new URL('./histories', import.meta.url));

let runtimeInstalled = false;

export interface WorkflowTestEnv {
  env: TestWorkflowEnvironment;
  worker: Worker;
  database: Database;
  services: ExternalServices;
  taskQueue: string;
  /** A client that does not unlock time skipping while it waits. */
  plain: Client;
  running: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkflowEnv(): Promise<WorkflowTestEnv> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
  const database = connectDatabase(inject('databaseUrl'));
  const services = createExternalServices(loadConfig({}), () => 'http://127.0.0.1:9');
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: countInFlight(
      createActivities(activityDeps({ database, log: createLogger('warn'), payments: services.payments, postal: services.postal, centre: TEST_CENTRE })),
    ),
  });
  const running = worker.run();
  return {
    env,
    plain: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    worker,
    database,
    services,
    taskQueue,
    running,
    async stop() {
      worker.shutdown();
      await running;
      await database.close();
      await env.teardown();
    },
  };
}

/**
 * The workflow's result without unlocking time skipping: the test server's own `result()` lets the clock run
 * free while it waits, and once the workflow has finished the idle server jumps years ahead.
 * Tests move the clock explicitly with skipTo/pass instead.
 */
export async function finish(t: WorkflowTestEnv, h: WorkflowHandle): Promise<DossierView> {
  return (await t.plain.workflow.getHandle(h.workflowId).result()) as DossierView;
}

/**
 * Waits until no started dossier has an activity in flight. Skipping time while an activity runs (a PDF being
 * rendered on a loaded machine) would time the attempt out in server time and make the test depend on load.
 */
async function waitForIdleActivities(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const busy = async () => {
    if (inFlightActivities > 0) return true;
    for (const h of started) {
      const d = await h.describe().catch(() => null);
      if (d && d.status.name === 'RUNNING' && (d.raw.pendingActivities ?? []).length > 0) return true;
    }
    return false;
  };
  // Idle three times in a row, 100 ms apart: a workflow task that just ran may be about to schedule an activity.
  for (let quiet = 0; quiet < 3; ) {
    if (Date.now() > deadline) throw new Error('activities still running');
    quiet = (await busy()) ? 0 : quiet + 1;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Activities executing in this test worker right now. */
let inFlightActivities = 0;
function countInFlight<T extends Record<string, (...args: any[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        inFlightActivities++;
        try {
          return await fn(...args);
        } finally {
          inFlightActivities--;
        }
      },
    ]),
  ) as T;
}

/** Moves the test server's clock forward to `iso` (time only moves forward on this server). */
export async function skipTo(t: WorkflowTestEnv, iso: string): Promise<void> {
  await waitForIdleActivities();
  const now = await t.env.currentTimeMs();
  const target = Date.parse(iso);
  if (target < now) throw new Error(`cannot move the clock back to ${iso}`);
  if (target > now) await t.env.sleep(target - now);
}

/** Lets `ms` of server time pass (timers of running workflows fire meanwhile). */
export const pass = async (t: WorkflowTestEnv, ms: number) => {
  await waitForIdleActivities();
  await t.env.sleep(ms);
};
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const vnDate = (dayMs: number) => new Date(dayMs + 7 * HOUR).toISOString().slice(0, 10);

/**
 * A Monday at 08:00 Vietnam time after `afterMs`, starting a run of `workingDays` consecutive weekdays that are
 * all working days (so a test's dates do not depend on which holiday happens to be near).
 */
export function quietMonday(afterMs: number, workingDays = 15): string {
  let day = Date.parse(`${vnDate(afterMs + DAY)}T00:00:00+07:00`);
  for (;;) {
    const d = new Date(day + 7 * HOUR);
    if (d.getUTCDay() === 1) {
      let ok = true;
      for (let i = 0, cursor = day; i < workingDays; cursor += DAY) {
        const iso = vnDate(cursor);
        const weekday = new Date(cursor + 7 * HOUR).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        if (!defaultCalendar.isWorkingDay(iso)) {
          ok = false;
          break;
        }
        i++;
      }
      if (ok) return new Date(day + 8 * HOUR).toISOString(); // 08:00 +07:00
    }
    day += DAY;
  }
}

/** Vietnam wall-clock instant → UTC ISO, e.g. at('2027-03-01', '09:00'). */
export const vnInstant = (isoDate: string, hhmm: string) => new Date(`${isoDate}T${hhmm}:00+07:00`).toISOString();
/** The Vietnam date of an instant plus `days` calendar days. */
export const vnDay = (iso: string, days = 0) => vnDate(Date.parse(iso) + days * DAY);
/** Truncates to the minute, the precision the tests assert. */
export const minute = (iso: string | undefined) => (iso ? new Date(Date.parse(iso)).toISOString().slice(0, 16) : iso);

export const reception: Actor = { userId: 'tn01', name: 'Lê Thị Tiếp Nhận', roles: ['reception'], departments: ['MOT-CUA'] };
export const officerOf = (department: string, userId = `cb-${department.toLowerCase()}`): Actor => ({
  userId,
  roles: ['officer'],
  departments: [department],
});
export const headOf = (department: string): Actor => ({ userId: `ld-${department.toLowerCase()}`, roles: ['head'], departments: [department] });
export const supervisor: Actor = { userId: 'gs01', roles: ['supervisor'], departments: ['MOT-CUA'] };

let sequence = 0;
const started: WorkflowHandle[] = [];

/**
 * Terminates dossiers a test left running: their timers would otherwise make the shared server clock race ahead
 * the next time a test waits for a result.
 */
export async function terminateLeftovers(): Promise<void> {
  for (const h of started.splice(0)) {
    try {
      const d = await h.describe();
      if (d.status.name === 'RUNNING') await h.terminate('test finished');
    } catch {
      // already gone
    }
  }
}

export async function startDossier(
  t: WorkflowTestEnv,
  procedureCode: string,
  overrides: Partial<DossierInput> = {},
): Promise<WorkflowHandle> {
  sequence += 1;
  const code = `WF.TEST-${vnDay(new Date(await t.env.currentTimeMs()).toISOString()).replace(/-/g, '').slice(2)}-${String(sequence).padStart(4, '0')}${randomUUID().slice(0, 4)}`;
  const def = procedures.current(procedureCode, vnDay(new Date(await t.env.currentTimeMs()).toISOString()));
  if (!def) throw new Error(`no procedure ${procedureCode}`);
  const input: DossierInput = {
    code,
    procedureCode,
    procedureVersion: def.version,
    ...(def.fees.some((f) => f.kind === 'per-page') ? { feeFacts: { pages: 3 } } : {}),
    channel: 'counter',
    applicant: { fullName: 'Nguyễn Thị Hương', phone: '0912345678', email: 'huong@example.vn', address: 'Số 5 Hàng Bài', province: 'Hà Nội' },
    submittedPapers: [],
    receivedBy: reception,
    returnMethod: 'online',
    searchAttributes: false, // the time-skipping server has no custom search attributes
    ...overrides,
  };
  const h = await t.env.client.workflow.start('dossier', { workflowId: code, taskQueue: t.taskQueue, args: [input] });
  started.push(h);
  // The first workflow task hands the dossier to its first department; wait until the query shows it.
  await waitForView(h, (v) => v.status !== 'RECEIVED');
  return h;
}

/** Polls the dossier query until `ok` holds (the workflow's main loop runs after an update returns). */
export async function waitForView(h: WorkflowHandle, ok: (v: DossierView) => boolean, timeoutMs = 10_000): Promise<DossierView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await h.query(getDossierQuery);
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`dossier ${h.workflowId} stuck in ${v.status}`);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const view = (h: WorkflowHandle): Promise<DossierView> => h.query(getDossierQuery);

/** Writes the finished workflow's history under test/histories/ for the replay test (RECORD_HISTORIES=1). */
export async function maybeRecordHistory(h: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await h.fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), JSON.stringify(JSON.parse(historyToJSON(history)), null, 1));
}
